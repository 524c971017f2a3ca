import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { currentSession } from '../lib/session';
import { LoginForm } from './login-form';

export const metadata: Metadata = { title: 'Log in · imalert' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  // Already logged in: go on. A Redis outage just shows the form (the action reports it).
  const session = await currentSession().catch(() => null);
  if (session) redirect('/');
  return (
    <main className="login-page">
      <LoginForm next={typeof next === 'string' ? next : '/'} />
    </main>
  );
}

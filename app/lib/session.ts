import { cookies, headers } from 'next/headers';
import { forbidden, redirect } from 'next/navigation';
import { endSession, readSession, type Session } from '@/lib/auth';
import { clientAddressFrom } from '@/lib/auth/client-address';
import { sharedContext } from '@/lib/context';
import { roleAtLeast, type Role } from '@/lib/users/schema';

/**
 * The session of the current request, for pages, server actions and route handlers. Each of them
 * calls requireRole() (withRole() in route handlers) itself: the proxy only redirects cookie-less
 * page views as a convenience and is not the check.
 */
export const SESSION_COOKIE = 'imalert_session';

export async function currentSession(): Promise<Session | null> {
  const store = await cookies();
  return readSession(sharedContext(), store.get(SESSION_COOKIE)?.value);
}

/**
 * The session of a user with at least `role`: without one a redirect to /login, with a lower role a
 * 403 (the page's forbidden view; a server action answers 403 and runs no further).
 */
export async function requireRole(role: Role): Promise<Session> {
  const session = await currentSession();
  if (!session) redirect('/login');
  if (!roleAtLeast(session.user.role, role)) forbidden();
  return session;
}

/** Whether the browser reached us over https (directly or behind a proxy / Vercel). */
async function isHttps(): Promise<boolean> {
  const h = await headers();
  const proto = h.get('x-forwarded-proto')?.split(',')[0]?.trim();
  return proto === 'https';
}

export async function setSessionCookie(session: Session): Promise<void> {
  const store = await cookies();
  store.set(SESSION_COOKIE, session.id, {
    httpOnly: true,
    sameSite: 'lax',
    secure: await isHttps(),
    path: '/',
    expires: new Date(session.expiresAt),
  });
}

export async function clearSession(): Promise<void> {
  const store = await cookies();
  await endSession(sharedContext(), store.get(SESSION_COOKIE)?.value);
  store.delete(SESSION_COOKIE);
}

/** The client's address for the login rate limit (never a header a client can choose). */
export async function clientAddress(): Promise<string> {
  return clientAddressFrom(await headers(), sharedContext().config);
}

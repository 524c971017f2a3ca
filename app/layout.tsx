import type { Metadata, Viewport } from 'next';
import Link from 'next/link';
import { cookies } from 'next/headers';
import type { ReactNode } from 'react';
import { roleAtLeast } from '@/lib/users/schema';
import { currentSession, SESSION_COOKIE } from './lib/session';
import { Providers } from './providers';
import './globals.css';

export const metadata: Metadata = { title: 'imalert', description: 'Infrastructure monitoring with Slack alerts' };
export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Only decides whether to show the navigation; every page checks the session itself.
  const loggedIn = (await cookies()).has(SESSION_COOKIE);
  // Without Redis nobody's role is known: the links that need one are left out until it is back.
  const session = loggedIn ? await currentSession().catch(() => null) : null;
  const canEdit = session ? roleAtLeast(session.user.role, 'editor') : false;
  return (
    <html lang="en">
      <body>
        <a href="#main" className="skip-link">Skip to content</a>
        <header className="site-header">
          <Link href="/" className="brand">imalert</Link>
          {loggedIn && (
            <nav aria-label="Main">
              <ul>
                <li><Link href="/">Dashboard</Link></li>
                {canEdit && <li><Link href="/monitors/new">New monitor</Link></li>}
                <li><Link href="/maintenance">Maintenance</Link></li>
                <li><Link href="/settings">Settings</Link></li>
                <li><Link href="/api-docs">API</Link></li>
                <li><Link href="/alerts">Alerts</Link></li>
                {session && <li className="muted" data-testid="signed-in-as">{session.user.name} ({session.user.role})</li>}
                <li>
                  <form action="/logout" method="post">
                    <button type="submit" className="link-button">Log out</button>
                  </form>
                </li>
              </ul>
            </nav>
          )}
        </header>
        <div id="main" className="page">
          <Providers>{children}</Providers>
        </div>
      </body>
    </html>
  );
}

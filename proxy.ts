import { NextResponse, type NextRequest } from 'next/server';
import { refuseOversizedAction } from './app/lib/action-body-limit';

/**
 * Convenience only: a page request without a session cookie goes to /login. The real check is
 * requireSession() / withSession() in every page, server action and route handler.
 */
export function proxy(request: NextRequest) {
  const oversized = refuseOversizedAction(request);
  if (oversized) return oversized;
  if (request.nextUrl.pathname === '/login') return NextResponse.next();
  if (request.cookies.has('imalert_session')) return NextResponse.next();
  const login = new URL('/login', request.url);
  const path = request.nextUrl.pathname + request.nextUrl.search;
  if (path !== '/') login.searchParams.set('next', path);
  return NextResponse.redirect(login);
}

export const config = {
  // Pages only: API routes answer 401 themselves; static files, login and health stay open. The
  // login page's own action posts come through only for the body-size check.
  matcher: ['/((?!api/|_next/|login|logout|favicon.ico|robots.txt).*)', { source: '/login', has: [{ type: 'header', key: 'next-action' }] }],
};

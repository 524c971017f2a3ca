import { NextResponse, type NextRequest } from 'next/server';
import { refuseMalformedPath, refuseOversizedAction } from './app/lib/request-guards';

/**
 * Convenience only: a page request without a session cookie goes to /login. The real check is
 * requireSession() / withSession() in every page, server action and route handler.
 */
export function proxy(request: NextRequest) {
  const refused = refuseMalformedPath(request) ?? refuseOversizedAction(request);
  if (refused) return refused;
  const { pathname } = request.nextUrl;
  if (pathname === '/login' || pathname.startsWith('/api/')) return NextResponse.next();
  if (request.cookies.has('imalert_session')) return NextResponse.next();
  const login = new URL('/login', request.url);
  const path = pathname + request.nextUrl.search;
  if (path !== '/') login.searchParams.set('next', path);
  return NextResponse.redirect(login);
}

export const config = {
  // Pages get the login redirect; the login page and API routes (which answer 401 themselves) pass
  // only the request guards; static files and health stay out.
  matcher: ['/((?!api/|_next/|logout|favicon.ico|robots.txt).*)', '/api/((?!health$).*)'],
};

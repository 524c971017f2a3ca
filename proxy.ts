import { NextResponse, type NextRequest } from 'next/server';

/**
 * Convenience only: a page request without a session cookie goes to /login. The real check is
 * requireSession() / withSession() in every page, server action and route handler.
 */
export function proxy(request: NextRequest) {
  if (request.cookies.has('imalert_session')) return NextResponse.next();
  const login = new URL('/login', request.url);
  const path = request.nextUrl.pathname + request.nextUrl.search;
  if (path !== '/') login.searchParams.set('next', path);
  return NextResponse.redirect(login);
}

export const config = {
  // Pages only: API routes answer 401 themselves; static files, login and health stay open.
  matcher: ['/((?!api/|_next/|login|logout|favicon.ico|robots.txt).*)'],
};

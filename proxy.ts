import { NextResponse, type NextRequest } from 'next/server';
import { contentSecurityPolicy } from '@/lib/auth/content-security';
import { FOREIGN_ORIGIN_MESSAGE, isSameOrigin } from '@/lib/auth/same-origin';
import { refuseMalformedPath, refuseOversizedAction } from './app/lib/request-guards';

/** Paths that answer without a session themselves (API routes answer 401; login, logout and one-time links are open). */
const OPEN_PATHS = /^\/(?:api\/|login(?:\/|$)|logout(?:\/|$)|invite\/)/;

/**
 * Every request but static files: requests Next itself would answer with a 500 (a malformed path, an
 * oversized or foreign-origin server action) get a clear 4xx; every response gets a
 * Content-Security-Policy with a fresh nonce; as a convenience only, a page request without a session
 * cookie goes to /login. The real check is requireRole() / withRole() in every page, action and route.
 */
export function proxy(request: NextRequest) {
  const csp = contentSecurityPolicy(btoa(crypto.randomUUID()), process.env.NODE_ENV === 'development');
  const secured = (response: NextResponse) => {
    response.headers.set('Content-Security-Policy', csp);
    return response;
  };
  const refused = refuseMalformedPath(request) ?? refuseOversizedAction(request);
  if (refused) return secured(refused);
  if (request.method === 'POST' && request.headers.has('next-action') && !isSameOrigin(request.headers)) {
    return secured(new NextResponse(FOREIGN_ORIGIN_MESSAGE, { status: 403, headers: { 'Content-Type': 'text/plain; charset=utf-8' } }));
  }
  const path = request.nextUrl.pathname;
  if (!OPEN_PATHS.test(path) && !request.cookies.has('imalert_session')) {
    const login = new URL('/login', request.url);
    const wanted = path + request.nextUrl.search;
    if (wanted !== '/') login.searchParams.set('next', wanted);
    return secured(NextResponse.redirect(login));
  }
  // Next reads the nonce from the request's policy and puts it on the scripts it renders.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('Content-Security-Policy', csp);
  return secured(NextResponse.next({ request: { headers: requestHeaders } }));
}

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico|robots.txt).*)'],
};

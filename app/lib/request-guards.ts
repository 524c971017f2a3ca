import { NextResponse, type NextRequest } from 'next/server';

/**
 * Requests the proxy answers itself, because past it Next's own handling ends in a 500 before any
 * route, page or action of ours runs.
 */

/** Next's own limit on a server action's body (experimental.serverActions.bodySizeLimit, left at its default). */
export const ACTION_BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * A page POST (a server action, with or without JavaScript) whose declared body is over the limit:
 * 413. Browsers always declare a form post's length.
 */
export function refuseOversizedAction(request: NextRequest): NextResponse | null {
  if (request.method !== 'POST' || request.nextUrl.pathname.startsWith('/api/')) return null;
  if (Number(request.headers.get('content-length') ?? 0) <= ACTION_BODY_LIMIT_BYTES) return null;
  return new NextResponse(`The form is over ${ACTION_BODY_LIMIT_BYTES / 1024 / 1024} MB; nothing was sent on.`, { status: 413, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

/** A path with a malformed %-escape (`/api/monitors/%E0%A4%A`): 400, as JSON under /api. */
export function refuseMalformedPath(request: NextRequest): NextResponse | null {
  const { pathname } = request.nextUrl;
  try {
    decodeURIComponent(pathname);
    return null;
  } catch {
    const message = 'The address holds a malformed %-escape.';
    if (pathname.startsWith('/api/')) return NextResponse.json({ error: message }, { status: 400 });
    return new NextResponse(message, { status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  }
}

import { NextResponse, type NextRequest } from 'next/server';

/** Next's own limit on a server action's body (experimental.serverActions.bodySizeLimit, left at its default). */
export const ACTION_BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * A server action whose declared body is over the limit is answered 413 here: past it, Next itself
 * fails the action with a 500. Browsers always declare the length of a form post.
 */
export function refuseOversizedAction(request: NextRequest): NextResponse | null {
  if (request.method !== 'POST' || !request.headers.has('next-action')) return null;
  if (Number(request.headers.get('content-length') ?? 0) <= ACTION_BODY_LIMIT_BYTES) return null;
  return new NextResponse(`The form is over ${ACTION_BODY_LIMIT_BYTES / 1024 / 1024} MB; nothing was sent on.`, { status: 413, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

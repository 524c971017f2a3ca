import { FOREIGN_ORIGIN_MESSAGE, isSameOrigin } from '@/lib/auth/same-origin';
import { clearSession } from '../lib/session';

/** POST only, from our own pages only: a link, an image or a form elsewhere cannot log anyone out. */
export async function POST(request: Request): Promise<Response> {
  if (!isSameOrigin(request.headers)) {
    return new Response(FOREIGN_ORIGIN_MESSAGE, { status: 403, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  }
  await clearSession().catch(() => undefined);
  // A relative Location keeps the host the browser used (behind a proxy, request.url may differ).
  return new Response(null, { status: 303, headers: { Location: '/login' } });
}

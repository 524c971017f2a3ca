import { clearSession } from '../lib/session';

/** POST only: a link or an image elsewhere cannot log anyone out. */
export async function POST(): Promise<Response> {
  await clearSession().catch(() => undefined);
  // A relative Location keeps the host the browser used (behind a proxy, request.url may differ).
  return new Response(null, { status: 303, headers: { Location: '/login' } });
}

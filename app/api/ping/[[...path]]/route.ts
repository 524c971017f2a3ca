import { NextResponse } from 'next/server';
import { clientAddressFrom } from '@/lib/auth/client-address';
import { sharedContext } from '@/lib/context';
import { receivePing, type PingEvent } from '@/lib/pings';
import { errorJson, errorResponse } from '../../../lib/api';

export const dynamic = 'force-dynamic';

/** The ping URL, and its /start and /fail. */
const EVENTS: Record<string, PingEvent> = { '': 'success', start: 'start', fail: 'fail' };

/** One answer for every URL that is not a live ping URL: it never says whether a token existed. */
const NO_SUCH_URL = 'No such ping URL. Copy it again from the monitor page (a rotated URL stops working at once).';

/**
 * GET, POST or HEAD /api/ping/<token>[/start|/fail], from a Did It Run's job: no session, the token is
 * the credential. Limited per token and per client address; errors name no token (nothing logs the URL).
 */
async function ping(request: Request, { params }: { params: Promise<{ path?: string[] }> }): Promise<Response> {
  const [token = '', eventName = '', ...rest] = (await params).path ?? [];
  const event = rest.length === 0 && Object.hasOwn(EVENTS, eventName) ? EVENTS[eventName] : undefined;
  if (!event) return errorJson(404, NO_SUCH_URL);
  try {
    const ctx = sharedContext();
    const reply = await receivePing(ctx, token, event, clientAddressFrom(request.headers, ctx.config));
    if (reply.outcome === 'unknown') return errorJson(404, NO_SUCH_URL);
    if (reply.outcome === 'limited') {
      const seconds = Math.max(1, Math.ceil(reply.retryAfterMs / 1000));
      const response = errorJson(429, `Too many pings; try again in ${seconds} s.`);
      response.headers.set('Retry-After', String(seconds));
      return response;
    }
    return NextResponse.json({ ok: true, event: reply.event }, { headers: { 'Cache-Control': 'no-store' } });
  } catch (error) {
    return errorResponse(error);
  }
}

export const GET = ping;
export const POST = ping;
export const HEAD = ping;

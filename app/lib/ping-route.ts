import { NextResponse } from 'next/server';
import { clientAddressFrom } from '@/lib/auth/client-address';
import { sharedContext } from '@/lib/context';
import { receivePing, type PingEvent } from '@/lib/pings';
import { errorJson, errorResponse } from './api';

/** One answer for every URL that is not a live ping URL: it never says whether a token existed. */
export const NO_SUCH_PING_URL = 'No such ping URL. Copy it again from the monitor page (a rotated URL stops working at once).';

type TokenParams = { params: Promise<{ token: string }> };

/**
 * The handler of /api/ping/<token> (a success), /start and /fail, from a Did It Run's job: no session,
 * the token is the credential. Limited per token and per client address; no answer or log names the token.
 */
export function pingHandler(event: PingEvent) {
  return async (request: Request, { params }: TokenParams): Promise<Response> => {
    try {
      const ctx = sharedContext();
      const reply = await receivePing(ctx, (await params).token, event, clientAddressFrom(request.headers, ctx.config));
      if (reply.outcome === 'unknown') return errorJson(404, NO_SUCH_PING_URL);
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
  };
}

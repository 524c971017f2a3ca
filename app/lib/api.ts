import { NextResponse } from 'next/server';
import type { Session } from '@/lib/auth';
import { sharedContext } from '@/lib/context';
import { GENERIC_ERROR_MESSAGE, isRedisUnavailable, isUserError, REDIS_UNAVAILABLE_MESSAGE, type UserErrorReason } from '@/lib/errors';
import { createLogger } from '@/lib/log';
import { metricsTokenAccepted } from '@/lib/metrics/access';
import { isRedisOutOfMemory } from '@/lib/redis';
import { isApiRefusal, refuseCrossSite } from './api-request';
import { currentSession, SESSION_COOKIE } from './session';

export { readJsonBody } from './api-request';
export { isRedisUnavailable } from '@/lib/errors';

const log = createLogger({ component: 'ui-api' });

/** Every API error has this shape: `error` is written for a person, `fieldErrors` names bad fields. */
export function errorJson(status: number, error: string, extra: { fieldErrors?: Record<string, string[]>; redisDown?: true; redisOutOfMemory?: true } = {}): NextResponse {
  return NextResponse.json({ error, ...extra }, { status, headers: { 'Cache-Control': 'no-store' } });
}

const USER_ERROR_STATUS: Record<UserErrorReason, number> = { invalid: 400, conflict: 409, 'not-found': 404 };

export function errorResponse(error: unknown): NextResponse {
  if (isUserError(error)) return errorJson(USER_ERROR_STATUS[error.reason] ?? 400, error.message, { fieldErrors: error.fieldErrors });
  if (isApiRefusal(error)) return errorJson(error.status, error.message);
  if (isRedisUnavailable(error)) return errorJson(503, REDIS_UNAVAILABLE_MESSAGE, { redisDown: true });
  if (isRedisOutOfMemory(error)) return errorJson(503, 'Redis is out of memory; nothing was saved.', { redisOutOfMemory: true });
  log.error('api request failed', { error });
  return errorJson(500, GENERIC_ERROR_MESSAGE);
}

/**
 * How a request proved who it is. Only a cookie is ambient (a browser sends it on another site's
 * behalf), so only a cookie request needs the same-origin check; a bearer token would not.
 */
interface Caller {
  session: Session;
  via: 'cookie';
}

async function authenticate(request: Request): Promise<Caller | null> {
  if (!request.headers.get('cookie')?.includes(`${SESSION_COOKIE}=`)) return null;
  refuseCrossSite(request);
  const session = await currentSession();
  return session ? { session, via: 'cookie' } : null;
}

/**
 * Wraps a route handler: refuses a request without a valid session (401) or a cookie request another
 * site made (403), and answers every failure as `{ error, fieldErrors? }` with its status.
 */
export function withSession<A extends unknown[]>(handler: (request: Request, ...rest: A) => Promise<Response>) {
  return async (request: Request, ...rest: A): Promise<Response> => {
    try {
      if (!(await authenticate(request))) return errorJson(401, 'Log in first.');
      return await handler(request, ...rest);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/**
 * Who may read /api/metrics: a logged-in session, or a scraper sending METRICS_TOKEN as a bearer
 * token. The one place that decides it (API tokens will be accepted here too).
 */
async function mayReadMetrics(request: Request): Promise<boolean> {
  if (metricsTokenAccepted(request.headers.get('authorization'), sharedContext().config.METRICS_TOKEN)) return true;
  return (await authenticate(request)) !== null;
}

/** Wraps the metrics route: 401 without a session or the metrics token; failures answered as JSON errors. */
export function withMetricsAccess(handler: (request: Request) => Promise<Response>) {
  return async (request: Request): Promise<Response> => {
    try {
      if (!(await mayReadMetrics(request))) return errorJson(401, 'Log in first, or send Authorization: Bearer <METRICS_TOKEN>.');
      return await handler(request);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

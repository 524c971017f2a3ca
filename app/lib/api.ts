import { NextResponse } from 'next/server';
import type { SessionUser } from '@/lib/auth';
import { sharedContext } from '@/lib/context';
import { GENERIC_ERROR_MESSAGE, isRedisUnavailable, isUserError, REDIS_UNAVAILABLE_MESSAGE, type UserErrorReason } from '@/lib/errors';
import { createLogger } from '@/lib/log';
import { metricsTokenAccepted } from '@/lib/metrics/access';
import { isRedisOutOfMemory } from '@/lib/redis';
import { authenticateToken } from '@/lib/tokens';
import { roleAtLeast, type Role } from '@/lib/users/schema';
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
 * behalf), so only a cookie request needs the same-origin check; a bearer token cannot be sent by
 * another site's page without our consent, so it needs no cookie and no Origin check.
 */
export interface Caller {
  user: SessionUser;
  via: 'cookie' | 'token';
  tokenId?: string;
}

export const BAD_TOKEN_MESSAGE = 'The API token is invalid, expired or revoked.';
const NO_CREDENTIALS_MESSAGE = 'Log in first, or send an API token (Authorization: Bearer imalert_…).';

const callers = new WeakMap<Request, Caller>();

/** The caller withRole() let through, for a handler that records or scopes by who asked. */
export function callerOf(request: Request): Caller {
  const caller = callers.get(request);
  if (!caller) throw new Error('callerOf() outside withRole()');
  return caller;
}

async function authenticate(request: Request): Promise<Caller | 'bad token' | null> {
  const authorization = request.headers.get('authorization');
  if (authorization !== null) {
    const [scheme, presented = ''] = authorization.trim().split(/\s+/, 2);
    if (scheme.toLowerCase() !== 'bearer') return 'bad token';
    const found = await authenticateToken(sharedContext(), presented);
    return found ? { user: { id: found.userId, name: found.userName, role: found.role }, via: 'token', tokenId: found.tokenId } : 'bad token';
  }
  if (!request.headers.get('cookie')?.includes(`${SESSION_COOKIE}=`)) return null;
  refuseCrossSite(request);
  const session = await currentSession();
  return session ? { user: session.user, via: 'cookie' } : null;
}

/**
 * Wraps a route handler: refuses a request without a valid session or token (401), a cookie request
 * another site made (403) and a caller whose role is below `role` (403), and answers every failure as
 * `{ error, fieldErrors? }` with its status.
 */
export function withRole<A extends unknown[]>(role: Role, handler: (request: Request, ...rest: A) => Promise<Response>) {
  return async (request: Request, ...rest: A): Promise<Response> => {
    try {
      const caller = await authenticate(request);
      if (caller === 'bad token') return errorJson(401, BAD_TOKEN_MESSAGE);
      if (!caller) return errorJson(401, NO_CREDENTIALS_MESSAGE);
      if (!roleAtLeast(caller.user.role, role)) {
        return errorJson(403, `This needs the ${role} role; ${caller.via === 'token' ? 'this token acts as' : 'you are'} ${caller.user.role}. Nothing was changed.`);
      }
      callers.set(request, caller);
      return await handler(request, ...rest);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** Who may read /api/metrics: a logged-in session, an API token, or a scraper sending METRICS_TOKEN. */
async function mayReadMetrics(request: Request): Promise<boolean> {
  if (metricsTokenAccepted(request.headers.get('authorization'), sharedContext().config.METRICS_TOKEN)) return true;
  const caller = await authenticate(request);
  return caller !== null && caller !== 'bad token';
}

/** Wraps the metrics route: 401 without a session or the metrics token; failures answered as JSON errors. */
export function withMetricsAccess(handler: (request: Request) => Promise<Response>) {
  return async (request: Request): Promise<Response> => {
    try {
      if (!(await mayReadMetrics(request))) return errorJson(401, 'Log in first, or send an API token or METRICS_TOKEN (Authorization: Bearer …).');
      return await handler(request);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

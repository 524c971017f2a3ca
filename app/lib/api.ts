import { NextResponse } from 'next/server';
import { GENERIC_ERROR_MESSAGE, isUserError, UserError } from '@/lib/errors';
import { createLogger } from '@/lib/log';
import { isRedisOutOfMemory } from '@/lib/redis';
import { currentSession } from './session';

const log = createLogger({ component: 'ui-api' });

/** A Redis connection problem: answered with 503 so the dashboard can say "Redis is not reachable". */
export function isRedisUnavailable(error: unknown): boolean {
  const text = `${(error as Error)?.name ?? ''} ${(error as Error)?.message ?? ''}`;
  return /ECONNREFUSED|ECONNRESET|ETIMEDOUT|Connection is closed|Command timed out|MaxRetriesPerRequest|Stream isn't writeable|ENOTFOUND|EHOSTUNREACH/i.test(text);
}

export function errorResponse(error: unknown): NextResponse {
  if (isUserError(error)) return NextResponse.json({ error: error.message, fieldErrors: error.fieldErrors }, { status: 400 });
  if (isRedisUnavailable(error)) return NextResponse.json({ error: 'Redis is not reachable.', redisDown: true }, { status: 503 });
  if (isRedisOutOfMemory(error)) return NextResponse.json({ error: 'Redis is out of memory; nothing was saved.', redisOutOfMemory: true }, { status: 503 });
  log.error('api request failed', { error });
  return NextResponse.json({ error: GENERIC_ERROR_MESSAGE }, { status: 500 });
}

/**
 * Wraps a route handler: refuses a request without a valid session (401), turns a UserError into
 * 400 {error, fieldErrors} and anything else into a logged 500 with a generic message.
 */
export function withSession<A extends unknown[]>(handler: (request: Request, ...rest: A) => Promise<Response>) {
  return async (request: Request, ...rest: A): Promise<Response> => {
    try {
      const session = await currentSession();
      if (!session) return NextResponse.json({ error: 'Log in first.' }, { status: 401 });
      return await handler(request, ...rest);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** The JSON body of a request; a missing or malformed body is the caller's mistake (400). */
export async function readJsonBody(request: Request): Promise<unknown> {
  if (!request.headers.get('content-type')?.toLowerCase().includes('application/json')) {
    throw new UserError('Send the monitor as JSON (Content-Type: application/json).');
  }
  try {
    return await request.json();
  } catch {
    throw new UserError('The request body is not valid JSON.');
  }
}

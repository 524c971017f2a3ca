import type { AppContext } from '../context';

/**
 * Failed logins per client address, counted in Redis in a fixed window that starts at the first
 * attempt: after MAX_FAILURES the address waits until the window ends, whatever it sends.
 */
export const MAX_FAILURES = 5;
export const WINDOW_MS = 15 * 60_000;

type LimitContext = Pick<AppContext, 'redis' | 'keys'>;

/** Milliseconds this client must still wait, or 0 when it may try. */
export async function loginBlockedFor(ctx: LimitContext, client: string): Promise<number> {
  const key = ctx.keys.loginFailures(client);
  const [count, ttl] = await Promise.all([ctx.redis.get(key), ctx.redis.pttl(key)]);
  if (Number(count ?? 0) < MAX_FAILURES) return 0;
  return ttl > 0 ? ttl : WINDOW_MS;
}

/** Counts an attempt (cleared again when it succeeds); the window starts at the first one. */
export async function recordLoginAttempt(ctx: LimitContext, client: string): Promise<number> {
  const key = ctx.keys.loginFailures(client);
  const [[, count]] = (await ctx.redis.multi().incr(key).pexpire(key, WINDOW_MS, 'NX').exec()) as [[null, number], unknown];
  return count;
}

export async function clearLoginFailures(ctx: LimitContext, client: string): Promise<void> {
  await ctx.redis.del(ctx.keys.loginFailures(client));
}

export function tooManyAttemptsMessage(waitMs: number): string {
  const minutes = Math.max(1, Math.ceil(waitMs / 60_000));
  return `Too many attempts, try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
}

import type { AppContext } from '../context';

/**
 * Failed logins per client address, counted in Redis in a fixed window that starts at the first
 * attempt: after MAX_FAILURES the address waits until the window ends, whatever it sends.
 */
export const MAX_FAILURES = 5;
export const WINDOW_MS = 15 * 60_000;
/**
 * Failed logins from all addresses together per window: past it, an address that has failed before in
 * its window gets no further try (one guess per address instead of five), while an address that has not
 * failed still gets its try, so such a flood cannot lock the admin out.
 */
export const MAX_FAILURES_EVERYWHERE = 100;

type LimitContext = Pick<AppContext, 'redis' | 'keys'>;

/** A count in a fixed window that starts at its first increment: how long is left once it reached `max`. */
async function waitFor(ctx: LimitContext, key: string, max: number): Promise<number> {
  const [count, ttl] = await Promise.all([ctx.redis.get(key), ctx.redis.pttl(key)]);
  if (Number(count ?? 0) < max) return 0;
  return ttl > 0 ? ttl : WINDOW_MS;
}

/** Counts one more in a fixed window that starts at the first count (logins here, pings in lib/pings). */
export async function countInWindow(ctx: LimitContext, key: string, windowMs = WINDOW_MS): Promise<number> {
  const [[, count]] = (await ctx.redis.multi().incr(key).pexpire(key, windowMs, 'NX').exec()) as [[null, number], unknown];
  return count;
}

/** How long the window of a count has left (ms), or `windowMs` when it has no end (it always has one). */
export async function windowLeftMs(ctx: LimitContext, key: string, windowMs = WINDOW_MS): Promise<number> {
  const ttl = await ctx.redis.pttl(key);
  return ttl > 0 ? ttl : windowMs;
}

/** Milliseconds this client must still wait, or 0 when it may try. */
export function loginBlockedFor(ctx: LimitContext, client: string): Promise<number> {
  return waitFor(ctx, ctx.keys.loginFailures(client), MAX_FAILURES);
}

/** Counts an attempt (cleared again when it succeeds); the window starts at the first one. */
export function recordLoginAttempt(ctx: LimitContext, client: string): Promise<number> {
  return countInWindow(ctx, ctx.keys.loginFailures(client));
}

export async function clearLoginFailures(ctx: LimitContext, client: string): Promise<void> {
  await ctx.redis.del(ctx.keys.loginFailures(client));
}

/** Milliseconds everyone must still wait after too many failures from all addresses, or 0. */
export function loginBlockedEverywhereFor(ctx: LimitContext): Promise<number> {
  return waitFor(ctx, ctx.keys.loginFailuresEverywhere, MAX_FAILURES_EVERYWHERE);
}

/** Counts a failed login towards the all-addresses backstop (not cleared by a success). */
export async function recordFailureEverywhere(ctx: LimitContext): Promise<void> {
  await countInWindow(ctx, ctx.keys.loginFailuresEverywhere);
}

export function tooManyAttemptsMessage(waitMs: number, what = 'Too many attempts'): string {
  const minutes = Math.max(1, Math.ceil(waitMs / 60_000));
  return `${what}, try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
}

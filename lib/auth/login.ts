import type { AppContext } from '../context';
import { UserError } from '../errors';
import { equalsConstantTime, verifyPassword } from './password';
import {
  clearLoginFailures, loginBlockedEverywhereFor, loginBlockedFor, recordFailureEverywhere, recordLoginAttempt, tooManyAttemptsMessage, MAX_FAILURES,
} from './rate-limit';
import { createSession, type Session } from './sessions';

type AuthContext = Pick<AppContext, 'redis' | 'keys' | 'config'>;

/** Whether `password` is the admin password: the one from the environment wins over the stored hash. */
export async function checkAdminPassword(ctx: AuthContext, password: string): Promise<boolean> {
  const fromEnv = ctx.config.IMALERT_ADMIN_PASSWORD;
  if (fromEnv) return equalsConstantTime(password, fromEnv);
  const stored = await ctx.redis.get(ctx.keys.adminPassword);
  if (!stored) return false;
  return verifyPassword(password, stored);
}

/**
 * Logs in with the admin password from `client` (its address). Throws a UserError for a wrong
 * password or too many failures. The attempt is counted before the password is checked, so a burst
 * of parallel guesses cannot all pass the limit while the first ones are still being checked.
 */
export async function login(ctx: AuthContext, password: string, client: string): Promise<Session> {
  const attempts = await recordLoginAttempt(ctx, client);
  if (attempts > MAX_FAILURES) throw new UserError(tooManyAttemptsMessage(await loginBlockedFor(ctx, client)));
  // Under a flood from many addresses, only addresses that already failed in this window wait: a clean
  // one keeps its first try, so nobody can lock the admin out by failing from elsewhere.
  const everywhere = attempts > 1 ? await loginBlockedEverywhereFor(ctx) : 0;
  if (everywhere > 0) throw new UserError(tooManyAttemptsMessage(everywhere, 'Too many failed logins from all addresses'));
  if (!password || !(await checkAdminPassword(ctx, password))) {
    await recordFailureEverywhere(ctx);
    if (attempts >= MAX_FAILURES) throw new UserError(tooManyAttemptsMessage(await loginBlockedFor(ctx, client)));
    throw new UserError('Wrong password.', { password: ['Wrong password'] });
  }
  await clearLoginFailures(ctx, client);
  return createSession(ctx);
}

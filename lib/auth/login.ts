import type { AppContext } from '../context';
import { UserError } from '../errors';
import { recordAudit } from '../audit/audit';
import { ensureFirstAdmin, FIRST_ADMIN } from '../users/bootstrap';
import type { StoredUser } from '../users/schema';
import { findUserByName } from '../users/users';
import { equalsConstantTime, hashPassword, verifyPassword } from './password';
import {
  clearLoginFailures, loginBlockedEverywhereFor, loginBlockedFor, recordFailureEverywhere, recordLoginAttempt, tooManyAttemptsMessage, MAX_FAILURES,
} from './rate-limit';
import { createSession, type Session } from './sessions';

type AuthContext = Pick<AppContext, 'redis' | 'keys' | 'config'>;

/** Checked against when no user has the name, so a wrong name takes as long as a wrong password. */
let decoyHash: Promise<string> | undefined;

/**
 * Whether `password` is the user's: for the first admin, IMALERT_ADMIN_PASSWORD wins over the stored
 * hash while it is set. An invited user who has not set a password, or a disabled one, never matches.
 */
export async function checkPassword(ctx: AuthContext, user: StoredUser | undefined, password: string): Promise<boolean> {
  if (!user || user.disabled || !user.passwordHash) {
    await verifyPassword(password, await (decoyHash ??= hashPassword('decoy password')));
    return false;
  }
  const fromEnv = ctx.config.IMALERT_ADMIN_PASSWORD;
  if (fromEnv && user.name === FIRST_ADMIN) return equalsConstantTime(password, fromEnv);
  return verifyPassword(password, user.passwordHash);
}

/** The user of a name, making the first admin on a fresh installation whose UI runs alone (Vercel). */
async function userNamed(ctx: AuthContext, name: string): Promise<StoredUser | undefined> {
  const user = await findUserByName(ctx, name);
  if (user || name.trim().toLowerCase() !== FIRST_ADMIN) return user;
  await ensureFirstAdmin(ctx, { generate: false });
  return findUserByName(ctx, name);
}

/**
 * Logs in with a user name and password from `client` (its address). Throws a UserError for a wrong
 * name or password or too many failures. The attempt is counted before the password is checked, so a
 * burst of parallel guesses cannot all pass the limit while the first ones are still being checked.
 */
export async function login(ctx: AuthContext, name: string, password: string, client: string): Promise<Session> {
  const attempts = await recordLoginAttempt(ctx, client);
  if (attempts > MAX_FAILURES) throw new UserError(tooManyAttemptsMessage(await loginBlockedFor(ctx, client)));
  // Under a flood from many addresses, only addresses that already failed in this window wait: a clean
  // one keeps its first try, so nobody can lock the admin out by failing from elsewhere.
  const everywhere = attempts > 1 ? await loginBlockedEverywhereFor(ctx) : 0;
  if (everywhere > 0) throw new UserError(tooManyAttemptsMessage(everywhere, 'Too many failed logins from all addresses'));
  const user = await userNamed(ctx, name);
  if (!password || !(await checkPassword(ctx, user, password))) {
    await recordFailureEverywhere(ctx);
    // The name is kept only when it is a user's: a password typed into the name field is not logged.
    await recordAudit(ctx, { actor: user?.name ?? '(unknown)', actorId: user?.id, action: 'login.failed', via: 'web', client });
    if (attempts >= MAX_FAILURES) throw new UserError(tooManyAttemptsMessage(await loginBlockedFor(ctx, client)));
    throw new UserError('Wrong user name or password.', { password: ['Wrong user name or password'] });
  }
  await clearLoginFailures(ctx, client);
  const session = await createSession(ctx, user!);
  await recordAudit(ctx, { actor: user!.name, actorId: user!.id, action: 'login', via: 'web', client });
  return { ...session, user: { id: user!.id, name: user!.name, role: user!.role } };
}

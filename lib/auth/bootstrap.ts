import type { AppContext } from '../context';
import { UserError } from '../errors';
import { generatePassword, hashPassword, MIN_PASSWORD_LENGTH } from './password';
import { endAllSessions } from './sessions';

type AuthContext = Pick<AppContext, 'redis' | 'keys' | 'config'>;

/**
 * First start: when no admin password is configured (IMALERT_ADMIN_PASSWORD) or stored, generate
 * one, store only its hash and return it, so the launcher prints it once. Returns undefined otherwise.
 * SET NX: two launchers starting together cannot both "win" and print different passwords.
 */
export async function ensureAdminPassword(ctx: AuthContext): Promise<string | undefined> {
  if (ctx.config.IMALERT_ADMIN_PASSWORD) return undefined;
  if (await ctx.redis.exists(ctx.keys.adminPassword)) return undefined;
  const password = generatePassword();
  const stored = await ctx.redis.set(ctx.keys.adminPassword, await hashPassword(password), 'NX');
  return stored === 'OK' ? password : undefined;
}

/** Stores a new admin password (its hash) and ends every session. */
export async function setAdminPassword(ctx: AuthContext, password: string): Promise<void> {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new UserError(`The password must be at least ${MIN_PASSWORD_LENGTH} characters.`, { password: [`At least ${MIN_PASSWORD_LENGTH} characters`] });
  }
  await ctx.redis.set(ctx.keys.adminPassword, await hashPassword(password));
  await endAllSessions(ctx);
}

import { UserError } from '../errors';
import { generatePassword, hashPassword, MIN_PASSWORD_LENGTH } from '../auth/password';
import { countUsers, createUser, findUserByName, storePasswordHash, type UsersContext } from './users';

/** The first admin's name: the one user `npm start` creates. */
export const FIRST_ADMIN = 'admin';

/**
 * The first admin, made once when no user exists: with the password of IMALERT_ADMIN_PASSWORD, the
 * admin password stored before there were users, or (with `generate`) a new one, returned to be
 * printed once. Only its hash is stored; the script refuses when a user appeared meanwhile, so two
 * launchers starting together cannot both print a password.
 */
export async function ensureFirstAdmin(ctx: UsersContext, { generate }: { generate: boolean }): Promise<string | undefined> {
  if ((await countUsers(ctx)) > 0) return undefined;
  const earlier = await ctx.redis.get(ctx.keys.adminPassword);
  const fromEnv = ctx.config.IMALERT_ADMIN_PASSWORD;
  const generated = !earlier && !fromEnv && generate ? generatePassword() : undefined;
  const password = fromEnv ?? generated;
  if (!earlier && !password) return undefined;
  const created = await createUser(ctx, { name: FIRST_ADMIN, role: 'admin', passwordHash: earlier ?? (await hashPassword(password!)), createdBy: 'first start', onlyFirst: true });
  return created ? generated : undefined;
}

/**
 * `npm run reset-password -- <user>`: a new password for that user, ending their sessions. For
 * "admin" on an installation without users, this makes the first admin.
 */
export async function resetPassword(ctx: UsersContext, name: string, password: string): Promise<void> {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new UserError(`The password must be at least ${MIN_PASSWORD_LENGTH} characters.`, { password: [`At least ${MIN_PASSWORD_LENGTH} characters`] });
  }
  const passwordHash = await hashPassword(password);
  const user = await findUserByName(ctx, name);
  if (user) return storePasswordHash(ctx, user.id, passwordHash);
  if (name.trim().toLowerCase() === FIRST_ADMIN && (await createUser(ctx, { name: FIRST_ADMIN, role: 'admin', passwordHash, createdBy: 'reset-password', onlyFirst: true }))) return;
  throw new UserError('No user has this name; nothing was changed.', {}, 'not-found');
}

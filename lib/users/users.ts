import { randomBytes } from 'node:crypto';
import type { AppContext } from '../context';
import { UserError } from '../errors';
import { parseField } from '../alerts/channel-schema';
import { parseStoredUser, roleSchema, toUserView, userNameSchema, type StoredUser, type UserView } from './schema';
import type { UserChangeOutcome } from './lua';

/**
 * Users in Redis: a hash per user, a listing, a unique-name index and the set of active admins that
 * the scripts keep, so the last admin can never be demoted, disabled or deleted, even by two admins at once.
 */
export type UsersContext = Pick<AppContext, 'redis' | 'keys' | 'config'>;

const USER_ID = /^u[0-9a-f]{10}$/;

export const newUserId = () => `u${randomBytes(5).toString('hex')}`;

export async function getUser(ctx: UsersContext, id: string): Promise<StoredUser | undefined> {
  if (!USER_ID.test(id)) return undefined;
  const hash = await ctx.redis.hgetall(ctx.keys.user(id));
  return hash.id ? parseStoredUser(hash) : undefined;
}

/** The user with this name (case-insensitive), or undefined, also for a name no user could have. */
export async function findUserByName(ctx: UsersContext, name: unknown): Promise<StoredUser | undefined> {
  const parsed = userNameSchema.safeParse(name);
  if (!parsed.success) return undefined;
  const id = await ctx.redis.hget(ctx.keys.userNames, parsed.data);
  return id ? getUser(ctx, id) : undefined;
}

export async function listUsers(ctx: UsersContext): Promise<UserView[]> {
  const ids = await ctx.redis.zrange(ctx.keys.users, 0, -1);
  const pipeline = ctx.redis.pipeline();
  for (const id of ids) pipeline.hgetall(ctx.keys.user(id));
  const hashes = ids.length ? ((await pipeline.exec()) ?? []) : [];
  const now = Date.now();
  return hashes.map(([, hash]) => hash as Record<string, string>).filter((hash) => hash?.id).map((hash) => toUserView(parseStoredUser(hash), now));
}

export async function countUsers(ctx: UsersContext): Promise<number> {
  return ctx.redis.zcard(ctx.keys.users);
}

/** Creates a user; without a password hash the user is invited and sets it through a link. */
export async function createUser(
  ctx: UsersContext,
  input: { name: unknown; role: unknown; passwordHash?: string; createdBy: string; onlyFirst?: boolean },
): Promise<StoredUser | undefined> {
  const name = parseField(userNameSchema, 'name', input.name);
  const role = parseField(roleSchema, 'role', input.role);
  const id = newUserId();
  const k = ctx.keys;
  const outcome = await ctx.redis.imalertCreateUser(
    k.user(id), k.users, k.userNames, k.activeAdmins,
    id, name, role, input.passwordHash ?? '', Date.now(), input.createdBy, input.onlyFirst ? '1' : '0',
  );
  if (outcome === 'NOT_FIRST') return undefined;
  if (outcome === 'TAKEN') throw new UserError(`There is already a user named “${name}”.`, { name: ['This name is taken'] }, 'conflict');
  return getUser(ctx, id);
}

const noSuchUser = () => new UserError('No user with this id.', {}, 'not-found');

/** An id no user can have is refused before it becomes part of a key. */
function requireUserId(id: string): void {
  if (!USER_ID.test(id)) throw noSuchUser();
}

function check(outcome: UserChangeOutcome, what: string): void {
  if (outcome === 'MISSING') throw noSuchUser();
  if (outcome === 'LAST_ADMIN') throw new UserError(`This is the last admin: it cannot be ${what}. Make another user an admin first.`, {}, 'conflict');
}

export async function changeRole(ctx: UsersContext, id: string, role: unknown): Promise<UserView> {
  const clean = parseField(roleSchema, 'role', role);
  requireUserId(id);
  check(await ctx.redis.imalertSetUserRole(ctx.keys.user(id), ctx.keys.activeAdmins, id, clean), 'demoted');
  return toUserView((await getUser(ctx, id))!);
}

/** Disabling ends the user's sessions, tokens and open invite at once; enabling lets them log in again. */
export async function setUserDisabled(ctx: UsersContext, id: string, disabled: boolean): Promise<UserView> {
  requireUserId(id);
  const k = ctx.keys;
  check(
    await ctx.redis.imalertSetUserDisabled(k.user(id), k.activeAdmins, k.userTokens(id), k.tokenHashes, k.tokens, id, disabled ? '1' : '0', k.token(''), k.invite('')),
    'disabled',
  );
  return toUserView((await getUser(ctx, id))!);
}

/** Deletes a user with their tokens; their sessions stop working at once. */
export async function deleteUser(ctx: UsersContext, id: string): Promise<void> {
  requireUserId(id);
  const k = ctx.keys;
  check(
    await ctx.redis.imalertDeleteUser(k.user(id), k.users, k.userNames, k.activeAdmins, k.userTokens(id), k.tokenHashes, k.tokens, id, k.token(''), k.invite('')),
    'deleted',
  );
}

/** Stores a new password hash and ends the user's sessions. */
export async function storePasswordHash(ctx: UsersContext, id: string, passwordHash: string): Promise<void> {
  check(await ctx.redis.imalertSetUserPassword(ctx.keys.user(id), ctx.keys.activeAdmins, id, passwordHash), '');
}


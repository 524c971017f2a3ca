import { createHash, randomBytes } from 'node:crypto';
import { UserError } from '../errors';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../auth/password';
import { createUser, getUser, type UsersContext } from './users';
import { inviteInputSchema, parseInput, toUserView, type StoredUser, type UserView } from './schema';

/**
 * One-time links to set a password: an invite for a new user, or a password link for one who forgot
 * theirs. Only the SHA-256 of the link's token is stored, under a key that expires with the link.
 */
export const INVITE_TTL_MS = 72 * 3_600_000;
const INVITE_TOKEN = /^[A-Za-z0-9_-]{43}$/;

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

export interface IssuedInvite {
  user: UserView;
  /** The link's secret part, shown once: /invite/<token>. */
  token: string;
  expiresAt: number;
}

/** A new link for the user; an earlier one stops working. */
export async function issueInvite(ctx: UsersContext, id: string): Promise<IssuedInvite> {
  const token = randomBytes(32).toString('base64url');
  const hash = hashOf(token);
  const expiresAt = Date.now() + INVITE_TTL_MS;
  const outcome = await ctx.redis.imalertSetInvite(ctx.keys.user(id), ctx.keys.invite(hash), id, hash, INVITE_TTL_MS, expiresAt, ctx.keys.invite(''));
  if (outcome === 'MISSING') throw new UserError('No user with this id.', {}, 'not-found');
  if (outcome === 'DISABLED') throw new UserError('This user is disabled; enable them first.', {}, 'conflict');
  return { user: toUserView((await getUser(ctx, id))!), token, expiresAt };
}

/** Creates an invited user (no password yet) and their link. */
export async function inviteUser(ctx: UsersContext, input: unknown, invitedBy: string): Promise<IssuedInvite> {
  const { name, role } = parseInput(inviteInputSchema, input, 'Nobody was invited: check the fields.');
  const user = await createUser(ctx, { name, role, createdBy: invitedBy });
  return issueInvite(ctx, user!.id);
}

/** Whom a link is for, while it still works (the page greets them by name); undefined otherwise. */
export async function readInvite(ctx: UsersContext, token: unknown): Promise<StoredUser | undefined> {
  if (typeof token !== 'string' || !INVITE_TOKEN.test(token)) return undefined;
  const hash = hashOf(token);
  const id = await ctx.redis.get(ctx.keys.invite(hash));
  const user = id ? await getUser(ctx, id) : undefined;
  return user && user.inviteHash === hash && !user.disabled ? user : undefined;
}

export const INVITE_GONE_MESSAGE = 'This link has expired or was already used. Ask an admin for a new one.';

/** Sets the password through a link, once: the link is gone afterwards, also when two tabs race. */
export async function redeemInvite(ctx: UsersContext, token: unknown, password: unknown): Promise<StoredUser> {
  if (typeof password !== 'string' || password.length < MIN_PASSWORD_LENGTH) {
    throw new UserError(`The password must be at least ${MIN_PASSWORD_LENGTH} characters.`, { password: [`At least ${MIN_PASSWORD_LENGTH} characters`] });
  }
  if (typeof token !== 'string' || !INVITE_TOKEN.test(token)) throw new UserError(INVITE_GONE_MESSAGE, {}, 'not-found');
  const hash = hashOf(token);
  const id = await ctx.redis.imalertRedeemInvite(ctx.keys.invite(hash), ctx.keys.activeAdmins, hash, await hashPassword(password), ctx.keys.user(''));
  const user = id ? await getUser(ctx, id) : undefined;
  if (!user) throw new UserError(INVITE_GONE_MESSAGE, {}, 'not-found');
  return user;
}

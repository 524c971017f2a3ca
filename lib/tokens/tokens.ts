import { createHash, randomBytes } from 'node:crypto';
import type { AppContext } from '../context';
import { UserError } from '../errors';
import { lowerRole, parseInput, roleAtLeast, type Role } from '../users/schema';
import { parseStoredToken, toTokenView, tokenInputSchema, type TokenView } from './schema';

/**
 * API tokens: `imalert_` + 32 random bytes (base64url), shown once; Redis keeps only the SHA-256. A
 * token acts with its own role, never above its owner's current one, and only while its owner is enabled.
 */
type TokensContext = Pick<AppContext, 'redis' | 'keys'>;

export const TOKEN_PREFIX = 'imalert_';
const TOKEN_FORMAT = /^imalert_[A-Za-z0-9_-]{43}$/;
const TOKEN_ID = /^t[0-9a-f]{12}$/;
/** "Last used" is written at most this often per token. */
export const LAST_USED_EVERY_MS = 60_000;
const DAY_MS = 86_400_000;

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** Who makes or manages tokens: a user, with the role they act with now. */
export interface TokenOwner {
  userId: string;
  role: Role;
}

/** Who a valid bearer token speaks for, and with which role. */
export interface TokenCaller {
  tokenId: string;
  userId: string;
  userName: string;
  role: Role;
}

export async function createToken(ctx: TokensContext, owner: TokenOwner, input: unknown): Promise<{ token: string; view: TokenView }> {
  const { name, role, expiresInDays } = parseInput(tokenInputSchema, input, 'The token was not created: check the fields.');
  if (!roleAtLeast(owner.role, role)) {
    throw new UserError(`A token's role can be at most your own (${owner.role}).`, { role: [`At most ${owner.role}`] });
  }
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const id = `t${randomBytes(6).toString('hex')}`;
  const createdAt = Date.now();
  const expiresAt = expiresInDays ? createdAt + expiresInDays * DAY_MS : 0;
  const k = ctx.keys;
  const outcome = await ctx.redis.imalertCreateToken(
    k.user(owner.userId), k.token(id), k.tokenHashes, k.userTokens(owner.userId), k.tokens,
    id, owner.userId, name, role, hashOf(token), createdAt, expiresAt,
  );
  if (outcome !== 'OK') throw new UserError('Your user no longer exists or is disabled.', {}, 'not-found');
  return { token, view: (await getToken(ctx, id))! };
}

export async function getToken(ctx: TokensContext, id: string): Promise<TokenView | undefined> {
  if (!TOKEN_ID.test(id)) return undefined;
  const hash = await ctx.redis.hgetall(ctx.keys.token(id));
  return hash.id ? toTokenView(parseStoredToken(hash)) : undefined;
}

/** One user's tokens, or everyone's (for admins), newest first. */
export async function listTokens(ctx: TokensContext, userId?: string): Promise<TokenView[]> {
  const ids = userId ? await ctx.redis.smembers(ctx.keys.userTokens(userId)) : await ctx.redis.zrange(ctx.keys.tokens, 0, -1);
  const pipeline = ctx.redis.pipeline();
  for (const id of ids) pipeline.hgetall(ctx.keys.token(id));
  const hashes = ids.length ? ((await pipeline.exec()) ?? []) : [];
  const now = Date.now();
  return hashes
    .map(([, hash]) => hash as Record<string, string>)
    .filter((hash) => hash?.id)
    .map((hash) => toTokenView(parseStoredToken(hash), now))
    .sort((a, b) => b.createdAt - a.createdAt);
}

/** Revokes a token of the caller's own, or anyone's for an admin; it stops working at once. */
export async function revokeToken(ctx: TokensContext, id: string, by: TokenOwner): Promise<TokenView> {
  const token = await getToken(ctx, id);
  if (!token || (token.userId !== by.userId && by.role !== 'admin')) throw new UserError('No token with this id.', {}, 'not-found');
  const k = ctx.keys;
  if (!(await ctx.redis.imalertRevokeToken(k.token(id), k.tokenHashes, k.tokens, id, k.userTokens('')))) throw new UserError('No token with this id.', {}, 'not-found');
  return token;
}

/** The caller a bearer token speaks for, or null for one that is malformed, unknown, expired or revoked. */
export async function authenticateToken(ctx: TokensContext, presented: string): Promise<TokenCaller | null> {
  if (!TOKEN_FORMAT.test(presented)) return null;
  const k = ctx.keys;
  const found = await ctx.redis.imalertAuthenticateToken(k.tokenHashes, hashOf(presented), Date.now(), k.token(''), k.user(''), LAST_USED_EVERY_MS);
  if (!found) return null;
  const [tokenId, userId, userName, tokenRole, userRole] = found;
  return { tokenId, userId, userName, role: lowerRole(tokenRole as Role, userRole as Role) };
}

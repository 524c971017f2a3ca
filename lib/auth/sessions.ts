import { createHash, randomBytes } from 'node:crypto';
import type { AppContext } from '../context';

/**
 * Login sessions in Redis: the SHA-256 of a random id (the cookie's value) -> JSON with a TTL of
 * IMALERT_SESSION_HOURS, so whoever reads Redis learns no cookie that would log in. Each session records the "auth epoch" current when it was made; changing
 * the password bumps the epoch, which ends every session at once without listing them.
 */
export interface Session {
  id: string;
  createdAt: number;
  expiresAt: number;
}

type AuthContext = Pick<AppContext, 'redis' | 'keys' | 'config'>;

const EPOCH_FIELD = 'authEpoch';
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

/** The Redis key of a session: only a hash of the token is stored. */
function sessionKey(ctx: AuthContext, id: string): string {
  return ctx.keys.session(createHash('sha256').update(id).digest('hex'));
}

async function currentEpoch(ctx: AuthContext): Promise<string> {
  return (await ctx.redis.hget(ctx.keys.meta, EPOCH_FIELD)) ?? '0';
}

export async function createSession(ctx: AuthContext): Promise<Session> {
  const id = randomBytes(32).toString('base64url');
  const ttlMs = ctx.config.IMALERT_SESSION_HOURS * 3_600_000;
  const createdAt = Date.now();
  const session = { id, createdAt, expiresAt: createdAt + ttlMs };
  const epoch = await currentEpoch(ctx);
  await ctx.redis.set(sessionKey(ctx, id), JSON.stringify({ createdAt, expiresAt: session.expiresAt, epoch }), 'PX', ttlMs);
  return session;
}

/** The session for a cookie value, or null when it is unknown, expired or from before a password change. */
export async function readSession(ctx: AuthContext, id: string | undefined): Promise<Session | null> {
  if (!id || !SESSION_ID.test(id)) return null;
  const [json, epoch] = await Promise.all([ctx.redis.get(sessionKey(ctx, id)), currentEpoch(ctx)]);
  if (!json) return null;
  const stored = JSON.parse(json) as { createdAt: number; expiresAt: number; epoch: string };
  if (stored.epoch !== epoch || stored.expiresAt <= Date.now()) return null;
  return { id, createdAt: stored.createdAt, expiresAt: stored.expiresAt };
}

export async function endSession(ctx: AuthContext, id: string | undefined): Promise<void> {
  if (id && SESSION_ID.test(id)) await ctx.redis.del(sessionKey(ctx, id));
}

/** Ends every session (after a password change). */
export async function endAllSessions(ctx: AuthContext): Promise<void> {
  await ctx.redis.hincrby(ctx.keys.meta, EPOCH_FIELD, 1);
}

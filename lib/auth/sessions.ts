import { createHash, randomBytes } from 'node:crypto';
import type { AppContext } from '../context';
import type { Role } from '../users/schema';

/**
 * Login sessions in Redis: the SHA-256 of a random id (the cookie's value) -> JSON with a TTL of
 * IMALERT_SESSION_HOURS, so whoever reads Redis learns no cookie that would log in. Each session
 * names its user and the user's "epoch" when it was made: disabling the user or a new password bumps
 * the epoch, and deleting the user removes it, which ends every session of theirs at once.
 */
export interface Session {
  id: string;
  createdAt: number;
  expiresAt: number;
  user: SessionUser;
}

/** Who is logged in, as read from their user record on every request. */
export interface SessionUser {
  id: string;
  name: string;
  role: Role;
}

type AuthContext = Pick<AppContext, 'redis' | 'keys' | 'config'>;

const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

/** The Redis key of a session: only a hash of the token is stored. */
function sessionKey(ctx: AuthContext, id: string): string {
  return ctx.keys.session(createHash('sha256').update(id).digest('hex'));
}

interface StoredSession {
  createdAt: number;
  expiresAt: number;
  userId: string;
  epoch: string;
}

export async function createSession(ctx: AuthContext, user: { id: string; epoch: number }): Promise<Omit<Session, 'user'>> {
  const id = randomBytes(32).toString('base64url');
  const ttlMs = ctx.config.IMALERT_SESSION_HOURS * 3_600_000;
  const createdAt = Date.now();
  const stored: StoredSession = { createdAt, expiresAt: createdAt + ttlMs, userId: user.id, epoch: String(user.epoch) };
  await ctx.redis.set(sessionKey(ctx, id), JSON.stringify(stored), 'PX', ttlMs);
  return { id, createdAt, expiresAt: stored.expiresAt };
}

function parseStored(json: string): StoredSession | null {
  try {
    const value = JSON.parse(json) as Partial<StoredSession>;
    return typeof value.userId === 'string' && typeof value.epoch === 'string' && typeof value.expiresAt === 'number' ? (value as StoredSession) : null;
  } catch {
    return null;
  }
}

/**
 * The session for a cookie value, or null when it is unknown or expired, or its user is gone,
 * disabled or has had their sessions ended since.
 */
export async function readSession(ctx: AuthContext, id: string | undefined): Promise<Session | null> {
  if (!id || !SESSION_ID.test(id)) return null;
  const json = await ctx.redis.get(sessionKey(ctx, id));
  const stored = json ? parseStored(json) : null;
  if (!stored || stored.expiresAt <= Date.now()) return null;
  const [name, role, disabled, epoch] = await ctx.redis.hmget(ctx.keys.user(stored.userId), 'name', 'role', 'disabled', 'epoch');
  if (!name || disabled !== '0' || epoch !== stored.epoch) return null;
  return { id, createdAt: stored.createdAt, expiresAt: stored.expiresAt, user: { id: stored.userId, name, role: role as Role } };
}

export async function endSession(ctx: AuthContext, id: string | undefined): Promise<void> {
  if (id && SESSION_ID.test(id)) await ctx.redis.del(sessionKey(ctx, id));
}

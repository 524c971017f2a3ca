import { createHash, randomBytes } from 'node:crypto';
import type { AppContext } from '../context';
import { decryptSecret, encryptSecret } from '../crypto/secrets';
import { CorruptRecordError, UserError } from '../errors';
import { pingRecordSchema, type PingActivity } from './ping-record';

type TokenContext = Pick<AppContext, 'redis' | 'keys' | 'keyring'>;

/** 32 random bytes, base64url: what a ping URL ends with. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newPingToken(): string {
  return randomBytes(32).toString('base64url');
}

/** A token that cannot be one of ours is refused without asking Redis. */
export function isWellFormedPingToken(token: string): boolean {
  return TOKEN_PATTERN.test(token);
}

/** What the token index is keyed by: a leaked index gives no working URL. */
export function hashPingToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The ping URL of a token under the UI's public address. */
export function pingUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/api/ping/${token}`;
}

/**
 * Gives the monitor a new ping token and returns it; the old token stops working in the same step.
 * `if-none`: only when it has none yet (a new monitor), else returns null.
 */
export async function setPingToken(ctx: TokenContext, monitorId: string, mode: 'rotate' | 'if-none' = 'rotate'): Promise<string | null> {
  const { redis, keys, keyring } = ctx;
  const token = newPingToken();
  const outcome = await redis.imalertSetPingToken(keys.ping(monitorId), keys.pingTokens, keys.monitor(monitorId), monitorId,
    hashPingToken(token), encryptSecret(token, keyring), mode);
  if (outcome === 'GONE') throw new UserError('This monitor no longer exists.', {}, 'not-found');
  return outcome === 'OK' ? token : null;
}

export interface PingDetails extends PingActivity {
  /** null: the monitor has no token yet (its creation was cut short): rotating gives it one. */
  token: string | null;
}

async function readPingRecord(ctx: Pick<AppContext, 'redis' | 'keys'>, monitorId: string) {
  const raw = await ctx.redis.hgetall(ctx.keys.ping(monitorId));
  if (!Object.keys(raw).length) return null;
  const parsed = pingRecordSchema.safeParse(raw);
  if (!parsed.success) throw new CorruptRecordError(`ping:${monitorId}`, parsed.error.issues.map((i) => `${i.path.join('.') || 'record'}: ${i.message}`).join('; '));
  return parsed.data;
}

const activityOf = (record: Awaited<ReturnType<typeof readPingRecord>>): PingActivity =>
  ({ startedAt: record?.startedAt ?? null, succeededAt: record?.succeededAt ?? null, failedAt: record?.failedAt ?? null, runMs: record?.runMs ?? null });

/** The last start, success, failure and run time: the live part of the monitor page (no token). */
export async function readPingActivity(ctx: Pick<AppContext, 'redis' | 'keys'>, monitorId: string): Promise<PingActivity> {
  return activityOf(await readPingRecord(ctx, monitorId));
}

/** The monitor's token (decrypted) and its last pings, for its page and the API. */
export async function readPingDetails(ctx: TokenContext, monitorId: string): Promise<PingDetails> {
  const record = await readPingRecord(ctx, monitorId);
  return { ...activityOf(record), token: record ? decryptSecret(record.token, ctx.keyring) : null };
}

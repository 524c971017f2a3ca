import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import type { KeyBuilder } from './store/keys';

export type ProcessRole = 'controller' | 'worker';

export interface HeartbeatInfo {
  name: string;
  role: ProcessRole;
  host: string;
  pid: number;
  startedAt: number;
  at: number;
  [extra: string]: unknown;
}

/**
 * A live process announces itself every `periodMs` with a key whose TTL is three periods, and in a
 * sorted set (name -> expiry) so the UI and the other daemons can list who is alive without SCAN.
 */
export function startHeartbeat(options: {
  redis: Redis;
  keys: KeyBuilder;
  role: ProcessRole;
  name: string;
  periodMs: number;
  extra?: () => Record<string, unknown>;
  onError?: (error: unknown) => void;
}): { beat(): Promise<void>; stop(): Promise<void> } {
  const { redis, keys, role, name, periodMs } = options;
  const ttlMs = periodMs * 3;
  const startedAt = Date.now();
  const beat = async () => {
    const info: HeartbeatInfo = { name, role, host: hostname(), pid: process.pid, startedAt, at: Date.now(), ...options.extra?.() };
    await redis
      .multi()
      .set(keys.heartbeat(role, name), JSON.stringify(info), 'PX', ttlMs)
      .zadd(keys.heartbeats(role), Date.now() + ttlMs, name)
      .exec();
  };
  const safeBeat = () => beat().catch((error) => options.onError?.(error));
  void safeBeat();
  const timer = setInterval(safeBeat, periodMs);
  timer.unref();
  return {
    beat,
    async stop() {
      clearInterval(timer);
      await redis.multi().del(keys.heartbeat(role, name)).zrem(keys.heartbeats(role), name).exec().catch(() => undefined);
    },
  };
}

/** The processes of a role that are alive now (their key has not expired). */
export async function liveProcesses(redis: Redis, keys: KeyBuilder, role: ProcessRole): Promise<HeartbeatInfo[]> {
  const names = await redis.zrangebyscore(keys.heartbeats(role), Date.now(), '+inf');
  if (!names.length) return [];
  const values = await redis.mget(names.map((n) => keys.heartbeat(role, n)));
  return values.filter((v): v is string => v !== null).map((v) => JSON.parse(v) as HeartbeatInfo);
}

/** Drops sorted-set entries of processes whose heartbeat expired long ago (housekeeping). */
export async function pruneHeartbeats(redis: Redis, keys: KeyBuilder, role: ProcessRole, olderThanMs = 3_600_000): Promise<void> {
  await redis.zremrangebyscore(keys.heartbeats(role), '-inf', Date.now() - olderThanMs);
}

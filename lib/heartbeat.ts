import { hostname } from 'node:os';
import { isRedisOutOfMemory, type RedisClient } from './redis';
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

/** Members of the sorted set whose key expired this long ago are dropped (crashed processes). */
const PRUNE_AFTER_MS = 3_600_000;

export interface Heartbeat {
  beat(): Promise<void>;
  /**
   * A beat stored within the last two periods, after beats unbroken for a whole TTL. Only a fresh
   * process may take over from others: when beats fail for everyone (Redis out of memory), its key
   * outlives theirs; when they work again, every live one has beaten again before it judges them.
   */
  fresh(): boolean;
  /** Set while Redis refuses the beat for lack of memory: every process looks dead then, none is. */
  isOutOfMemory(): boolean;
  stop(): Promise<void>;
}

/**
 * A live process announces itself every `periodMs` with a key whose TTL is three periods, and in a
 * sorted set (name -> expiry by Redis's clock) so the UI and the other daemons can list who is alive
 * without SCAN.
 */
export function startHeartbeat(options: {
  redis: RedisClient;
  keys: KeyBuilder;
  role: ProcessRole;
  name: string;
  periodMs: number;
  extra?: () => Record<string, unknown>;
  onError?: (error: unknown) => void;
  /** The round trip of each stored beat, in ms (the process's Redis round-trip metric). */
  onRoundTrip?: (ms: number) => void;
}): Heartbeat {
  const { redis, keys, role, name, periodMs } = options;
  const ttlMs = periodMs * 3;
  const startedAt = Date.now();
  let lastStored = -Infinity;
  let unbrokenSince = Infinity;
  const beat = async () => {
    const sentAt = Date.now();
    const info: HeartbeatInfo = { name, role, host: hostname(), pid: process.pid, startedAt, at: sentAt, ...options.extra?.() };
    const started = performance.now();
    await redis.imalertHeartbeat(keys.heartbeat(role, name), keys.heartbeats(role), JSON.stringify(info), ttlMs, name, PRUNE_AFTER_MS);
    options.onRoundTrip?.(performance.now() - started);
    if (sentAt - lastStored >= periodMs * 2) unbrokenSince = sentAt;
    lastStored = Math.max(lastStored, sentAt);
  };
  // Counted from when beats were sent, so a slow reply cannot make one look fresher than it is.
  const fresh = () => {
    const now = Date.now();
    return now - lastStored < periodMs * 2 && now - unbrokenSince >= ttlMs;
  };
  // Set while Redis refuses the beat for lack of memory: every process looks dead then, none is.
  let outOfMemory = false;
  const safeBeat = () =>
    beat().then(
      () => void (outOfMemory = false),
      (error: unknown) => {
        outOfMemory = isRedisOutOfMemory(error);
        options.onError?.(error);
      },
    );
  void safeBeat();
  const timer = setInterval(safeBeat, periodMs);
  timer.unref();
  return {
    beat,
    isOutOfMemory: () => outOfMemory,
    fresh,
    async stop() {
      clearInterval(timer);
      await redis.imalertHeartbeatStop(keys.heartbeat(role, name), keys.heartbeats(role), name).catch(() => undefined);
    },
  };
}

/** The processes of a role that are alive now (their key has not expired). */
export async function liveProcesses(redis: RedisClient, keys: KeyBuilder, role: ProcessRole): Promise<HeartbeatInfo[]> {
  const names = await redis.imalertLiveHeartbeats(keys.heartbeats(role));
  if (!names.length) return [];
  const values = await redis.mget(names.map((n) => keys.heartbeat(role, n)));
  return values.filter((v): v is string => v !== null).map((v) => JSON.parse(v) as HeartbeatInfo);
}


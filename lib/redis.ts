import { readFileSync } from 'node:fs';
import { Redis, type RedisOptions } from 'ioredis';
import { backoffMs } from './backoff';
import { createLogger, type Logger } from './log';
import { defineScripts } from './lua/define';

/**
 * One place that creates Redis connections, so TLS (rediss://), timeouts and retry policy are the
 * same everywhere. Daemons block on streams and must keep retrying; the UI fails fast instead.
 */
export type ConnectionRole = 'daemon' | 'blocking' | 'ui';

/** Connection options that come from the config: the CA of a rediss:// server (REDIS_TLS_CA_FILE). */
export function redisOptionsFromConfig(config: { REDIS_TLS_CA_FILE?: string }): RedisOptions {
  return config.REDIS_TLS_CA_FILE ? { tls: { ca: readFileSync(config.REDIS_TLS_CA_FILE) } } : {};
}

export function createRedis(url: string, role: ConnectionRole = 'daemon', extra: RedisOptions = {}): Redis {
  const base: RedisOptions = {
    lazyConnect: false,
    enableAutoPipelining: role !== 'blocking',
    connectionName: `imalert-${role}`,
    // ioredis reconnects with backoff forever; commands wait for it (daemons) or fail fast (UI).
    retryStrategy: (times) => backoffMs(times, { baseMs: 100, maxMs: 5000 }),
    maxRetriesPerRequest: role === 'ui' ? 1 : null,
    commandTimeout: role === 'ui' ? 3000 : undefined,
    connectTimeout: 5000,
  };
  // TLS only for rediss:// (a CA from `extra`, see redisOptionsFromConfig); never for redis://.
  const { tls, ...rest } = extra;
  if (url.startsWith('rediss://')) base.tls = tls ?? {};
  const client = defineScripts(new Redis(url, { ...base, ...rest }));
  // Daemons watch their connections themselves; the UI's would otherwise print every failed retry.
  if (role === 'ui') reportConnectionTrouble(client, createLogger({ component: 'redis', role }));
  return client;
}

/** One warning when the connection is lost and one line when it is back, however many retries fail between. */
export function reportConnectionTrouble(client: Redis, log: Logger): void {
  let lost = false;
  client.on('error', (error: Error) => {
    if (lost) return;
    lost = true;
    log.warn('Redis connection lost; retrying in the background', { error: error.message });
  });
  client.on('ready', () => {
    if (!lost) return;
    lost = false;
    log.info('Redis connection is back');
  });
}

/** Redis's own clock in ms: controllers and workers on skewed hosts agree on "now". */
export async function redisNow(redis: Redis): Promise<number> {
  const [seconds, micros] = await redis.time();
  return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
}

/**
 * Redis refused a command because it reached maxmemory (noeviction): writes and MULTI are refused,
 * plain reads still work. Recognised by Redis's reply code (also inside a discarded MULTI).
 */
export function isRedisOutOfMemory(error: unknown): boolean {
  if (/^OOM /.test(String((error as Error | undefined)?.message ?? ''))) return true;
  const previous = (error as { previousErrors?: unknown[] } | undefined)?.previousErrors;
  return Array.isArray(previous) && previous.some(isRedisOutOfMemory);
}

export type RedisWriteState = 'up' | 'out of memory';

/** Whether Redis takes writes now (PING answers even when every write is refused): one tiny SET with a TTL. */
export async function probeRedisWrites(redis: Redis, probeKey: string): Promise<RedisWriteState> {
  try {
    await redis.set(probeKey, '1', 'PX', 60_000);
    return 'up';
  } catch (error) {
    if (isRedisOutOfMemory(error)) return 'out of memory';
    throw error;
  }
}

import { readFileSync } from 'node:fs';
import { Redis, type RedisOptions } from 'ioredis';

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
    retryStrategy: (times) => Math.min(100 * 2 ** Math.min(times, 6), 5000),
    maxRetriesPerRequest: role === 'ui' ? 1 : null,
    commandTimeout: role === 'ui' ? 3000 : undefined,
    connectTimeout: 5000,
  };
  // TLS only for rediss:// (a CA from `extra`, see redisOptionsFromConfig); never for redis://.
  const { tls, ...rest } = extra;
  if (url.startsWith('rediss://')) base.tls = tls ?? {};
  return new Redis(url, { ...base, ...rest });
}

/** Redis's own clock in ms: controllers and workers on skewed hosts agree on "now". */
export async function redisNow(redis: Redis): Promise<number> {
  const [seconds, micros] = await redis.time();
  return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
}

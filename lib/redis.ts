import { Redis, type RedisOptions } from 'ioredis';

/**
 * One place that creates Redis connections, so TLS (rediss://), timeouts and retry policy are the
 * same everywhere. Daemons block on streams and must keep retrying; the UI fails fast instead.
 */
export type ConnectionRole = 'daemon' | 'blocking' | 'ui';

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
  if (url.startsWith('rediss://')) {
    // Self-hosted TLS with a private CA: REDIS_TLS_CA_FILE / NODE_EXTRA_CA_CERTS are honoured by Node.
    base.tls = {};
  }
  return new Redis(url, { ...base, ...extra });
}

/** Redis's own clock in ms: controllers and workers on skewed hosts agree on "now". */
export async function redisNow(redis: Redis): Promise<number> {
  const [seconds, micros] = await redis.time();
  return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
}

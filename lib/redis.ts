import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import { backoffMs } from './backoff';
import type { RedisConnection } from './config';
import { createLogger, type Logger } from './log';
import { defineScripts } from './lua/define';
import { watchLike, watchPrimary } from './redis-primary-watch';
import type { KeyBuilder } from './store/keys';

/**
 * One place that creates Redis connections, so TLS, passwords, timeouts and retry policy are the
 * same everywhere, whether Redis is one server, the primary Sentinel names, or a Cluster. Daemons
 * block on streams and must keep retrying; the UI fails fast instead.
 */
export type ConnectionRole = 'daemon' | 'blocking' | 'ui';

/** A connection of any mode: both run every command and script imalert sends (one hash tag, one slot). */
export type RedisClient = Redis | Cluster;

/** Options every connection gets, whatever the mode. */
function roleOptions(role: ConnectionRole): RedisOptions {
  return {
    lazyConnect: false,
    enableAutoPipelining: role !== 'blocking',
    connectionName: `imalert-${role}`,
    // ioredis reconnects with backoff forever; commands wait for it (daemons) or fail fast (UI).
    retryStrategy: (times) => backoffMs(times, { baseMs: 100, maxMs: 5000 }),
    maxRetriesPerRequest: role === 'ui' ? 1 : null,
    commandTimeout: role === 'ui' ? 3000 : undefined,
    connectTimeout: 5000,
  };
}

function tlsOptions(connection: RedisConnection): ConnectionOptions | undefined {
  if (!connection.tls) return undefined;
  return connection.caFile ? { ca: readFileSync(connection.caFile) } : {};
}

/**
 * A connection to the configured Redis (a URL string: one server, as tests pass it). Scripts are
 * defined on it before its first command. `extra` overrides options of a single-server connection.
 */
export function createRedis(target: string, role?: ConnectionRole, extra?: RedisOptions): Redis;
export function createRedis(target: RedisConnection, role?: ConnectionRole, extra?: RedisOptions): RedisClient;
export function createRedis(target: string | RedisConnection, role: ConnectionRole = 'daemon', extra: RedisOptions = {}): RedisClient {
  const connection: RedisConnection = typeof target === 'string' ? { mode: 'url', url: target, tls: target.startsWith('rediss://') } : target;
  const client = defineScripts(connect(connection, role, extra));
  // Daemons watch their connections themselves; the UI's would otherwise print every failed retry.
  if (role === 'ui') reportConnectionTrouble(client, createLogger({ component: 'redis', role }));
  return client;
}

function connect(connection: RedisConnection, role: ConnectionRole, extra: RedisOptions): RedisClient {
  const base = roleOptions(role);
  const tls = tlsOptions(connection);
  const password = connection.password;
  if (connection.mode === 'cluster') return new Cluster(connection.nodes, clusterOptions(role, base, { password, tls }));
  if (connection.mode === 'sentinel') {
    const client = new Redis({
      ...base,
      // Each try asks a sentinel for the primary first: cheap, and a failover is over in seconds.
      retryStrategy: (times) => backoffMs(times, { baseMs: 100, maxMs: 1000 }),
      sentinels: connection.sentinels,
      name: connection.masterName,
      password,
      sentinelPassword: connection.sentinelPassword,
      sentinelRetryStrategy: (times) => backoffMs(times, { baseMs: 100, maxMs: 2000 }),
      // Not ioredis's failoverDetector: its +switch-master can land while a reconnect asks a sentinel,
      // which ends the connection for good ("Connection is closed." from then on).
      failoverDetector: false,
      // A resumed old primary is a replica now: leave it and ask the sentinels again.
      reconnectOnError: (error) => (error.message.startsWith('READONLY') ? 2 : false),
      enableTLSForSentinelMode: connection.tls,
      tls,
      sentinelTLS: tls,
      ...extra,
    });
    watchPrimary(client, connection, tls);
    return client;
  }
  // TLS only for rediss:// (a CA from REDIS_TLS_CA_FILE or from `extra`); never for redis://.
  const { tls: extraTls, ...rest } = extra;
  return new Redis(connection.url, { ...base, ...(password ? { password } : {}), ...(connection.tls ? { tls: extraTls ?? tls ?? {} } : {}), ...rest });
}

/**
 * A Cluster's options: each node connection gets the role's timeouts. While a replica takes over a
 * dead primary's slots a command is retried every 200 ms: for 10 s (daemons), or 1 s (the UI, which
 * says "not reachable" rather than hang a page).
 */
function clusterOptions(role: ConnectionRole, base: RedisOptions, access: { password?: string; tls?: ConnectionOptions }): ClusterOptions {
  const { retryStrategy, enableAutoPipelining, ...perNode } = base;
  return {
    enableAutoPipelining,
    clusterRetryStrategy: retryStrategy ?? undefined,
    redisOptions: { ...perNode, ...(access.password ? { password: access.password } : {}), ...(access.tls ? { tls: access.tls } : {}) },
    retryDelayOnFailover: 200,
    // A frozen primary answers nothing and never closes: a fresh slot map drops it, and its waiting commands go to its successor.
    slotsRefreshInterval: 2000,
    retryDelayOnClusterDown: 200,
    retryDelayOnTryAgain: 200,
    maxRedirections: role === 'ui' ? 5 : 50,
  };
}

/** ioredis's own flag, not instanceof: a Next build may hold more than one copy of the module. */
export function isCluster(client: RedisClient): client is Cluster {
  return client.isCluster;
}

/** A second connection like `client` (its mode, password and TLS), with the scripts defined on it too. */
export function duplicateRedis(client: RedisClient, overrides: { enableAutoPipelining?: boolean; connectionName?: string }): RedisClient {
  if (isCluster(client)) {
    const { connectionName, ...rest } = overrides;
    return defineScripts(client.duplicate([], { ...rest, redisOptions: { ...client.options.redisOptions, ...(connectionName ? { connectionName } : {}) } }));
  }
  const duplicate = client.duplicate(overrides);
  watchLike(client, duplicate);
  return defineScripts(duplicate);
}

/** The servers to ask about server settings: every primary of a Cluster, or the one server. */
export function serversOf(client: RedisClient): Redis[] {
  return isCluster(client) ? client.nodes('master') : [client];
}

/** One warning when the connection is lost and one line when it is back, however many retries fail between. */
export function reportConnectionTrouble(client: RedisClient, log: Logger): void {
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

/**
 * Redis's own clock in ms: controllers and workers on skewed hosts agree on "now". Read by a script
 * on imalert's own key space, so in a Cluster it is the clock of the node the scripts run on.
 */
export async function redisNow(redis: RedisClient, keys: Pick<KeyBuilder, 'meta'>): Promise<number> {
  return Number(await redis.imalertNow(keys.meta));
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
export async function probeRedisWrites(redis: RedisClient, probeKey: string): Promise<RedisWriteState> {
  try {
    await redis.set(probeKey, '1', 'PX', 60_000);
    return 'up';
  } catch (error) {
    if (isRedisOutOfMemory(error)) return 'out of memory';
    throw error;
  }
}

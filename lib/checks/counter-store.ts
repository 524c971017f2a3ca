import type { RedisConnection } from '../config';
import { createRedis, type RedisClient } from '../redis';
import { createKeys, type KeyBuilder } from '../store/keys';
import type { CounterStore } from './types';

/** A sample older than this is dropped: the next run starts counting anew rather than average over weeks. */
export const COUNTER_TTL_MS = 7 * 24 * 3600_000;

/** One hash per monitor and node, replaced at each run; only one job per monitor runs at a time. */
export function redisCounterStore(redis: RedisClient, keys: KeyBuilder): CounterStore {
  return {
    async swap(monitorId, node, sample) {
      const key = keys.checkCounters(monitorId, node);
      const replies = await redis.multi().hgetall(key).del(key).hset(key, sample).pexpire(key, COUNTER_TTL_MS).exec();
      const [error, previous] = replies?.[0] ?? [new Error('the transaction was discarded'), null];
      if (error) throw error;
      const fields = previous as Record<string, string> | null;
      return fields && Object.keys(fields).length > 0 ? fields : undefined;
    },
  };
}

/** Where a check thread finds imalert's Redis: plain values, as they cross the thread boundary. */
export interface CounterStoreAddress {
  connection: RedisConnection;
  keyPrefix: string;
}

const opened = new Map<string, CounterStore>();

/**
 * The store of a check thread, one connection per address for the thread's life. Commands fail fast
 * rather than wait for a lost connection: a check must not hang on imalert's own Redis.
 */
export function counterStoreAt(address: CounterStoreAddress): CounterStore {
  const id = `${JSON.stringify(address.connection)}\u0000${address.keyPrefix}`;
  let store = opened.get(id);
  if (!store) {
    const redis = createRedis(address.connection, 'daemon', {
      connectionName: 'imalert-check-counters', maxRetriesPerRequest: 1, commandTimeout: 2000, enableAutoPipelining: false,
    });
    redis.on('error', () => undefined); // a check reports the store as unavailable; the connection retries by itself
    store = redisCounterStore(redis, createKeys(address.keyPrefix));
    opened.set(id, store);
  }
  return store;
}

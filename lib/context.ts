import { loadConfig, requireRedisConnection, type Config } from './config';
import { loadKeyring, type Keyring } from './crypto/secrets';
import { createRedis, type ConnectionRole, type RedisClient } from './redis';
import { createKeys, createMonitorStore, type KeyBuilder, type MonitorStore } from './store';

/** What every part of imalert works with: the parsed config, one Redis client, keys and stores. */
export interface AppContext {
  config: Config;
  redis: RedisClient;
  keys: KeyBuilder;
  keyring: Keyring;
  monitors: MonitorStore;
}

export function createContext(role: ConnectionRole, config: Config = loadConfig(), redis?: RedisClient): AppContext {
  const client = redis ?? createRedis(requireRedisConnection(config), role);
  const keys = createKeys(config.IMALERT_KEY_PREFIX);
  const keyring = loadKeyring(config);
  return {
    config,
    redis: client,
    keys,
    keyring,
    monitors: createMonitorStore({ redis: client, keys, keyring, config, minIntervalSeconds: config.IMALERT_MIN_INTERVAL_SECONDS }),
  };
}

const globalForContext = globalThis as unknown as { imalertContext?: AppContext };

/**
 * The UI's context: one Redis client per server instance, reused across requests and serverless
 * invocations (kept on globalThis so hot reloads and route bundles share it).
 */
export function sharedContext(): AppContext {
  globalForContext.imalertContext ??= createContext('ui');
  return globalForContext.imalertContext;
}

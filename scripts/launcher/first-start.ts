import { ensureFirstAdmin } from '../../lib/users/bootstrap';
import { loadConfig, requireRedisConnection } from '../../lib/config';
import { createRedis } from '../../lib/redis';
import { createKeys } from '../../lib/store/keys';

/**
 * Work done once per installation before the children start. Today: the first admin, user "admin"
 * (lib/users owns the rule; it returns a password only the very first time, and only its hash is stored).
 * Returns lines to print.
 */
export async function firstStart(env: NodeJS.ProcessEnv): Promise<string[]> {
  const config = loadConfig(env);
  const redis = createRedis(requireRedisConnection(config), 'ui');
  redis.on('error', () => undefined); // a failed command says what went wrong
  try {
    const password = await ensureFirstAdmin({ redis, keys: createKeys(config.IMALERT_KEY_PREFIX), config }, { generate: true });
    return password ? [`First start: log in as admin with the password ${password}  (shown once; change it with \`npm run reset-password -- admin\`)`] : [];
  } finally {
    redis.disconnect();
  }
}

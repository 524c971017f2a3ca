import { randomBytes } from 'node:crypto';
import type { RedisClient } from '../../lib/redis';
import { loadConfig } from '../../lib/config';
import { createContext, type AppContext } from '../../lib/context';

/** A context on a test's own redis-server, with its own key prefix and a throwaway secret key. */
export function testContext(redis: RedisClient, extraEnv: Record<string, string> = {}): AppContext {
  const config = loadConfig({
    REDIS_URL: 'redis://unused',
    IMALERT_KEY_PREFIX: `t${randomBytes(4).toString('hex')}`,
    IMALERT_SECRET_KEY: randomBytes(32).toString('base64'),
    IMALERT_MIN_INTERVAL_SECONDS: '10',
    ...extraEnv,
  } as unknown as NodeJS.ProcessEnv);
  return createContext('ui', config, redis);
}

/** Writes a status as the result script does (state hash + status index sets); for tests and the bench. */
export async function setStatus(ctx: AppContext, id: string, status: 'pending' | 'up' | 'down', fields: Record<string, string> = {}): Promise<void> {
  const multi = ctx.redis.multi();
  for (const s of ['pending', 'up', 'down']) multi.srem(ctx.keys.indexByStatus(s), id);
  multi.sadd(ctx.keys.indexByStatus(status), id);
  multi.hset(ctx.keys.state(id), { status, statusSince: String(Date.now()), ...fields });
  await multi.exec();
}

import { JOBS_GROUP, type KeyBuilder } from '../store/keys';
import type { RedisClient } from '../redis';

/**
 * Creates the jobs stream and its consumer group (from the stream's start, so jobs added before any
 * worker ran are still delivered). Idempotent: whoever starts first creates it, BUSYGROUP is fine.
 */
export async function ensureJobsGroup(redis: RedisClient, keys: KeyBuilder): Promise<void> {
  try {
    await redis.xgroup('CREATE', keys.jobs, JOBS_GROUP, '0', 'MKSTREAM');
  } catch (error) {
    if (!String((error as Error).message).includes('BUSYGROUP')) throw error;
  }
}

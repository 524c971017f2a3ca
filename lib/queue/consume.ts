import { JOBS_GROUP, type KeyBuilder } from '../store/keys';
import { heldJobsOf, type HeldJob, type StreamEntry } from './job';
import { lockFlag } from './lua';
import { redisNow, type RedisClient } from '../redis';

/** Reads up to `count` new jobs for this consumer, waiting at most `blockMs` for one. */
export async function readNewJobs(redis: RedisClient, keys: KeyBuilder, consumer: string, count: number, blockMs: number): Promise<{ jobs: HeldJob[]; malformed: string[] }> {
  const reply = (await redis.xreadgroup('GROUP', JOBS_GROUP, consumer, 'COUNT', count, 'BLOCK', blockMs, 'STREAMS', keys.jobs, '>')) as Array<[string, StreamEntry[]]> | null;
  return heldJobsOf(reply?.[0]?.[1] ?? [], () => 1);
}

/** Who holds a monitor's lock: this consumer for this stream entry. */
export const lockOwner = (consumer: string, entryId: string) => `${consumer}|${entryId}`;

/** Jobs per script call: the script unpacks them onto Lua's small C stack. */
const FINISH_CHUNK = 500;

export type FinishItem = { job: Pick<HeldJob, 'id' | 'monitorId'>; locked: boolean };

/**
 * Acks jobs that need no result (or whose result is stored), drops their last errors and frees the
 * locks they hold (finish-jobs.lua). Results are acked by the result script itself.
 */
export async function finishJobs(redis: RedisClient, keys: KeyBuilder, consumer: string, items: FinishItem[]): Promise<void> {
  for (let i = 0; i < items.length; i += FINISH_CHUNK) {
    const args = items.slice(i, i + FINISH_CHUNK).flatMap(({ job, locked }) => [job.id, job.monitorId, lockFlag(locked)]);
    await redis.imalertFinishJobs(keys.jobs, keys.jobErrors, keys.locks, JOBS_GROUP, consumer, ...args);
  }
}

/** Who holds a monitor's lock now ("<consumer>|<entry id>"), or null when it is free or expired. */
export async function lockHolder(redis: RedisClient, keys: KeyBuilder, monitorId: string): Promise<string | null> {
  const [value, now] = await Promise.all([redis.hget(keys.locks, monitorId), redisNow(redis, keys)]);
  const match = value ? /^(.*)\|(\d+)$/.exec(value) : null;
  if (!match) return null;
  return Number(match[2]) > now ? match[1] : null;
}

/** Acks entries that are not jobs at all (nothing to run, nothing to store). */
export async function ackMalformed(redis: RedisClient, keys: KeyBuilder, ids: string[]): Promise<void> {
  if (ids.length) await redis.xack(keys.jobs, JOBS_GROUP, ...ids);
}

import { JOBS_GROUP, type KeyBuilder } from '../store/keys';
import type { HeldJob } from './job';
import { lockFlag } from './lua';
import type { RedisClient } from '../redis';

/** Dead letters kept at most (approximately): the oldest go first. */
export const MAX_DEAD_LETTERS = 10_000;

export interface DeadLetter {
  id: string;
  jobId: string;
  monitorId: string;
  fireTime: number;
  dispatchId: string;
  trigger: string;
  deliveries: number;
  lastError: string;
  deadAt: number;
}

type Ctx = { redis: RedisClient; keys: KeyBuilder };

const STREAM_ID = /^\d{1,20}-\d{1,20}$/;

/** Keeps the last error of an entry's failed delivery, for its dead letter. */
export async function recordDeliveryError(redis: RedisClient, keys: KeyBuilder, entryId: string, error: string): Promise<void> {
  await redis.hset(keys.jobErrors, entryId, error.slice(0, 2000));
}

/**
 * For each job, whether its result is already stored (its monitor's last applied fire time is not
 * older): such a job was run, so a delivery count past the limit must not bury it.
 */
export async function resultsStored(redis: RedisClient, keys: KeyBuilder, jobs: Array<Pick<HeldJob, 'monitorId' | 'fireTime'>>): Promise<boolean[]> {
  if (!jobs.length) return [];
  const pipeline = redis.pipeline();
  for (const job of jobs) pipeline.hget(keys.state(job.monitorId), 'lastFireTime');
  const replies = (await pipeline.exec()) ?? [];
  return jobs.map((job, i) => {
    const [error, last] = replies[i] ?? [];
    if (error) throw error;
    return typeof last === 'string' && Number(last) >= job.fireTime;
  });
}

/** Moves a job that failed too often to the dead-letter stream and acks it, in one step. */
export async function buryJob(redis: RedisClient, keys: KeyBuilder, consumer: string, job: HeldJob, lastError: string, locked: boolean): Promise<void> {
  await redis.imalertBuryJob(keys.jobs, keys.deadLetters, keys.jobErrors, keys.locks, job.id, job.monitorId, String(job.fireTime),
    job.dispatchId, job.trigger, lastError.slice(0, 2000), job.deliveries, JOBS_GROUP, MAX_DEAD_LETTERS, consumer, lockFlag(locked));
}

function toDeadLetter([id, fields]: [string, string[]]): DeadLetter {
  const map: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) map[fields[i]] = fields[i + 1];
  return {
    id,
    jobId: map.jobId ?? '',
    monitorId: map.monitorId ?? '',
    fireTime: Number(map.fireTime),
    dispatchId: map.dispatchId ?? '',
    trigger: map.trigger ?? '',
    deliveries: Number(map.deliveries),
    lastError: map.lastError ?? '',
    deadAt: Number(map.deadAt),
  };
}

/** Newest first; `before` (an id) pages further back. */
export async function listDeadLetters({ redis, keys }: Ctx, options: { count?: number; before?: string } = {}): Promise<DeadLetter[]> {
  const count = Math.min(Math.max(options.count ?? 50, 1), 1000);
  const end = options.before ? `(${options.before}` : '+';
  const rows = (await redis.xrevrange(keys.deadLetters, end, '-', 'COUNT', count)) as Array<[string, string[]]>;
  return rows.map(toDeadLetter);
}

export async function countDeadLetters({ redis, keys }: Ctx): Promise<number> {
  return redis.xlen(keys.deadLetters);
}

/**
 * Puts a dead letter back on the jobs stream and removes it, atomically. By default it runs as a
 * manual run fired now (an old fire time would be stale for the result); `original` keeps its fire
 * time and trigger. Returns the new job's id, or null when the dead letter is gone.
 */
export async function redriveDeadLetter({ redis, keys }: Ctx, id: string, options: { as?: 'manual' | 'original' } = {}): Promise<string | null> {
  if (!STREAM_ID.test(id)) return null;
  return redis.imalertRedriveDeadLetter(keys.deadLetters, keys.jobs, id, options.as ?? 'manual');
}

/** Removes a dead letter for good; false when it was already gone. */
export async function discardDeadLetter({ redis, keys }: Ctx, id: string): Promise<boolean> {
  if (!STREAM_ID.test(id)) return false;
  return (await redis.xdel(keys.deadLetters, id)) > 0;
}

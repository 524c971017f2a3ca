import type { Redis } from 'ioredis';
import { JOBS_GROUP, type KeyBuilder } from '../store/keys';
import { heldJobsOf, type HeldJob, type StreamEntry } from './job';
import { runScript } from './script';
import { LUA_FINISH_JOBS } from './lua-finish-jobs';

/** Reads up to `entries` new stream entries (jobs) for this consumer, waiting at most `blockMs` for one. */
export async function readNewJobs(redis: Redis, keys: KeyBuilder, consumer: string, entries: number, blockMs: number): Promise<{ jobs: HeldJob[]; malformed: string[] }> {
  const reply = (await redis.xreadgroup('GROUP', JOBS_GROUP, consumer, 'COUNT', entries, 'BLOCK', blockMs, 'STREAMS', keys.jobs, '>')) as Array<[string, StreamEntry[]]> | null;
  return heldJobsOf(reply?.[0]?.[1] ?? [], () => 1);
}

/** Who holds a monitor's lock: this consumer for this stream entry. */
export const lockOwner = (consumer: string, entryId: string) => `${consumer}|${entryId}`;

/**
 * Acks jobs that need no result (or whose result is stored), drops their last errors and frees the
 * locks they hold, one command of each kind per batch. Results are acked by the result script itself.
 * KEYS: jobs, job errors, locks. ARGV: 1 group, 2 consumer, 3 n, then per job entry id, monitor id,
 * '1' when this delivery holds the monitor's lock, '2' when it does and the entry is acked later (a
 * packed entry: see parseJobEntries), '' when it holds no lock.
 */
const FINISH = `${LUA_FINISH_JOBS}
local n = tonumber(ARGV[3])
local ids, lockIds, lockEntries = {}, {}, {}
for i = 1, n do
  local a = 1 + 3 * i
  local lock = ARGV[a + 2]
  if lock ~= '2' then ids[#ids + 1] = ARGV[a] end
  if lock ~= '' then
    lockIds[#lockIds + 1] = ARGV[a + 1]
    lockEntries[#lockEntries + 1] = ARGV[a]
  end
end
finishJobs(KEYS[1], KEYS[2], KEYS[3], ARGV[1], ARGV[2], ids, lockIds, lockEntries)
return n
`;

/** Jobs per FINISH call (HMGET unpacks its arguments on Lua's stack). */
const FINISH_CHUNK = 500;

/** `ack: false` frees the lock only: the job's packed entry is acked once all of its jobs are done. */
export type FinishItem = { job: Pick<HeldJob, 'id' | 'monitorId'>; locked: boolean; ack?: boolean };

export async function finishJobs(redis: Redis, keys: KeyBuilder, consumer: string, items: FinishItem[]): Promise<void> {
  // A job acked later that holds no lock has nothing to do here.
  const jobs = items.filter((item) => item.locked || item.ack !== false);
  const lockFlag = ({ locked, ack }: FinishItem) => (!locked ? '' : ack === false ? '2' : '1');
  for (let i = 0; i < jobs.length; i += FINISH_CHUNK) {
    const chunk = jobs.slice(i, i + FINISH_CHUNK);
    const args = [JOBS_GROUP, consumer, String(chunk.length), ...chunk.flatMap((item) => [item.job.id, item.job.monitorId, lockFlag(item)])];
    await runScript(redis, FINISH, [keys.jobs, keys.jobErrors, keys.locks], args);
  }
}

/** Who holds a monitor's lock now ("<consumer>|<entry id>"), or null when it is free or expired. */
export async function lockHolder(redis: Redis, keys: KeyBuilder, monitorId: string): Promise<string | null> {
  const [value, [seconds, micros]] = await Promise.all([redis.hget(keys.locks, monitorId), redis.time()]);
  const match = value ? /^(.*)\|(\d+)$/.exec(value) : null;
  if (!match) return null;
  return Number(match[2]) > Number(seconds) * 1000 + Math.floor(Number(micros) / 1000) ? match[1] : null;
}

/** Acks entries that are not jobs at all (nothing to run, nothing to store). */
export async function ackMalformed(redis: Redis, keys: KeyBuilder, ids: string[]): Promise<void> {
  if (ids.length) await redis.xack(keys.jobs, JOBS_GROUP, ...ids);
}

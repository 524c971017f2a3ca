import type { Redis } from 'ioredis';
import { JOBS_GROUP, type KeyBuilder } from '../store/keys';
import { heldJobsOf, type HeldJob, type StreamEntry } from './job';
import { runScript } from './script';
import { LUA_FINISH_JOBS, LUA_LOCKS } from './lua-finish-jobs';
import { LUA_NUM } from './lua-num';

/** Reads up to `entries` new stream entries (jobs) for this consumer, waiting at most `blockMs` for one. */
export async function readNewJobs(redis: Redis, keys: KeyBuilder, consumer: string, entries: number, blockMs: number): Promise<{ jobs: HeldJob[]; malformed: string[] }> {
  const reply = (await redis.xreadgroup('GROUP', JOBS_GROUP, consumer, 'COUNT', entries, 'BLOCK', blockMs, 'STREAMS', keys.jobs, '>')) as Array<[string, StreamEntry[]]> | null;
  return heldJobsOf(reply?.[0]?.[1] ?? [], () => 1);
}

/** Who holds a monitor's lock: this consumer for this stream entry. */
export const lockOwner = (consumer: string, entryId: string) => `${consumer}|${entryId}`;

/** 'gone': the monitor was deleted; this delivery holds its lock all the same (free it with the ack). */
export type Readiness = { state: 'gone' } | { state: 'stale' } | { state: 'locked' } | { state: 'run'; json: string };

/** What PREPARE answers per job. */
const PREPARED = ['lock', 'stale', 'locked'] as const;

/**
 * For each job, in one round trip: has a later fire of it been dispatched (schedule jobs only), and
 * can it take the monitor's lock. The lock is taken over when it expired or its holder is an earlier
 * delivery of the same entry (a worker that died while running it). One HMGET of lastDispatched, one
 * HMGET and one HSET of the locks serve the whole batch.
 *
 * The records are read by a plain MGET sent right behind the script, not by the script: a record
 * taken into Lua is copied into Lua's string table, where records alike but for a few characters share
 * a hash (Lua 5.1 hashes long strings from a sample of their characters), so each new one was compared
 * with many before it. Redis's instructions for the step, MGET included: 30,000 a job with the MGET in
 * the script, 23,300 behind it (callgrind). Read just after the lock is taken, a record is as fresh as
 * the lock; a job whose record is gone by then is acked with its lock freed.
 *
 * KEYS: lastDispatched, locks. ARGV: 1 n, 2 consumer, 3 lock ttl ms, then per job monitorId, fireTime
 * ('m' for a manual job: never stale, so its fire time is not needed here), stream entry id (three
 * arguments a job: Redis takes each in about 0.3 µs). Returns per job an index into PREPARED.
 */
const PREPARE = `${LUA_LOCKS}${LUA_NUM}
local LOCK, STALE, LOCKED = 0, 1, 2
local n, consumer, ttl = tonumber(ARGV[1]), ARGV[2], tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local expires = string.format('%d', now + ttl)
local ids = {}
for i = 1, n do ids[i] = ARGV[3 * i + 1] end
local last = redis.call('HMGET', KEYS[1], unpack(ids))
local holders = redis.call('HMGET', KEYS[2], unpack(ids))
-- Locks taken by this call, by monitor id: a later job of the same monitor in the batch sees its
-- lock as taken (a lookup, not a scan of the rest of the batch per job).
local out, taken, takenHere = {}, {}, {}
for i = 1, n do
  local a = 3 * i + 1
  local fireTime, entry = ARGV[a + 1], ARGV[a + 2]
  if fireTime ~= 'm' and last[i] and last[i] ~= fireTime and num(last[i]) > num(fireTime) then
    out[i] = STALE
  else
    local id = ids[i]
    local holder = takenHere[id] or holders[i]
    if (not holder) or lockExpired(holder, now) or string.find(holder, '|' .. entry .. '|', 1, true) then
      local value = consumer .. '|' .. entry .. '|' .. expires
      taken[#taken + 1] = id
      taken[#taken + 1] = value
      takenHere[id] = value
      out[i] = LOCK
    else
      out[i] = LOCKED
    end
  end
end
if #taken > 0 then redis.call('HSET', KEYS[2], unpack(taken)) end
return out
`;

/** Jobs per PREPARE call (HMGET unpacks its arguments on Lua's stack). */
const PREPARE_CHUNK = 500;

export async function prepareJobs(redis: Redis, keys: KeyBuilder, consumer: string, jobs: HeldJob[], lockTtlMs: number): Promise<Readiness[]> {
  const calls: Array<Promise<Readiness[]>> = [];
  for (let i = 0; i < jobs.length; i += PREPARE_CHUNK) calls.push(prepareChunk(redis, keys, consumer, jobs.slice(i, i + PREPARE_CHUNK), lockTtlMs));
  return (await Promise.all(calls)).flat();
}

async function prepareChunk(redis: Redis, keys: KeyBuilder, consumer: string, jobs: HeldJob[], lockTtlMs: number): Promise<Readiness[]> {
  const args: string[] = [String(jobs.length), consumer, String(Math.max(1, Math.ceil(lockTtlMs)))];
  for (const job of jobs) args.push(job.monitorId, job.trigger === 'manual' ? 'm' : String(job.fireTime), job.id);
  // Both go out together, the MGET behind the script: one round trip (see PREPARE).
  const script = runScript(redis, PREPARE, [keys.lastDispatched, keys.locks], args) as Promise<number[]>;
  const records = redis.mget(jobs.map((job) => keys.monitor(job.monitorId)));
  const [reply, json] = await Promise.all([script, records]);
  return reply.map((value, i): Readiness => {
    const prepared = PREPARED[value];
    if (prepared !== 'lock') return { state: prepared };
    const record = json[i];
    return record === null ? { state: 'gone' } : { state: 'run', json: record };
  });
}

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

/** `ack: false` frees the lock only: the job's packed entry is acked once all of its jobs are done. */
export type FinishItem = { job: Pick<HeldJob, 'id' | 'monitorId'>; locked: boolean; ack?: boolean };

export async function finishJobs(redis: Redis, keys: KeyBuilder, consumer: string, items: FinishItem[]): Promise<void> {
  // A job acked later that holds no lock has nothing to do here.
  const jobs = items.filter((item) => item.locked || item.ack !== false);
  const lockFlag = ({ locked, ack }: FinishItem) => (!locked ? '' : ack === false ? '2' : '1');
  for (let i = 0; i < jobs.length; i += PREPARE_CHUNK) {
    const chunk = jobs.slice(i, i + PREPARE_CHUNK);
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

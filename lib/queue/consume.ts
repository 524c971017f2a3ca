import type { Redis } from 'ioredis';
import { JOBS_GROUP, type KeyBuilder } from '../store/keys';
import { parseJobEntry, type HeldJob, type StreamEntry } from './job';
import { runScript } from './script';
import { LUA_FINISH_JOBS, LUA_LOCKS } from './lua-finish-jobs';

/** Reads up to `count` new jobs for this consumer, waiting at most `blockMs` for one to arrive. */
export async function readNewJobs(redis: Redis, keys: KeyBuilder, consumer: string, count: number, blockMs: number): Promise<{ jobs: HeldJob[]; malformed: string[] }> {
  const reply = (await redis.xreadgroup('GROUP', JOBS_GROUP, consumer, 'COUNT', count, 'BLOCK', blockMs, 'STREAMS', keys.jobs, '>')) as Array<[string, StreamEntry[]]> | null;
  const jobs: HeldJob[] = [];
  const malformed: string[] = [];
  for (const entry of reply?.[0]?.[1] ?? []) {
    const job = parseJobEntry(entry);
    if (job) jobs.push(Object.assign(job, { deliveries: 1 }));
    else malformed.push(entry[0]);
  }
  return { jobs, malformed };
}

/** Who holds a monitor's lock: this consumer for this stream entry. */
export const lockOwner = (consumer: string, entryId: string) => `${consumer}|${entryId}`;

export type Readiness = { state: 'gone' } | { state: 'stale' } | { state: 'locked' } | { state: 'run'; json: string };

/** What PREPARE answers, per job, for a job that does not run (integers; a job that runs gets its record). */
const NOT_RUN = ['gone', 'stale', 'locked'] as const;

/**
 * For each job, in one round trip: is the monitor still there, has a later fire of it been dispatched
 * (schedule jobs only), and can it take the monitor's lock. The lock is taken over when it expired or
 * its holder is an earlier delivery of the same entry (a worker that died while running it). One MGET,
 * one HMGET of lastDispatched, one HMGET and one HSET of the locks serve the whole batch.
 *
 * KEYS: lastDispatched, locks. ARGV: 1 n, 2 consumer, 3 lock ttl ms, 4 monitor key prefix, then per job
 * monitorId, fireTime ('m' for a manual job: never stale, so its fire time is not needed here), stream
 * entry id (three arguments a job: Redis takes each in about 0.3 µs). Monitor keys are built here from
 * the prefix: every key shares one hash tag, so they are in the slot of the declared ones. Returns per
 * job its record (it runs) or an integer, an index into NOT_RUN.
 */
const PREPARE = `${LUA_LOCKS}
local GONE, STALE, LOCKED = 0, 1, 2
local n, consumer, ttl, monitorPrefix = tonumber(ARGV[1]), ARGV[2], tonumber(ARGV[3]), ARGV[4]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local expires = string.format('%d', now + ttl)
local monitorKeys, ids = {}, {}
for i = 1, n do
  ids[i] = ARGV[2 + 3 * i]
  monitorKeys[i] = monitorPrefix .. ids[i]
end
local records = redis.call('MGET', unpack(monitorKeys))
local last = redis.call('HMGET', KEYS[1], unpack(ids))
local holders = redis.call('HMGET', KEYS[2], unpack(ids))
-- Locks taken by this call, by monitor id: a later job of the same monitor in the batch sees its
-- lock as taken (a lookup, not a scan of the rest of the batch per job).
local out, taken, takenHere = {}, {}, {}
for i = 1, n do
  local a = 2 + 3 * i
  local fireTime, entry = ARGV[a + 1], ARGV[a + 2]
  if not records[i] then
    out[i] = GONE
  elseif fireTime ~= 'm' and last[i] and tonumber(last[i]) > tonumber(fireTime) then
    out[i] = STALE
  else
    local id = ids[i]
    local holder = takenHere[id] or holders[i]
    if (not holder) or lockExpired(holder, now) or string.find(holder, '|' .. entry .. '|', 1, true) then
      local value = consumer .. '|' .. entry .. '|' .. expires
      taken[#taken + 1] = id
      taken[#taken + 1] = value
      takenHere[id] = value
      -- The record itself (a string): the job runs. A flat reply, no table per job.
      out[i] = records[i]
    else
      out[i] = LOCKED
    end
  end
end
if #taken > 0 then redis.call('HSET', KEYS[2], unpack(taken)) end
return out
`;

/** Jobs per PREPARE call (MGET and HMGET unpack their arguments on Lua's stack). */
const PREPARE_CHUNK = 500;

export async function prepareJobs(redis: Redis, keys: KeyBuilder, consumer: string, jobs: HeldJob[], lockTtlMs: number): Promise<Readiness[]> {
  const calls: Array<Promise<Readiness[]>> = [];
  for (let i = 0; i < jobs.length; i += PREPARE_CHUNK) calls.push(prepareChunk(redis, keys, consumer, jobs.slice(i, i + PREPARE_CHUNK), lockTtlMs));
  return (await Promise.all(calls)).flat();
}

async function prepareChunk(redis: Redis, keys: KeyBuilder, consumer: string, jobs: HeldJob[], lockTtlMs: number): Promise<Readiness[]> {
  const args: string[] = [String(jobs.length), consumer, String(Math.max(1, Math.ceil(lockTtlMs))), keys.monitor('')];
  for (const job of jobs) args.push(job.monitorId, job.trigger === 'manual' ? 'm' : String(job.fireTime), job.id);
  const reply = (await runScript(redis, PREPARE, [keys.lastDispatched, keys.locks], args)) as Array<string | number>;
  return reply.map((value) => (typeof value === 'string' ? { state: 'run', json: value } : { state: NOT_RUN[value] }));
}

/**
 * Acks jobs that need no result (or whose result is stored), drops their last errors and frees the
 * locks they hold, one command of each kind per batch. Results are acked by the result script itself.
 * KEYS: jobs, job errors, locks. ARGV: 1 group, 2 consumer, 3 n, then per job entry id, monitor id,
 * '1' when this delivery holds the monitor's lock.
 */
const FINISH = `${LUA_FINISH_JOBS}
local n = tonumber(ARGV[3])
local ids, lockIds, lockEntries = {}, {}, {}
for i = 1, n do
  local a = 1 + 3 * i
  ids[i] = ARGV[a]
  if ARGV[a + 2] == '1' then
    lockIds[#lockIds + 1] = ARGV[a + 1]
    lockEntries[#lockEntries + 1] = ARGV[a]
  end
end
finishJobs(KEYS[1], KEYS[2], KEYS[3], ARGV[1], ARGV[2], ids, lockIds, lockEntries)
return n
`;

export async function finishJobs(redis: Redis, keys: KeyBuilder, consumer: string, jobs: Array<{ job: Pick<HeldJob, 'id' | 'monitorId'>; locked: boolean }>): Promise<void> {
  for (let i = 0; i < jobs.length; i += PREPARE_CHUNK) {
    const chunk = jobs.slice(i, i + PREPARE_CHUNK);
    const args = [JOBS_GROUP, consumer, String(chunk.length), ...chunk.flatMap(({ job, locked }) => [job.id, job.monitorId, locked ? '1' : ''])];
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

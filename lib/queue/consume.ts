import type { Redis } from 'ioredis';
import { JOBS_GROUP, type KeyBuilder } from '../store/keys';
import { parseJobEntry, type HeldJob, type StreamEntry } from './job';
import { runScript } from './script';
import { LUA_FINISH_JOBS } from './lua-finish-jobs';

/** Reads up to `count` new jobs for this consumer, waiting at most `blockMs` for one to arrive. */
export async function readNewJobs(redis: Redis, keys: KeyBuilder, consumer: string, count: number, blockMs: number): Promise<{ jobs: HeldJob[]; malformed: string[] }> {
  const reply = (await redis.xreadgroup('GROUP', JOBS_GROUP, consumer, 'COUNT', count, 'BLOCK', blockMs, 'STREAMS', keys.jobs, '>')) as Array<[string, StreamEntry[]]> | null;
  const jobs: HeldJob[] = [];
  const malformed: string[] = [];
  for (const entry of reply?.[0]?.[1] ?? []) {
    const job = parseJobEntry(entry);
    if (job) jobs.push({ ...job, deliveries: 1 });
    else malformed.push(entry[0]);
  }
  return { jobs, malformed };
}

/** Who holds a monitor's lock: this consumer for this stream entry. */
export const lockOwner = (consumer: string, entryId: string) => `${consumer}|${entryId}`;

export type Readiness = { state: 'gone' } | { state: 'stale' } | { state: 'locked' } | { state: 'run'; json: string };

/**
 * For each job, in one round trip: is the monitor still there, has a later fire of it been dispatched
 * (schedule jobs only), and can it take the monitor's lock. The lock is taken over when its holder is
 * an earlier delivery of the same entry (a worker that died while running it). Reads are one MGET or
 * HMGET per batch: only taking a lock (SET PX) is a command per job.
 */
const PREPARE = `
local n = tonumber(ARGV[1])
local monitorKeys, lockKeys, ids = {}, {}, {}
for i = 1, n do
  monitorKeys[i], lockKeys[i], ids[i] = KEYS[2 * i], KEYS[2 * i + 1], ARGV[2 + (i - 1) * 6]
end
local records = redis.call('MGET', unpack(monitorKeys))
local last = redis.call('HMGET', KEYS[1], unpack(ids))
local holders = redis.call('MGET', unpack(lockKeys))
local out = {}
for i = 1, n do
  local a = 1 + (i - 1) * 6
  local fireTime, trigger, owner, ttl, entry = ARGV[a + 2], ARGV[a + 3], ARGV[a + 4], ARGV[a + 5], ARGV[a + 6]
  if not records[i] then
    out[i] = {'gone'}
  elseif trigger == 'schedule' and last[i] and tonumber(last[i]) > tonumber(fireTime) then
    out[i] = {'stale'}
  else
    local holder = holders[i]
    local suffix = '|' .. entry
    if (not holder) or string.sub(holder, -#suffix) == suffix then
      redis.call('SET', lockKeys[i], owner, 'PX', ttl)
      -- A later job of the same monitor in this batch must see the lock as taken.
      for j = i + 1, n do
        if lockKeys[j] == lockKeys[i] then holders[j] = owner end
      end
      out[i] = {'run', records[i]}
    else
      out[i] = {'locked'}
    end
  end
end
return out
`;

/** Jobs per PREPARE call (MGET and HMGET unpack their arguments on Lua's stack). */
const PREPARE_CHUNK = 500;

export async function prepareJobs(redis: Redis, keys: KeyBuilder, consumer: string, jobs: Array<{ job: HeldJob; lockTtlMs: number }>): Promise<Readiness[]> {
  const calls: Array<Promise<Readiness[]>> = [];
  for (let i = 0; i < jobs.length; i += PREPARE_CHUNK) calls.push(prepareChunk(redis, keys, consumer, jobs.slice(i, i + PREPARE_CHUNK)));
  return (await Promise.all(calls)).flat();
}

async function prepareChunk(redis: Redis, keys: KeyBuilder, consumer: string, jobs: Array<{ job: HeldJob; lockTtlMs: number }>): Promise<Readiness[]> {
  const keyList = [keys.lastDispatched];
  const args: string[] = [String(jobs.length)];
  for (const { job, lockTtlMs } of jobs) {
    keyList.push(keys.monitor(job.monitorId), keys.running(job.monitorId));
    args.push(job.monitorId, String(job.fireTime), job.trigger, lockOwner(consumer, job.id), String(Math.max(1, Math.ceil(lockTtlMs))), job.id);
  }
  const reply = (await runScript(redis, PREPARE, keyList, args)) as Array<[string, string?]>;
  return reply.map(([state, json]) => (state === 'run' ? { state, json: json as string } : { state: state as 'gone' | 'stale' | 'locked' }));
}

/**
 * Acks jobs that need no result (or whose result is stored), drops their last errors and frees the
 * locks they hold, one command of each kind per batch. Results are acked by the result script itself.
 */
const FINISH = `${LUA_FINISH_JOBS}
local n = tonumber(ARGV[2])
local ids, lockKeys, owners = {}, {}, {}
for i = 1, n do
  ids[i] = ARGV[1 + 2 * i]
  local owner = ARGV[2 + 2 * i]
  if owner ~= '' then
    lockKeys[#lockKeys + 1] = KEYS[2 + i]
    owners[#owners + 1] = owner
  end
end
finishJobs(KEYS[1], KEYS[2], ARGV[1], ids, lockKeys, owners)
return n
`;

export async function finishJobs(redis: Redis, keys: KeyBuilder, consumer: string, jobs: Array<{ job: Pick<HeldJob, 'id' | 'monitorId'>; locked: boolean }>): Promise<void> {
  for (let i = 0; i < jobs.length; i += PREPARE_CHUNK) {
    const chunk = jobs.slice(i, i + PREPARE_CHUNK);
    const keyList = [keys.jobs, keys.jobErrors, ...chunk.map(({ job }) => keys.running(job.monitorId))];
    const args = [JOBS_GROUP, String(chunk.length), ...chunk.flatMap(({ job, locked }) => [job.id, locked ? lockOwner(consumer, job.id) : ''])];
    await runScript(redis, FINISH, keyList, args);
  }
}

/** Acks entries that are not jobs at all (nothing to run, nothing to store). */
export async function ackMalformed(redis: Redis, keys: KeyBuilder, ids: string[]): Promise<void> {
  if (ids.length) await redis.xack(keys.jobs, JOBS_GROUP, ...ids);
}

import type { Redis } from 'ioredis';
import { JOBS_GROUP, type KeyBuilder } from '../store/keys';
import { parseJobEntry, type HeldJob, type StreamEntry } from './job';
import { runScript } from './script';

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
 * an earlier delivery of the same entry (a worker that died while running it).
 */
const PREPARE = `
local out = {}
local n = tonumber(ARGV[1])
for i = 1, n do
  local a = 1 + (i - 1) * 6
  local monitorId, fireTime, trigger, owner, ttl, entry = ARGV[a + 1], ARGV[a + 2], ARGV[a + 3], ARGV[a + 4], ARGV[a + 5], ARGV[a + 6]
  local json = redis.call('GET', KEYS[2 * i])
  if not json then
    out[i] = {'gone'}
  else
    local last = redis.call('HGET', KEYS[1], monitorId)
    if trigger == 'schedule' and last and tonumber(last) > tonumber(fireTime) then
      out[i] = {'stale'}
    else
      local lock = KEYS[2 * i + 1]
      local holder = redis.call('GET', lock)
      local suffix = '|' .. entry
      if (not holder) or string.sub(holder, -#suffix) == suffix then
        redis.call('SET', lock, owner, 'PX', ttl)
        out[i] = {'run', json}
      else
        out[i] = {'locked'}
      end
    end
  end
end
return out
`;

export async function prepareJobs(redis: Redis, keys: KeyBuilder, consumer: string, jobs: Array<{ job: HeldJob; lockTtlMs: number }>): Promise<Readiness[]> {
  if (!jobs.length) return [];
  const keyList = [keys.lastDispatched];
  const args: string[] = [String(jobs.length)];
  for (const { job, lockTtlMs } of jobs) {
    keyList.push(keys.monitor(job.monitorId), keys.running(job.monitorId));
    args.push(job.monitorId, String(job.fireTime), job.trigger, lockOwner(consumer, job.id), String(Math.max(1, Math.ceil(lockTtlMs))), job.id);
  }
  const reply = (await runScript(redis, PREPARE, keyList, args)) as Array<[string, string?]>;
  return reply.map(([state, json]) => (state === 'run' ? { state, json: json as string } : { state: state as 'gone' | 'stale' | 'locked' }));
}

/** Acks jobs whose result is stored (or that need none), drops their last error and frees their locks. */
const FINISH = `
local n = tonumber(ARGV[2])
for i = 1, n do
  local id, owner = ARGV[1 + 2 * i], ARGV[2 + 2 * i]
  redis.call('XACK', KEYS[1], ARGV[1], id)
  redis.call('HDEL', KEYS[2], id)
  if owner ~= '' and redis.call('GET', KEYS[2 + i]) == owner then redis.call('DEL', KEYS[2 + i]) end
end
return n
`;

export async function finishJobs(redis: Redis, keys: KeyBuilder, consumer: string, jobs: Array<{ job: Pick<HeldJob, 'id' | 'monitorId'>; locked: boolean }>): Promise<void> {
  if (!jobs.length) return;
  const keyList = [keys.jobs, keys.jobErrors, ...jobs.map(({ job }) => keys.running(job.monitorId))];
  const args = [JOBS_GROUP, String(jobs.length), ...jobs.flatMap(({ job, locked }) => [job.id, locked ? lockOwner(consumer, job.id) : ''])];
  await runScript(redis, FINISH, keyList, args);
}

/** Acks entries that are not jobs at all (nothing to run, nothing to store). */
export async function ackMalformed(redis: Redis, keys: KeyBuilder, ids: string[]): Promise<void> {
  if (ids.length) await redis.xack(keys.jobs, JOBS_GROUP, ...ids);
}

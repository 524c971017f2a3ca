import type { Redis } from 'ioredis';
import { JOBS_GROUP, type KeyBuilder } from '../store/keys';
import { MAX_DEAD_LETTERS } from './dead-letters';
import type { HeldJob } from './job';
import { LUA_LOCKS } from './lua-finish-jobs';
import { runScript } from './script';

/**
 * Ends a packed entry (several scheduled jobs in one stream entry: see parseJobEntries) some of whose
 * jobs failed, once every other job of it is done: each failed job goes back on the stream as an entry
 * of its own, carrying the deliveries it had (d), or to the dead letters when it had too many; the
 * locks they held are freed and the packed entry is acked, in one step. From there a failed job takes
 * the one-job path (redelivery with backoff, dead letter after N deliveries), so one bad monitor never
 * holds back or re-runs the other jobs packed with it.
 *
 * KEYS: jobs, dead letters, job errors, locks. ARGV: 1 group, 2 consumer, 3 packed entry id, 4 dead
 * letters kept, 5 n, then per failed job: job key, monitor id, fire time, deliveries, last error,
 * '1' to bury it. Returns per failed job its new entry id, or '' when it was buried; nothing when the
 * entry is no longer pending.
 */
const SPLIT = `${LUA_LOCKS}
local group, consumer, entry = ARGV[1], ARGV[2], ARGV[3]
-- Already split (a retry after a lost reply) or taken and acked by another worker: nothing to do twice.
if #redis.call('XPENDING', KEYS[1], group, entry, entry, 1) == 0 then return {} end
local owner = consumer .. '|' .. entry
local t = redis.call('TIME')
local now = tostring(t[1] * 1000 + math.floor(t[2] / 1000))
local out = {}
for i = 1, tonumber(ARGV[5]) do
  local a = 5 + 6 * (i - 1)
  local key, monitorId, fireTime, deliveries, err = ARGV[a + 1], ARGV[a + 2], ARGV[a + 3], ARGV[a + 4], ARGV[a + 5]
  if err == '' then err = 'the worker running it stopped without a result' end
  if lockHeldBy(redis.call('HGET', KEYS[4], monitorId), owner) then redis.call('HDEL', KEYS[4], monitorId) end
  if ARGV[a + 6] == '1' then
    redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[4], '*', 'jobId', key, 'monitorId', monitorId, 'fireTime', fireTime,
      'dispatchId', 's:' .. monitorId .. ':' .. fireTime, 'trigger', 'schedule', 'deliveries', deliveries, 'lastError', err, 'deadAt', now)
    out[i] = ''
  else
    local id = redis.call('XADD', KEYS[1], '*', 'j', monitorId .. ' ' .. fireTime, 'd', deliveries)
    redis.call('HSET', KEYS[3], id, err)
    out[i] = id
  end
end
redis.call('XACK', KEYS[1], group, entry)
redis.call('HDEL', KEYS[3], entry)
return out
`;

export interface FailedPart {
  job: HeldJob;
  message: string;
  bury: boolean;
}

/** See SPLIT. Returns per failed job its new entry id, or '' when it went to the dead letters. */
export async function splitEntry(redis: Redis, keys: KeyBuilder, consumer: string, entryId: string, failed: FailedPart[]): Promise<string[]> {
  const args = [JOBS_GROUP, consumer, entryId, String(MAX_DEAD_LETTERS), String(failed.length)];
  for (const { job, message, bury } of failed) args.push(job.key, job.monitorId, String(job.fireTime), String(job.deliveries), message.slice(0, 2000), bury ? '1' : '');
  return (await runScript(redis, SPLIT, [keys.jobs, keys.deadLetters, keys.jobErrors, keys.locks], args)) as string[];
}

import type { Redis } from 'ioredis';

/**
 * One atomic step per batch of due monitors. For each monitor whose score is still the one the
 * controller read (compare-and-set: a second controller, an edit or a delete in between makes it a
 * no-op), it does what the op says:
 *   d  XADD the job, raise lastDispatched, move the score to the next fire time
 *   b  move the score forward without a job (a record the controller cannot read)
 *   z  drop it from the schedule (the record says paused)
 *   r  drop it from the schedule if its record is gone (uses the next monitor key in KEYS)
 * Nothing is trimmed here: the workers trim the stream below what is still pending.
 *
 * KEYS: schedule, jobs, lastDispatched, then one monitor key per 'r' op, in order.
 * ARGV: groups of five: op, id, expectedScore, fireTime, nextScore.
 * Returns { dispatched, conflicts }.
 */
export const DISPATCH_BATCH = `
local dispatched, conflicts, monitorKey = 0, 0, 3
for i = 1, #ARGV, 5 do
  local op, id, expected, fire, nxt = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4]
  if op == 'r' then monitorKey = monitorKey + 1 end
  local score = redis.call('ZSCORE', KEYS[1], id)
  if score and tonumber(score) == tonumber(expected) then
    if op == 'd' then
      redis.call('XADD', KEYS[2], '*', 'monitorId', id, 'fireTime', fire, 'dispatchId', 's:' .. id .. ':' .. fire, 'trigger', 'schedule')
      local last = redis.call('HGET', KEYS[3], id)
      if not last or tonumber(last) < tonumber(fire) then redis.call('HSET', KEYS[3], id, fire) end
      redis.call('ZADD', KEYS[1], nxt, id)
      dispatched = dispatched + 1
    elseif op == 'b' then
      redis.call('ZADD', KEYS[1], nxt, id)
    elseif op == 'z' then
      redis.call('ZREM', KEYS[1], id)
    elseif op == 'r' and redis.call('EXISTS', KEYS[monitorKey]) == 0 then
      redis.call('ZREM', KEYS[1], id)
    end
  else
    conflicts = conflicts + 1
  end
end
return { dispatched, conflicts }
`;

/**
 * Run-now: a manual job, fire time = Redis's clock, only when the monitor exists.
 * KEYS: monitor, jobs, lastDispatched. ARGV: id, dispatchId suffix. Returns { streamId, fireTime } or false.
 */
export const RUN_NOW = `
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
local t = redis.call('TIME')
local fire = t[1] .. string.format('%03d', math.floor(tonumber(t[2]) / 1000))
local streamId = redis.call('XADD', KEYS[2], '*', 'monitorId', ARGV[1], 'fireTime', fire, 'dispatchId', 'm:' .. ARGV[1] .. ':' .. ARGV[2], 'trigger', 'manual')
local last = redis.call('HGET', KEYS[3], ARGV[1])
if not last or tonumber(last) < tonumber(fire) then redis.call('HSET', KEYS[3], ARGV[1], fire) end
return { streamId, fire }
`;

type Reply<T> = Promise<T>;

export interface QueueScripts {
  imalertDispatchBatch(numKeys: number, ...args: string[]): Reply<[number, number]>;
  imalertRunNow(...args: string[]): Reply<[string, string] | null>;
}

/** Registers the scripts on a client (EVALSHA, falling back to EVAL after a Redis restart). */
export function withQueueScripts(redis: Redis): Redis & QueueScripts {
  const client = redis as Redis & QueueScripts;
  if (typeof client.imalertDispatchBatch !== 'function') {
    redis.defineCommand('imalertDispatchBatch', { lua: DISPATCH_BATCH });
    redis.defineCommand('imalertRunNow', { lua: RUN_NOW, numberOfKeys: 3 });
  }
  return client;
}

import { JOBS_PER_ENTRY } from './job';
import { LUA_NUM } from './lua-num';

/**
 * One atomic step per batch of due monitors. For each monitor whose score is still the one the
 * controller read (compare-and-set: a second controller, an edit or a delete in between makes it a
 * no-op), it does what the op says:
 *   d  add the job (a field j = "<monitor id> <fire time>", packed with up to JOBS_PER_ENTRY others
 *      into one stream entry: see parseJobEntries), raise lastDispatched, move the score to the next
 *      fire time
 *   b  move the score forward without a job (a record the controller cannot read)
 *   z  drop it from the schedule (the record says paused)
 *   r  drop it from the schedule if its record is gone (uses the next monitor key in KEYS)
 * Scores and lastDispatched are read, and the schedule written, with one variadic call per 500
 * monitors (ZMSCORE, HMGET, ZADD, HSET, ZREM) and one XADD per JOBS_PER_ENTRY jobs, which keeps Redis's
 * share of a dispatched job to a few microseconds. Nothing is trimmed here: workers trim the stream.
 *
 * KEYS: schedule, jobs, lastDispatched, then one monitor key per 'r' op, in order.
 * ARGV: five per monitor: op, id, expectedScore, fireTime, nextScore (empty strings where unused).
 * Plain arguments rather than one packed string split in Lua: Redis takes an argument in about 0.3 µs,
 * while string.gmatch over packed lines cost it about 2 µs more per monitor (measured); Redis is the
 * part of the pipeline every worker shares, the controller's CPU is not.
 * Returns { dispatched, conflicts, early, the earliest score left ('' if none), Redis's now in ms }.
 */
export const DISPATCH_BATCH = `${LUA_NUM}
local CHUNK = 500
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local n = #ARGV / 5
local function ids_from(first, last)
  local ids = {}
  for i = first, last do ids[#ids + 1] = ARGV[5 * i - 3] end
  return ids
end
local scores, last = {}, {}
for first = 1, n, CHUNK do
  local ids = ids_from(first, math.min(n, first + CHUNK - 1))
  local s = redis.call('ZMSCORE', KEYS[1], unpack(ids))
  local l = redis.call('HMGET', KEYS[3], unpack(ids))
  for j = 1, #ids do
    scores[first + j - 1] = s[j]
    last[first + j - 1] = l[j]
  end
end
local zadd, hset, zrem, packed = {}, {}, {}, {}
local function addJobs()
  if #packed > 0 then redis.call('XADD', KEYS[2], '*', unpack(packed)) end
  packed = {}
end
local dispatched, conflicts, early, monitorKey = 0, 0, 0, 3
for i = 1, n do
  local a = 5 * i - 5
  local op, id, expected, fire, nxt = ARGV[a + 1], ARGV[a + 2], ARGV[a + 3], ARGV[a + 4], ARGV[a + 5]
  if op == 'r' then monitorKey = monitorKey + 1 end
  local score = scores[i]
  -- Both strings are Redis's own formatting of the same double (ZRANGEBYSCORE, ZMSCORE).
  if op == 'd' and num(fire) > now then
    early = early + 1
  elseif score == expected then
    if op == 'd' then
      packed[#packed + 1] = 'j'
      packed[#packed + 1] = id .. ' ' .. fire
      if #packed == ${2 * JOBS_PER_ENTRY} then addJobs() end
      if not last[i] or num(last[i]) < num(fire) then
        hset[#hset + 1] = id
        hset[#hset + 1] = fire
      end
      zadd[#zadd + 1] = nxt
      zadd[#zadd + 1] = id
      dispatched = dispatched + 1
    elseif op == 'b' then
      zadd[#zadd + 1] = nxt
      zadd[#zadd + 1] = id
    elseif op == 'z' or (op == 'r' and redis.call('EXISTS', KEYS[monitorKey]) == 0) then
      zrem[#zrem + 1] = id
    end
  else
    conflicts = conflicts + 1
  end
end
addJobs()
local function flush(command, key, list, width)
  local step = CHUNK * width
  for first = 1, #list, step do
    redis.call(command, key, unpack(list, first, math.min(#list, first + step - 1)))
  end
end
flush('ZADD', KEYS[1], zadd, 2)
flush('HSET', KEYS[3], hset, 2)
flush('ZREM', KEYS[1], zrem, 1)
local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return { dispatched, conflicts, early, first[2] or '', now }
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

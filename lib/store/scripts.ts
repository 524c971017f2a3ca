/**
 * Lua scripts of the monitor store. A monitor's record, its name, its indexes and its place on the
 * schedule change together in one script, so a crash never leaves a monitor half-saved or scheduled
 * after deletion. KEYS are declared in full (all share one hash tag, so this also runs on a cluster).
 */

// KEYS: monitor, names, ids, schedule, paused, nameWords, kindIndex, state, pendingIndex, namesLex,
//       monitorVersions, monitorWrites
// ARGV: id, expectedJson ('' = create), json, lowerName, oldLowerName, nextFire ('' = unscheduled,
//       'keep' = keep the current score if scheduled), createdAt, enabled ('1'|'0'),
//       nOld, oldWords..., nNew, newWords...
export const SAVE_MONITOR = `
local cur = redis.call('GET', KEYS[1])
if ARGV[2] == '' then
  if cur then return 'EXISTS' end
elseif cur ~= ARGV[2] then
  return 'CONFLICT'
end
local owner = redis.call('HGET', KEYS[2], ARGV[4])
if owner and owner ~= ARGV[1] then return 'NAME_TAKEN' end
local id = ARGV[1]
redis.call('SET', KEYS[1], ARGV[3])
-- A number no earlier write of any record had: a worker's parsed copy is current while it matches.
redis.call('HSET', KEYS[11], id, redis.call('INCR', KEYS[12]))
if ARGV[5] ~= '' and ARGV[5] ~= ARGV[4] then redis.call('HDEL', KEYS[2], ARGV[5]) end
redis.call('HSET', KEYS[2], ARGV[4], id)
redis.call('ZADD', KEYS[3], 'NX', ARGV[7], id)
if ARGV[6] == '' then
  redis.call('ZREM', KEYS[4], id)
elseif ARGV[6] == 'keep' then
  -- schedule unchanged: keep a due score the controller has not dispatched yet
else
  redis.call('ZADD', KEYS[4], ARGV[6], id)
end
if ARGV[8] == '1' then redis.call('SREM', KEYS[5], id) else redis.call('SADD', KEYS[5], id) end
local nOld = tonumber(ARGV[9])
for i = 1, nOld do redis.call('ZREM', KEYS[6], ARGV[9 + i] .. '\\0' .. id) end
local base = 10 + nOld
local nNew = tonumber(ARGV[base])
for i = 1, nNew do redis.call('ZADD', KEYS[6], 0, ARGV[base + i] .. '\\0' .. id) end
redis.call('SADD', KEYS[7], id)
if ARGV[2] == '' then
  redis.call('HSET', KEYS[8], 'status', 'pending')
  redis.call('SADD', KEYS[9], id)
end
if ARGV[5] ~= '' then redis.call('ZREM', KEYS[10], ARGV[5] .. '\\0' .. id) end
redis.call('ZADD', KEYS[10], 0, ARGV[4] .. '\\0' .. id)
return 'OK'
`;

// KEYS: monitor, names, ids, schedule, paused, nameWords, kindIndex, namesLex, then every per-monitor
//       key to delete (state, runs, rollups, incidents, alerts list...), every status index, then locks,
//       then monitorVersions.
// ARGV: id, expectedJson, lowerName, nDelete, nStatus, nWords, words...
export const DELETE_MONITOR = `
local cur = redis.call('GET', KEYS[1])
if not cur then return 'MISSING' end
if cur ~= ARGV[2] then return 'CONFLICT' end
local id = ARGV[1]
redis.call('DEL', KEYS[1])
if redis.call('HGET', KEYS[2], ARGV[3]) == id then redis.call('HDEL', KEYS[2], ARGV[3]) end
redis.call('ZREM', KEYS[3], id)
redis.call('ZREM', KEYS[4], id)
redis.call('SREM', KEYS[5], id)
redis.call('SREM', KEYS[7], id)
redis.call('ZREM', KEYS[8], ARGV[3] .. '\\0' .. id)
local nDelete = tonumber(ARGV[4])
local nStatus = tonumber(ARGV[5])
for i = 1, nDelete do redis.call('DEL', KEYS[8 + i]) end
for i = 1, nStatus do redis.call('SREM', KEYS[8 + nDelete + i], id) end
-- The lock of a job still running (or of a worker that died running it) goes with the monitor.
redis.call('HDEL', KEYS[9 + nDelete + nStatus], id)
redis.call('HDEL', KEYS[10 + nDelete + nStatus], id)
local nWords = tonumber(ARGV[6])
for i = 1, nWords do redis.call('ZREM', KEYS[6], ARGV[6 + i] .. '\\0' .. id) end
return 'OK'
`;

/**
 * Lua for the outbox. Reading and routing are one script, so an alert is either still new in the
 * stream or already in its channels' queues (in stream order): no window where a crash loses it or
 * where a later alert of a monitor could be queued before an earlier one. The stream entry stays
 * pending (un-acked) until every channel it goes to accepted it.
 */

// Shared by ROUTE (new entries) and RECLAIM (entries idle in the PEL, re-checked idempotently).
// KEYS: outbox, defaultChannel, channelsWithWork, alertLog
// ARGV: group, consumer, count, alertPrefix, channelPrefix, queuePrefix, byMonitorPrefix, logMaxLen, finalTtlMs, minIdleMs
const ROUTE_ENTRY = `
local function finalStatus(s) return s == 'delivered' or s == 'digest' or s == 'dropped' end
local function route(id, f)
  local map = {}
  for i = 1, #f, 2 do map[f[i]] = f[i + 1] end
  local alertId = map.alertId or id
  local akey = ARGV[4] .. alertId
  if redis.call('EXISTS', akey) == 1 then
    -- Seen before (a reclaimed entry): still queued for a live channel, or done (ack it now).
    local channels = cjson.decode(redis.call('HGET', akey, 'channels') or '[]')
    local done = true
    for _, ch in ipairs(channels) do
      local st = redis.call('HGET', akey, 'st:' .. ch)
      if not finalStatus(st) then
        if redis.call('EXISTS', ARGV[5] .. ch) == 0 then
          redis.call('HSET', akey, 'st:' .. ch, 'dropped')
        else
          done = false
        end
      end
    end
    if done then
      redis.call('XACK', KEYS[1], ARGV[1], id)
      redis.call('XDEL', KEYS[1], id)
    end
    return
  end
  local channels = {}
  local ok, wanted = pcall(cjson.decode, map.channelIds or '[]')
  if ok and type(wanted) == 'table' then
    for _, ch in ipairs(wanted) do
      if type(ch) == 'string' and redis.call('EXISTS', ARGV[5] .. ch) == 1 then table.insert(channels, ch) end
    end
  end
  if #channels == 0 then
    -- No channel named (or the named ones were removed): the default channel.
    local default = redis.call('GET', KEYS[2])
    if default and redis.call('EXISTS', ARGV[5] .. default) == 1 then table.insert(channels, default) end
  end
  local channelsJson = #channels == 0 and '[]' or cjson.encode(channels) -- cjson writes {} for an empty table
  redis.call('HSET', akey, unpack(f))
  redis.call('HSET', akey, 'alertId', alertId, 'streamId', id, 'channels', channelsJson, 'attempts', 0,
    'lastError', '', 'status', 'queued')
  for _, ch in ipairs(channels) do
    redis.call('HSET', akey, 'st:' .. ch, 'queued')
    redis.call('RPUSH', ARGV[6] .. ch, alertId)
    redis.call('SADD', KEYS[3], ch)
  end
  if #channels == 0 then
    redis.call('HSET', akey, 'status', 'undeliverable', 'lastError', 'No alert channel is configured')
    redis.call('PEXPIRE', akey, ARGV[9])
    redis.call('XACK', KEYS[1], ARGV[1], id)
    redis.call('XDEL', KEYS[1], id)
  end
  redis.call('XADD', KEYS[4], 'MAXLEN', '~', ARGV[8], '*', 'alertId', alertId, 'type', map.type or '',
    'monitorId', map.monitorId or '', 'monitorName', map.monitorName or '', 'at', map.at or '',
    'channels', channelsJson)
  if map.monitorId and map.monitorId ~= '' then
    redis.call('LPUSH', ARGV[7] .. map.monitorId, alertId)
    redis.call('LTRIM', ARGV[7] .. map.monitorId, 0, 199)
  end
end
`;

export const ROUTE_NEW = `${ROUTE_ENTRY}
local res = redis.call('XREADGROUP', 'GROUP', ARGV[1], ARGV[2], 'COUNT', ARGV[3], 'STREAMS', KEYS[1], '>')
if not res then return 0 end
local entries = res[1][2]
for _, e in ipairs(entries) do route(e[1], e[2]) end
return #entries
`;

export const RECLAIM_IDLE = `${ROUTE_ENTRY}
local res = redis.call('XAUTOCLAIM', KEYS[1], ARGV[1], ARGV[2], ARGV[10], '0-0', 'COUNT', ARGV[3])
local entries = res[2]
for _, e in ipairs(entries) do
  if e[2] then route(e[1], e[2]) end
end
return #entries
`;

// The channel accepted (or will never get) these alerts. KEYS: outbox, queue, channel
// ARGV: group, channelId, status (delivered|digest|dropped), alertPrefix, finalTtlMs, digestId, channelOk (1|0), ids...
export const COMPLETE = `
local function finalStatus(s) return s == 'delivered' or s == 'digest' or s == 'dropped' end
local t = redis.call('TIME')
local now = tostring(t[1] * 1000 + math.floor(t[2] / 1000))
for i = 8, #ARGV do
  local alertId = ARGV[i]
  if redis.call('LINDEX', KEYS[2], 0) == alertId then redis.call('LPOP', KEYS[2]) else redis.call('LREM', KEYS[2], 1, alertId) end
  local akey = ARGV[4] .. alertId
  if redis.call('EXISTS', akey) == 1 then
    redis.call('HSET', akey, 'st:' .. ARGV[2], ARGV[3])
    if ARGV[3] ~= 'dropped' then
      redis.call('HINCRBY', akey, 'attempts', 1)
      redis.call('HSET', akey, 'deliveredAt', now, 'lastError', '')
      if ARGV[6] ~= '' then redis.call('HSET', akey, 'digestId', ARGV[6]) end
    end
    local channels = cjson.decode(redis.call('HGET', akey, 'channels') or '[]')
    local done, overall, failing = true, 'dropped', false
    for _, ch in ipairs(channels) do
      local st = redis.call('HGET', akey, 'st:' .. ch)
      if not finalStatus(st) then done = false end
      if st == 'failing' then failing = true end
      if st == 'digest' then overall = 'digest' elseif st == 'delivered' and overall ~= 'digest' then overall = 'delivered' end
    end
    if done then
      redis.call('HSET', akey, 'status', overall)
      redis.call('PEXPIRE', akey, ARGV[5])
      local streamId = redis.call('HGET', akey, 'streamId')
      redis.call('XACK', KEYS[1], ARGV[1], streamId)
      redis.call('XDEL', KEYS[1], streamId)
    else
      redis.call('HSET', akey, 'status', failing and 'failing' or 'queued')
    end
  end
end
if ARGV[7] == '1' and redis.call('EXISTS', KEYS[3]) == 1 then
  redis.call('HSET', KEYS[3], 'health', 'ok', 'lastError', '', 'failingSince', '', 'consecutiveFailures', 0, 'nextAttemptAt', 0)
end
return 1
`;

// A send failed. KEYS: channel ; ARGV: alertPrefix, channelId, error, retryAtMs, kind (transient|rate|rejected),
// failingAfter (consecutive transient failures before the channel shows as failing), ids...
export const FAIL = `
local t = redis.call('TIME')
local now = tostring(t[1] * 1000 + math.floor(t[2] / 1000))
for i = 7, #ARGV do
  local akey = ARGV[1] .. ARGV[i]
  if redis.call('EXISTS', akey) == 1 then
    redis.call('HSET', akey, 'st:' .. ARGV[2], 'failing', 'status', 'failing', 'lastError', ARGV[3])
    redis.call('HINCRBY', akey, 'attempts', 1)
  end
end
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'nextAttemptAt', ARGV[4], 'lastError', ARGV[3])
if ARGV[5] == 'rate' then return 1 end
local n = redis.call('HINCRBY', KEYS[1], 'consecutiveFailures', 1)
if ARGV[5] == 'rejected' or n >= tonumber(ARGV[6]) then
  if redis.call('HGET', KEYS[1], 'health') ~= 'failing' then
    redis.call('HSET', KEYS[1], 'health', 'failing', 'failingSince', now)
  end
end
return n
`;

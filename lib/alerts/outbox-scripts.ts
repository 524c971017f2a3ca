/**
 * Lua for the outbox. Reading and routing are one script, so an alert is either still new in the
 * stream or already in its channels' queues (in stream order): no window where a crash loses it or
 * where a later alert of a monitor could be queued before an earlier one. The stream entry stays
 * pending (un-acked) until every channel it goes to accepted it.
 */


// A channel-id list (JSON written by JSON.stringify) without cjson in the common case: '[]', or an
// array of plain ids (letters, digits, - _ :), read with string ops; anything else goes to cjson.
// Non-string elements are skipped, as before. encodeChannelList writes what cjson would.
const CHANNEL_LIST = `
local function channelList(json)
  if json == nil or json == false or json == '[]' then return {} end
  local list = {}
  if string.find(json, '^%[[%w%-_:,"%s]*%]$') then
    for ch in string.gmatch(json, '"([^"]*)"') do list[#list + 1] = ch end
    return list
  end
  local ok, decoded = pcall(cjson.decode, json)
  if ok and type(decoded) == 'table' then
    for _, ch in ipairs(decoded) do
      if type(ch) == 'string' then list[#list + 1] = ch end
    end
  end
  return list
end
local function encodeChannelList(channels)
  if #channels == 0 then return '[]' end -- cjson writes {} for an empty table
  for _, ch in ipairs(channels) do
    if not string.find(ch, '^[%w%-_:]*$') then return cjson.encode(channels) end
  end
  return '["' .. table.concat(channels, '","') .. '"]'
end
`;

// Shared by ROUTE (new entries) and RECLAIM (entries idle in the PEL, re-checked idempotently).
// KEYS: outbox, defaultChannel, channelsWithWork, alertLog
// ARGV: group, consumer, count, alertPrefix, channelPrefix, queuePrefix, byMonitorPrefix, logMaxLen, finalTtlMs, minIdleMs
// Cost per alert matters (Remind Me sends one every run): a batch looks each channel and the default
// up once, and its queue pushes, acks and deletes go out as one variadic command each at the end;
// the order within a channel's queue is still stream order, and it is all one atomic step.
const ROUTE_ENTRY = `
${CHANNEL_LIST}
local function finalStatus(s) return s == 'delivered' or s == 'digest' or s == 'dropped' end
local channelExists = {}
local function hasChannel(ch)
  local e = channelExists[ch]
  if e == nil then
    e = redis.call('EXISTS', ARGV[5] .. ch) == 1
    channelExists[ch] = e
  end
  return e
end
local defaultChannel = nil
local function theDefault()
  if defaultChannel == nil then
    local d = redis.call('GET', KEYS[2])
    defaultChannel = (d and hasChannel(d)) and d or false
  end
  return defaultChannel
end
local queues, queueOrder, toAck = {}, {}, {}
local function enqueue(ch, alertId)
  local q = queues[ch]
  if not q then
    q = {}
    queues[ch] = q
    queueOrder[#queueOrder + 1] = ch
  end
  q[#q + 1] = alertId
end
local function chunked(list, fn)
  for i = 1, #list, 1000 do fn(unpack(list, i, math.min(i + 999, #list))) end
end
local function flush()
  for _, ch in ipairs(queueOrder) do
    chunked(queues[ch], function(...) redis.call('RPUSH', ARGV[6] .. ch, ...) end)
  end
  chunked(queueOrder, function(...) redis.call('SADD', KEYS[3], ...) end)
  chunked(toAck, function(...)
    redis.call('XACK', KEYS[1], ARGV[1], ...)
    redis.call('XDEL', KEYS[1], ...)
  end)
end
local function route(id, f)
  local map = {}
  for i = 1, #f, 2 do map[f[i]] = f[i + 1] end
  local alertId = map.alertId or id
  local akey = ARGV[4] .. alertId
  if redis.call('EXISTS', akey) == 1 then
    -- Seen before (a reclaimed entry): still queued for a live channel, or done (ack it now).
    local done = true
    for _, ch in ipairs(channelList(redis.call('HGET', akey, 'channels'))) do
      local st = redis.call('HGET', akey, 'st:' .. ch)
      if not finalStatus(st) then
        if not hasChannel(ch) then
          redis.call('HSET', akey, 'st:' .. ch, 'dropped')
        else
          done = false
        end
      end
    end
    if done then toAck[#toAck + 1] = id end
    return
  end
  local channels = {}
  for _, ch in ipairs(channelList(map.channelIds)) do
    if hasChannel(ch) then channels[#channels + 1] = ch end
  end
  if #channels == 0 then
    -- No channel named (or the named ones were removed): the default channel.
    local default = theDefault()
    if default then channels[1] = default end
  end
  local channelsJson = encodeChannelList(channels)
  -- One HSET: the entry's fields, then ours (a later field of the same name wins).
  local n = #f
  local function put(field, value)
    f[n + 1] = field
    f[n + 2] = value
    n = n + 2
  end
  put('alertId', alertId)
  put('streamId', id)
  put('channels', channelsJson)
  put('attempts', 0)
  if #channels == 0 then
    put('lastError', 'No alert channel is configured')
    put('status', 'undeliverable')
  else
    put('lastError', '')
    put('status', 'queued')
  end
  for _, ch in ipairs(channels) do
    put('st:' .. ch, 'queued')
    enqueue(ch, alertId)
  end
  redis.call('HSET', akey, unpack(f))
  if #channels == 0 then
    redis.call('PEXPIRE', akey, ARGV[9])
    toAck[#toAck + 1] = id
  end
  redis.call('XADD', KEYS[4], 'MAXLEN', '~', ARGV[8], '*', 'alertId', alertId, 'type', map.type or '',
    'monitorId', map.monitorId or '', 'monitorName', map.monitorName or '', 'at', map.at or '',
    'channels', channelsJson)
  if map.monitorId and map.monitorId ~= '' then
    local byMonitor = ARGV[7] .. map.monitorId
    if redis.call('LPUSH', byMonitor, alertId) > 200 then redis.call('LTRIM', byMonitor, 0, 199) end
  end
end
`;

export const ROUTE_NEW = `${ROUTE_ENTRY}
local res = redis.call('XREADGROUP', 'GROUP', ARGV[1], ARGV[2], 'COUNT', ARGV[3], 'STREAMS', KEYS[1], '>')
if not res then return 0 end
local entries = res[1][2]
for _, e in ipairs(entries) do route(e[1], e[2]) end
flush()
return #entries
`;

export const RECLAIM_IDLE = `${ROUTE_ENTRY}
local res = redis.call('XAUTOCLAIM', KEYS[1], ARGV[1], ARGV[2], ARGV[10], '0-0', 'COUNT', ARGV[3])
local entries = res[2]
for _, e in ipairs(entries) do
  if e[2] then route(e[1], e[2]) end
end
flush()
return #entries
`;

// The channel accepted (or will never get) these alerts. KEYS: outbox, queue, channel, lease
// ARGV: group, channelId, status (delivered|digest|dropped), alertPrefix, finalTtlMs, digestId, channelOk (1|0),
// leaseToken ('' = no lease check), ids... Returns 0 when the lease is not the token's (channel health left alone).
export const COMPLETE = `
${CHANNEL_LIST}
local function finalStatus(s) return s == 'delivered' or s == 'digest' or s == 'dropped' end
local t = redis.call('TIME')
local now = tostring(t[1] * 1000 + math.floor(t[2] / 1000))
-- Usually the ids are the head of the queue, in order (what the sender read): one LTRIM for all.
local count = #ARGV - 8
local head = redis.call('LRANGE', KEYS[2], 0, count - 1)
local isHead = #head == count
for i = 1, count do
  if not isHead then break end
  if head[i] ~= ARGV[i + 8] then isHead = false end
end
if isHead then redis.call('LTRIM', KEYS[2], count, -1) end
for i = 9, #ARGV do
  local alertId = ARGV[i]
  if not isHead then
    if redis.call('LINDEX', KEYS[2], 0) == alertId then redis.call('LPOP', KEYS[2]) else redis.call('LREM', KEYS[2], 1, alertId) end
  end
  local akey = ARGV[4] .. alertId
  if redis.call('EXISTS', akey) == 1 then
    redis.call('HSET', akey, 'st:' .. ARGV[2], ARGV[3])
    if ARGV[3] ~= 'dropped' then
      redis.call('HINCRBY', akey, 'attempts', 1)
      redis.call('HSET', akey, 'deliveredAt', now, 'lastError', '')
      if ARGV[6] ~= '' then redis.call('HSET', akey, 'digestId', ARGV[6]) end
    end
    local channels = channelList(redis.call('HGET', akey, 'channels'))
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
if ARGV[8] ~= '' and redis.call('GET', KEYS[4]) ~= ARGV[8] then return 0 end
if ARGV[7] == '1' and redis.call('EXISTS', KEYS[3]) == 1 then
  redis.call('HSET', KEYS[3], 'health', 'ok', 'lastError', '', 'failingSince', '', 'consecutiveFailures', 0, 'nextAttemptAt', 0)
end
return 1
`;

// A send failed. KEYS: channel, lease ; ARGV: alertPrefix, channelId, error, retryAtMs, kind (transient|rate|rejected),
// failingAfter (consecutive transient failures before the channel shows as failing), leaseToken, ids...
// Returns -1, writing nothing, when the lease is not the token's: its new holder may have sent them.
export const FAIL = `
if redis.call('GET', KEYS[2]) ~= ARGV[7] then return -1 end
local t = redis.call('TIME')
local now = tostring(t[1] * 1000 + math.floor(t[2] / 1000))
for i = 8, #ARGV do
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

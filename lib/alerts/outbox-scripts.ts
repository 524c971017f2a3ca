/**
 * Lua for the outbox. Reading and routing are one script, so an alert is either still new in the
 * stream or already in its channels' queues (in stream order): no window where a crash loses it or
 * where a later alert of a monitor could be queued before an earlier one. The stream entry stays
 * pending (un-acked) until every channel it goes to accepted it.
 */

// A channel-id list (JSON written by JSON.stringify) without cjson in the common case: '[]', or an
// array of plain ids (letters, digits, - _ :), read with string ops; anything else goes to cjson.
// Non-string elements are skipped, as before. encodeChannelList writes what cjson would.
export const CHANNEL_LIST = `
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

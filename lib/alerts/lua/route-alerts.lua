-- Routes outbox entries to their channels' queues, in stream order, in one step with reading them:
-- an alert is either still new in the stream or already queued, never lost in between. An entry
-- stays pending (un-acked) until every channel it goes to has accepted it. Mode 'new' reads new
-- entries; mode 'idle' claims entries pending for longer than min_idle_ms and checks them again
-- (acked when every channel is done, routed when they never were).
-- KEYS[1] outbox — stream of new alerts, consumer group `group`
-- KEYS[2] default_channel — string holding the default channel's id
-- KEYS[3] channels_with_work — set of channel ids whose queue is not empty
-- KEYS[4] alert_log — capped stream of every alert
-- KEYS[5] channel_tags — hash channel id -> JSON tags: a monitor's alert also goes to the channels of its tags
-- ARGV[1] mode — 'new' or 'idle'
-- ARGV[2] group — the outbox's consumer group
-- ARGV[3] consumer — this sender
-- ARGV[4] count — most entries to route
-- ARGV[5] alert_prefix — key prefix of an alert's status hash
-- ARGV[6] channel_prefix — key prefix of a channel's hash
-- ARGV[7] queue_prefix — key prefix of a channel's queue
-- ARGV[8] by_monitor_prefix — key prefix of a monitor's list of alert ids
-- ARGV[9] log_max_len — entries the alert log keeps
-- ARGV[10] final_ttl_ms — how long the status of an alert no channel takes is kept
-- ARGV[11] min_idle_ms — mode 'idle': how long an entry has been pending
-- ARGV[12] tag_prefix — a tag's set of monitor ids is this prefix and the tag
-- Returns how many entries were read.
-- include: alert-channel-list, alert-final-status
local outbox, default_channel, channels_with_work, alert_log, channel_tags = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local mode = ARGV[1]
local group = ARGV[2]
local consumer = ARGV[3]
local count = ARGV[4]
local alert_prefix = ARGV[5]
local channel_prefix = ARGV[6]
local queue_prefix = ARGV[7]
local by_monitor_prefix = ARGV[8]
local log_max_len = ARGV[9]
local final_ttl_ms = ARGV[10]
local min_idle_ms = ARGV[11]
local tag_prefix = ARGV[12]
local NEW, IDLE = 'new', 'idle'
local BY_MONITOR_MAX = 200

-- A batch looks up each channel and the default once.
local channel_exists = {}
local function has_channel(channel)
  local exists = channel_exists[channel]
  if exists == nil then
    exists = redis.call('EXISTS', channel_prefix .. channel) == 1
    channel_exists[channel] = exists
  end
  return exists
end

local the_default = nil
local function default_if_any()
  if the_default == nil then
    local id = redis.call('GET', default_channel)
    the_default = (id and has_channel(id)) and id or false
  end
  return the_default
end

-- Tags with channels attached, read once per batch: { {tag, {channel, ...}}, ... } in tag order.
local tag_routes = nil
local function routes_by_tag()
  if tag_routes ~= nil then return tag_routes end
  local by_tag, tags = {}, {}
  local flat = redis.call('HGETALL', channel_tags)
  for i = 1, #flat, 2 do
    if has_channel(flat[i]) then
      for _, tag in ipairs(decode_channel_list(flat[i + 1])) do
        if not by_tag[tag] then by_tag[tag] = {}; tags[#tags + 1] = tag end
        table.insert(by_tag[tag], flat[i])
      end
    end
  end
  table.sort(tags)
  tag_routes = {}
  for _, tag in ipairs(tags) do tag_routes[#tag_routes + 1] = { tag, by_tag[tag] } end
  return tag_routes
end

-- The channels of the monitor's tags, on top of those it names (or the default).
local function add_tag_channels(monitor_id, channels)
  if not monitor_id or monitor_id == '' then return end
  local routes = routes_by_tag()
  if #routes == 0 then return end
  local seen = {}
  for _, channel in ipairs(channels) do seen[channel] = true end
  for _, route in ipairs(routes) do
    if redis.call('SISMEMBER', tag_prefix .. route[1], monitor_id) == 1 then
      for _, channel in ipairs(route[2]) do
        if not seen[channel] then seen[channel] = true; channels[#channels + 1] = channel end
      end
    end
  end
end

-- The batch's queue pushes, acks and deletes go out as one variadic command each at the end;
-- within a channel's queue the order is still stream order.
local queues, queue_order, to_ack = {}, {}, {}
local function enqueue(channel, alert_id)
  local queue = queues[channel]
  if not queue then
    queue = {}
    queues[channel] = queue
    queue_order[#queue_order + 1] = channel
  end
  queue[#queue + 1] = alert_id
end

local function in_chunks(list, fn)
  for i = 1, #list, 1000 do fn(unpack(list, i, math.min(i + 999, #list))) end
end

local function flush()
  for _, channel in ipairs(queue_order) do
    in_chunks(queues[channel], function(...) redis.call('RPUSH', queue_prefix .. channel, ...) end)
  end
  in_chunks(queue_order, function(...) redis.call('SADD', channels_with_work, ...) end)
  in_chunks(to_ack, function(...)
    redis.call('XACK', outbox, group, ...)
    redis.call('XDEL', outbox, ...)
  end)
end

-- Seen before (a reclaimed entry): still queued for a live channel, or done (acked now).
local function check_again(entry_id, alert)
  local done = true
  for _, channel in ipairs(decode_channel_list(redis.call('HGET', alert, 'channels'))) do
    if not is_final_status(redis.call('HGET', alert, 'st:' .. channel)) then
      if has_channel(channel) then done = false else redis.call('HSET', alert, 'st:' .. channel, 'dropped') end
    end
  end
  if done then to_ack[#to_ack + 1] = entry_id end
end

local function route(entry_id, fields)
  local entry = {}
  for i = 1, #fields, 2 do entry[fields[i]] = fields[i + 1] end
  local alert_id = entry.alertId or entry_id
  local alert = alert_prefix .. alert_id
  if redis.call('EXISTS', alert) == 1 then return check_again(entry_id, alert) end
  local channels = {}
  for _, channel in ipairs(decode_channel_list(entry.channelIds)) do
    if has_channel(channel) then channels[#channels + 1] = channel end
  end
  -- No channel named (or the named ones were removed): the default channel.
  if #channels == 0 and default_if_any() then channels[1] = default_if_any() end
  add_tag_channels(entry.monitorId, channels)
  local channels_json = encode_channel_list(channels)
  -- One HSET: the entry's fields, then ours (a later field of the same name wins).
  local n = #fields
  local function put(field, value)
    fields[n + 1] = field
    fields[n + 2] = value
    n = n + 2
  end
  put('alertId', alert_id)
  put('streamId', entry_id)
  put('channels', channels_json)
  put('attempts', 0)
  if #channels == 0 then
    put('lastError', 'No alert channel is configured')
    put('status', 'undeliverable')
  else
    put('lastError', '')
    put('status', 'queued')
  end
  for _, channel in ipairs(channels) do
    put('st:' .. channel, 'queued')
    enqueue(channel, alert_id)
  end
  redis.call('HSET', alert, unpack(fields))
  if #channels == 0 then
    redis.call('PEXPIRE', alert, final_ttl_ms)
    to_ack[#to_ack + 1] = entry_id
  end
  redis.call('XADD', alert_log, 'MAXLEN', '~', log_max_len, '*', 'alertId', alert_id, 'type', entry.type or '',
    'monitorId', entry.monitorId or '', 'monitorName', entry.monitorName or '', 'at', entry.at or '',
    'channels', channels_json)
  if entry.monitorId and entry.monitorId ~= '' then
    local by_monitor = by_monitor_prefix .. entry.monitorId
    if redis.call('LPUSH', by_monitor, alert_id) > BY_MONITOR_MAX then redis.call('LTRIM', by_monitor, 0, BY_MONITOR_MAX - 1) end
  end
end

local entries
if mode == NEW then
  local reply = redis.call('XREADGROUP', 'GROUP', group, consumer, 'COUNT', count, 'STREAMS', outbox, '>')
  entries = reply and reply[1][2] or {}
elseif mode == IDLE then
  entries = redis.call('XAUTOCLAIM', outbox, group, consumer, min_idle_ms, '0-0', 'COUNT', count)[2]
else
  return redis.error_reply('unknown mode ' .. tostring(mode))
end
for _, entry in ipairs(entries) do
  -- A claimed entry deleted meanwhile comes back without its fields.
  if entry[2] then route(entry[1], entry[2]) end
end
flush()
return #entries

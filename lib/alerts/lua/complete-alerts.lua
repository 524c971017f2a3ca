-- A channel accepted these alerts (or will never get them): off its queue, and each alert acked in
-- the outbox once every channel it goes to is done. With a lease token, the channel's health is
-- reset only while that lease still holds; the alerts are marked either way, since Slack has them.
-- KEYS[1] outbox — stream of alerts, consumer group `group`
-- KEYS[2] queue — the channel's list of waiting alert ids
-- KEYS[3] channel — hash of the channel
-- KEYS[4] lease — string holding the token of the sender delivering the channel
-- ARGV[1] group — the outbox's consumer group
-- ARGV[2] channel_id
-- ARGV[3] status — 'delivered', 'digest' or 'dropped'
-- ARGV[4] alert_prefix — key prefix of an alert's status hash
-- ARGV[5] final_ttl_ms — how long a finished alert's status is kept
-- ARGV[6] digest_id — the digest that carried them ('' = none)
-- ARGV[7] channel_ok — 'ok' when Slack took them (the channel is healthy), else 'unchanged'
-- ARGV[8] lease_token — the sender's token ('' = no lease to check)
-- ARGV[9...] alert ids, usually the head of the queue, in order
-- Returns 0 when the lease is not the token's (channel health left alone), else 1.
-- include: now-ms, owns-lease, channel-health, alert-channel-list, alert-final-status
local outbox, queue, channel, lease = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local group = ARGV[1]
local channel_id = ARGV[2]
local status = ARGV[3]
local alert_prefix = ARGV[4]
local final_ttl_ms = ARGV[5]
local digest_id = ARGV[6]
local channel_ok = ARGV[7]
local lease_token = ARGV[8]
local FIRST_ID = 9
local DROPPED, CHANNEL_OK, NO_LEASE, NO_DIGEST = 'dropped', 'ok', '', ''

local now = now_ms()
-- Usually the ids are the head of the queue, in order (what the sender read): one LTRIM for all.
local count = #ARGV - FIRST_ID + 1
local head = redis.call('LRANGE', queue, 0, count - 1)
local is_head = #head == count
for i = 1, count do
  if not is_head then break end
  if head[i] ~= ARGV[FIRST_ID + i - 1] then is_head = false end
end
if is_head then redis.call('LTRIM', queue, count, -1) end

local function finish(alert)
  local done, overall, failing = true, DROPPED, false
  for _, each in ipairs(decode_channel_list(redis.call('HGET', alert, 'channels'))) do
    local each_status = redis.call('HGET', alert, 'st:' .. each)
    if not is_final_status(each_status) then done = false end
    if each_status == 'failing' then failing = true end
    if each_status == 'digest' then overall = 'digest' elseif each_status == 'delivered' and overall ~= 'digest' then overall = 'delivered' end
  end
  if not done then
    redis.call('HSET', alert, 'status', failing and 'failing' or 'queued')
    return
  end
  redis.call('HSET', alert, 'status', overall)
  redis.call('PEXPIRE', alert, final_ttl_ms)
  local stream_id = redis.call('HGET', alert, 'streamId')
  redis.call('XACK', outbox, group, stream_id)
  redis.call('XDEL', outbox, stream_id)
end

for i = FIRST_ID, #ARGV do
  local alert_id = ARGV[i]
  if not is_head then
    if redis.call('LINDEX', queue, 0) == alert_id then redis.call('LPOP', queue) else redis.call('LREM', queue, 1, alert_id) end
  end
  local alert = alert_prefix .. alert_id
  if redis.call('EXISTS', alert) == 1 then
    redis.call('HSET', alert, 'st:' .. channel_id, status)
    if status ~= DROPPED then
      redis.call('HINCRBY', alert, 'attempts', 1)
      redis.call('HSET', alert, 'deliveredAt', now, 'lastError', '')
      if digest_id ~= NO_DIGEST then redis.call('HSET', alert, 'digestId', digest_id) end
    end
    finish(alert)
  end
end
if lease_token ~= NO_LEASE and not owns_lease(lease, lease_token) then return 0 end
if channel_ok == CHANNEL_OK and redis.call('EXISTS', channel) == 1 then mark_channel_ok(channel) end
return 1

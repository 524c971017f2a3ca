-- Removes a channel; when it was the default, the oldest remaining channel becomes the default.
-- KEYS[1] channel — hash of the channel
-- KEYS[2] fingerprints — hash URL fingerprint -> channel id
-- KEYS[3] channel_ids — zset channel id -> created at
-- KEYS[4] default_channel — string holding the default channel's id
-- KEYS[5] queue — the channel's list of waiting alert ids
-- KEYS[6] channel_tags — hash channel id -> the tags it is attached to
-- ARGV[1] id — the channel's id
-- Returns {1 when removed (0: no such channel), ids of the alerts that were waiting for it}.
local channel, fingerprints, channel_ids, default_channel, queue, channel_tags = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local id = ARGV[1]

if redis.call('EXISTS', channel) == 0 then return {0, {}} end
local fingerprint = redis.call('HGET', channel, 'fingerprint')
if fingerprint and redis.call('HGET', fingerprints, fingerprint) == id then redis.call('HDEL', fingerprints, fingerprint) end
redis.call('DEL', channel)
redis.call('ZREM', channel_ids, id)
redis.call('HDEL', channel_tags, id)
if redis.call('GET', default_channel) == id then
  local oldest = redis.call('ZRANGE', channel_ids, 0, 0)
  if oldest[1] then redis.call('SET', default_channel, oldest[1]) else redis.call('DEL', default_channel) end
end
local waiting = redis.call('LRANGE', queue, 0, -1)
redis.call('DEL', queue)
return {1, waiting}

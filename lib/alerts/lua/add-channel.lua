-- Adds a channel, in one step with the check that no other channel has its webhook URL; the first
-- channel becomes the default.
-- KEYS[1] channel — hash of the new channel
-- KEYS[2] fingerprints — hash URL fingerprint -> channel id
-- KEYS[3] channel_ids — zset channel id -> created at
-- KEYS[4] default_channel — string holding the default channel's id
-- ARGV[1] id — the new channel's id
-- ARGV[2] name
-- ARGV[3] encrypted_url
-- ARGV[4] fingerprint — of the URL
-- ARGV[5] masked_url — the URL as it may be shown
-- ARGV[6] now — creation time, ms
-- Returns the id of the channel that already has this URL, or nil when the channel was added.
local channel, fingerprints, channel_ids, default_channel = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local id = ARGV[1]
local name = ARGV[2]
local encrypted_url = ARGV[3]
local fingerprint = ARGV[4]
local masked_url = ARGV[5]
local now = ARGV[6]

local existing = redis.call('HGET', fingerprints, fingerprint)
if existing then return existing end
redis.call('HSET', fingerprints, fingerprint, id)
redis.call('HSET', channel, 'id', id, 'name', name, 'url', encrypted_url, 'fingerprint', fingerprint,
  'maskedUrl', masked_url, 'health', 'ok', 'createdAt', now, 'updatedAt', now)
redis.call('ZADD', channel_ids, now, id)
redis.call('SET', default_channel, id, 'NX')
return nil

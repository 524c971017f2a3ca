-- Gives a channel a new webhook URL unless another channel has it; its health starts over, so
-- waiting alerts are tried at once.
-- KEYS[1] channel — hash of the channel
-- KEYS[2] fingerprints — hash URL fingerprint -> channel id
-- ARGV[1] id — the channel's id
-- ARGV[2] encrypted_url
-- ARGV[3] fingerprint — of the new URL
-- ARGV[4] masked_url — the URL as it may be shown
-- Returns 'OK', 'MISSING' (no such channel), or the id of the other channel that has this URL.
-- include: channel-health
local channel, fingerprints = KEYS[1], KEYS[2]
local id = ARGV[1]
local encrypted_url = ARGV[2]
local fingerprint = ARGV[3]
local masked_url = ARGV[4]
local OK, MISSING = 'OK', 'MISSING'

if redis.call('EXISTS', channel) == 0 then return MISSING end
local owner = redis.call('HGET', fingerprints, fingerprint)
if owner and owner ~= id then return owner end
local old = redis.call('HGET', channel, 'fingerprint')
if old and old ~= fingerprint then redis.call('HDEL', fingerprints, old) end
redis.call('HSET', fingerprints, fingerprint, id)
redis.call('HSET', channel, 'url', encrypted_url, 'fingerprint', fingerprint, 'maskedUrl', masked_url)
mark_channel_ok(channel)
return OK

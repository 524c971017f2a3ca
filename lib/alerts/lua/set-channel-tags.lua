-- Attaches a channel to tags (none: detaches it), while the channel exists.
-- KEYS[1] channel — hash of the channel
-- KEYS[2] channel_tags — hash channel id -> JSON tags
-- ARGV[1] id — the channel's id
-- ARGV[2] tags — JSON array of tags ('[]' = none)
-- Returns 1 when set, 0 when the channel no longer exists.
local channel, channel_tags = KEYS[1], KEYS[2]
local id = ARGV[1]
local tags = ARGV[2]
local NONE = '[]'

if redis.call('EXISTS', channel) == 0 then return 0 end
if tags == NONE then redis.call('HDEL', channel_tags, id) else redis.call('HSET', channel_tags, id, tags) end
return 1

-- Renames a channel that still exists.
-- KEYS[1] channel — hash of the channel
-- ARGV[1] name — the new name
-- Returns 1 when renamed, 0 when the channel no longer exists.
local channel = KEYS[1]
local name = ARGV[1]

if redis.call('EXISTS', channel) == 0 then return 0 end
redis.call('HSET', channel, 'name', name)
return 1

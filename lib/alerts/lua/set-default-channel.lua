-- Makes a channel that still exists the default one.
-- KEYS[1] channel — hash of the channel
-- KEYS[2] default_channel — string holding the default channel's id
-- ARGV[1] id — the channel's id
-- Returns 1 when set, 0 when the channel no longer exists.
local channel, default_channel = KEYS[1], KEYS[2]
local id = ARGV[1]

if redis.call('EXISTS', channel) == 0 then return 0 end
redis.call('SET', default_channel, id)
return 1

-- The channel answered a test message: healthy again, if it still exists.
-- KEYS[1] channel — hash of the channel
-- Returns 1 when marked, 0 when the channel no longer exists.
-- include: channel-health
local channel = KEYS[1]

if redis.call('EXISTS', channel) == 0 then return 0 end
mark_channel_ok(channel)
return 1

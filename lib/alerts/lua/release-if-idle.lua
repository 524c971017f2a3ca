-- Lets go of an idle channel, unless work arrived meanwhile.
-- KEYS[1] queue — the channel's list of messages
-- KEYS[2] channels_with_work — set of channel ids
-- KEYS[3] lease — string holding the sender's token
-- ARGV[1] channel_id
-- ARGV[2] token — the sender's token
-- Returns 1 when the channel was idle and let go, 0 when work is waiting.
-- include: owns-lease
local queue, channels_with_work, lease = KEYS[1], KEYS[2], KEYS[3]
local channel_id = ARGV[1]
local token = ARGV[2]
if redis.call('LLEN', queue) > 0 then return 0 end
redis.call('SREM', channels_with_work, channel_id)
if owns_lease(lease, token) then redis.call('DEL', lease) end
return 1

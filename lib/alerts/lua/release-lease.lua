-- Gives up a channel's lease, only for the sender that holds it.
-- KEYS[1] lease — string holding the sender's token
-- ARGV[1] token — the sender's token
-- Returns 1 when released, 0 when the lease is not this sender's.
-- include: owns-lease
local lease = KEYS[1]
local token = ARGV[1]
if owns_lease(lease, token) then return redis.call('DEL', lease) end
return 0

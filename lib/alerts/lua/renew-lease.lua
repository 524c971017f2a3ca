-- Extends a channel's lease, only for the sender that holds it.
-- KEYS[1] lease — string holding the sender's token
-- ARGV[1] token — the sender's token
-- ARGV[2] ttl_ms — new time to live
-- Returns 1 when renewed, 0 when the lease is not this sender's.
-- include: owns-lease
local lease = KEYS[1]
local token = ARGV[1]
local ttl_ms = ARGV[2]
if owns_lease(lease, token) then return redis.call('PEXPIRE', lease, ttl_ms) end
return 0

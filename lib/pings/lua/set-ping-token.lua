-- Gives a monitor a new ping token; the old one stops working in the same step.
-- KEYS[1] ping — hash of the monitor's ping record (tokenHash, token, ...)
-- KEYS[2] tokens — hash SHA-256 of a ping token (hex) -> monitor id
-- KEYS[3] monitor — the monitor's record
-- ARGV[1] monitor_id
-- ARGV[2] token_hash — SHA-256 of the new token (hex)
-- ARGV[3] sealed_token — the new token, encrypted (shown again on the monitor's page)
-- ARGV[4] mode — 'rotate' (replace any token) or 'if-none' (only a monitor without one gets it)
-- Returns 'OK', 'KEPT' (if-none, and it has a token) or 'GONE' (no such monitor).
local ping, tokens, monitor = KEYS[1], KEYS[2], KEYS[3]
local monitor_id, token_hash, sealed_token, mode = ARGV[1], ARGV[2], ARGV[3], ARGV[4]

if redis.call('EXISTS', monitor) == 0 then return 'GONE' end
local old = redis.call('HGET', ping, 'tokenHash')
if old and mode == 'if-none' then return 'KEPT' end
if old and redis.call('HGET', tokens, old) == monitor_id then redis.call('HDEL', tokens, old) end
redis.call('HSET', tokens, token_hash, monitor_id)
redis.call('HSET', ping, 'tokenHash', token_hash, 'token', sealed_token)
return 'OK'

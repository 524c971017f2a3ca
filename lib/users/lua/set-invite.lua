-- Gives a user a new one-time link to set their password; an earlier link stops working.
-- KEYS[1] user — hash of the user
-- KEYS[2] invite — key of the new link (its token's hash)
-- ARGV[1] id
-- ARGV[2] hash — SHA-256 of the link's token
-- ARGV[3] ttl_ms
-- ARGV[4] expires_at — ms
-- ARGV[5] invite_prefix — key of an invite without its hash
-- Returns 'OK', 'MISSING' or 'DISABLED'.
-- include: user-access
local user, invite = KEYS[1], KEYS[2]
local id = ARGV[1]
local hash = ARGV[2]
local ttl_ms = ARGV[3]
local expires_at = ARGV[4]
local invite_prefix = ARGV[5]

if redis.call('EXISTS', user) == 0 then return 'MISSING' end
if redis.call('HGET', user, 'disabled') == '1' then return 'DISABLED' end
drop_invite(user, invite_prefix)
redis.call('SET', invite, id, 'PX', ttl_ms)
redis.call('HSET', user, 'inviteHash', hash, 'inviteExpiresAt', expires_at)
return 'OK'

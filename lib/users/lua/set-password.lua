-- Sets a user's password (npm run reset-password) and ends their sessions.
-- KEYS[1] user — hash of the user
-- KEYS[2] admins — set of active admin ids
-- ARGV[1] id
-- ARGV[2] password_hash
-- Returns 'OK' or 'MISSING'.
-- include: user-access
local user, admins = KEYS[1], KEYS[2]
local id = ARGV[1]
local password_hash = ARGV[2]

if redis.call('EXISTS', user) == 0 then return 'MISSING' end
redis.call('HSET', user, 'passwordHash', password_hash)
redis.call('HINCRBY', user, 'epoch', 1)
sync_admin(user, admins, id)
return 'OK'

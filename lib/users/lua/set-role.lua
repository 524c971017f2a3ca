-- Changes a user's role, refused when it would demote the last active admin.
-- KEYS[1] user — hash of the user
-- KEYS[2] admins — set of active admin ids
-- ARGV[1] id
-- ARGV[2] role
-- Returns 'OK', 'MISSING' or 'LAST_ADMIN'.
-- include: user-access
local user, admins = KEYS[1], KEYS[2]
local id = ARGV[1]
local role = ARGV[2]

if redis.call('EXISTS', user) == 0 then return 'MISSING' end
if role ~= 'admin' and is_last_admin(admins, id) then return 'LAST_ADMIN' end
redis.call('HSET', user, 'role', role)
sync_admin(user, admins, id)
return 'OK'

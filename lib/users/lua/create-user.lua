-- Creates a user, in one step with the check that the name is free (and, for the first admin, that
-- there is no user yet).
-- KEYS[1] user — hash of the new user
-- KEYS[2] users — zset user id -> created at
-- KEYS[3] names — hash user name -> id
-- KEYS[4] admins — set of active admin ids
-- ARGV[1] id
-- ARGV[2] name — lower-case
-- ARGV[3] role
-- ARGV[4] password_hash — empty for an invited user
-- ARGV[5] created_at — ms
-- ARGV[6] created_by — the name of who created it
-- ARGV[7] only_first — '1': only when no user exists yet
-- Returns 'OK', 'TAKEN' (the name is used) or 'NOT_FIRST'.
-- include: user-access
local user, users, names, admins = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local id = ARGV[1]
local name = ARGV[2]
local role = ARGV[3]
local password_hash = ARGV[4]
local created_at = ARGV[5]
local created_by = ARGV[6]
local only_first = ARGV[7]

if only_first == '1' and redis.call('ZCARD', users) > 0 then return 'NOT_FIRST' end
if redis.call('HSETNX', names, name, id) == 0 then return 'TAKEN' end
redis.call('HSET', user, 'v', '1', 'id', id, 'name', name, 'role', role, 'passwordHash', password_hash,
  'disabled', '0', 'createdAt', created_at, 'createdBy', created_by, 'epoch', '0', 'inviteHash', '', 'inviteExpiresAt', '0')
redis.call('ZADD', users, created_at, id)
sync_admin(user, admins, id)
return 'OK'

-- Uses a one-time link: sets the user's password, ends their earlier sessions and the link, in one
-- step, so a link works once even when sent twice at the same moment.
-- KEYS[1] invite — key of the link (its token's hash)
-- KEYS[2] admins — set of active admin ids
-- ARGV[1] hash — SHA-256 of the link's token
-- ARGV[2] password_hash
-- ARGV[3] user_prefix — key of a user without its id
-- Returns the user's id, or false when the link is unknown, used, expired or its user disabled.
-- include: user-access
local invite, admins = KEYS[1], KEYS[2]
local hash = ARGV[1]
local password_hash = ARGV[2]
local user_prefix = ARGV[3]

local id = redis.call('GET', invite)
if not id then return false end
local user = user_prefix .. id
local f = redis.call('HMGET', user, 'inviteHash', 'disabled')
redis.call('DEL', invite)
if f[1] ~= hash or f[2] ~= '0' then return false end
redis.call('HSET', user, 'passwordHash', password_hash, 'inviteHash', '', 'inviteExpiresAt', '0')
redis.call('HINCRBY', user, 'epoch', 1)
sync_admin(user, admins, id)
return id

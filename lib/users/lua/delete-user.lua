-- Deletes a user with their tokens and open invite; deleting the last active admin is refused.
-- Their sessions stop working at once: a session is only good while its user exists.
-- KEYS[1] user — hash of the user
-- KEYS[2] users — zset user id -> created at
-- KEYS[3] names — hash user name -> id
-- KEYS[4] admins — set of active admin ids
-- KEYS[5] user_tokens — set of the user's token ids
-- KEYS[6] token_hashes — hash token SHA-256 -> token id
-- KEYS[7] tokens — zset token id -> created at
-- ARGV[1] id
-- ARGV[2] token_prefix — key of a token without its id
-- ARGV[3] invite_prefix — key of an invite without its hash
-- Returns 'OK', 'MISSING' or 'LAST_ADMIN'.
-- include: user-access
local user, users, names, admins, user_tokens, token_hashes, tokens = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7]
local id = ARGV[1]
local token_prefix = ARGV[2]
local invite_prefix = ARGV[3]

if redis.call('EXISTS', user) == 0 then return 'MISSING' end
if is_last_admin(admins, id) then return 'LAST_ADMIN' end
local name = redis.call('HGET', user, 'name')
if name and redis.call('HGET', names, name) == id then redis.call('HDEL', names, name) end
drop_user_tokens(user_tokens, token_hashes, tokens, token_prefix)
drop_invite(user, invite_prefix)
redis.call('DEL', user)
redis.call('ZREM', users, id)
redis.call('SREM', admins, id)
return 'OK'

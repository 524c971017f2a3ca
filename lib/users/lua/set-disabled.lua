-- Disables a user (ending their sessions, tokens and open invite at once) or enables them again;
-- disabling the last active admin is refused.
-- KEYS[1] user — hash of the user
-- KEYS[2] admins — set of active admin ids
-- KEYS[3] user_tokens — set of the user's token ids
-- KEYS[4] token_hashes — hash token SHA-256 -> token id
-- KEYS[5] tokens — zset token id -> created at
-- ARGV[1] id
-- ARGV[2] disabled — '1' or '0'
-- ARGV[3] token_prefix — key of a token without its id
-- ARGV[4] invite_prefix — key of an invite without its hash
-- Returns 'OK', 'MISSING' or 'LAST_ADMIN'.
-- include: user-access
local user, admins, user_tokens, token_hashes, tokens = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local id = ARGV[1]
local disabled = ARGV[2]
local token_prefix = ARGV[3]
local invite_prefix = ARGV[4]

if redis.call('EXISTS', user) == 0 then return 'MISSING' end
if disabled == '1' then
  if is_last_admin(admins, id) then return 'LAST_ADMIN' end
  redis.call('HSET', user, 'disabled', '1')
  redis.call('HINCRBY', user, 'epoch', 1)
  drop_user_tokens(user_tokens, token_hashes, tokens, token_prefix)
  drop_invite(user, invite_prefix)
else
  redis.call('HSET', user, 'disabled', '0')
end
sync_admin(user, admins, id)
return 'OK'

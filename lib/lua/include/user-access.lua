-- Keeps the set of active admins (role admin, enabled, with a password) in step with a user's hash.
local function sync_admin(user_key, admins, id)
  local f = redis.call('HMGET', user_key, 'role', 'disabled', 'passwordHash')
  if f[1] == 'admin' and f[2] == '0' and f[3] and f[3] ~= '' then
    redis.call('SADD', admins, id)
  else
    redis.call('SREM', admins, id)
  end
end

-- Whether taking `id` out of the active admins would leave none.
local function is_last_admin(admins, id)
  return redis.call('SISMEMBER', admins, id) == 1 and redis.call('SCARD', admins) <= 1
end

-- Deletes every API token of a user (its records, their hashes, the listing).
local function drop_user_tokens(user_tokens, token_hashes, tokens, token_prefix)
  local ids = redis.call('SMEMBERS', user_tokens)
  for _, token_id in ipairs(ids) do
    local hash = redis.call('HGET', token_prefix .. token_id, 'hash')
    if hash then redis.call('HDEL', token_hashes, hash) end
    redis.call('DEL', token_prefix .. token_id)
    redis.call('ZREM', tokens, token_id)
  end
  redis.call('DEL', user_tokens)
end

-- Ends the open invite (or password link) of a user.
local function drop_invite(user_key, invite_prefix)
  local hash = redis.call('HGET', user_key, 'inviteHash')
  if hash and hash ~= '' then redis.call('DEL', invite_prefix .. hash) end
  redis.call('HSET', user_key, 'inviteHash', '', 'inviteExpiresAt', '0')
end

-- Stores a new API token of a user, only while that user exists and is enabled.
-- KEYS[1] user — hash of the owner
-- KEYS[2] token — hash of the new token
-- KEYS[3] token_hashes — hash token SHA-256 -> token id
-- KEYS[4] user_tokens — set of the owner's token ids
-- KEYS[5] tokens — zset token id -> created at
-- ARGV[1] id
-- ARGV[2] user_id
-- ARGV[3] name
-- ARGV[4] role
-- ARGV[5] hash — SHA-256 of the token
-- ARGV[6] created_at — ms
-- ARGV[7] expires_at — ms, or 0 for none
-- Returns 'OK' or 'MISSING' (no such user, or disabled).
local user, token, token_hashes, user_tokens, tokens = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local id = ARGV[1]
local user_id = ARGV[2]
local name = ARGV[3]
local role = ARGV[4]
local hash = ARGV[5]
local created_at = ARGV[6]
local expires_at = ARGV[7]

if redis.call('HGET', user, 'disabled') ~= '0' then return 'MISSING' end
redis.call('HSET', token, 'v', '1', 'id', id, 'userId', user_id, 'name', name, 'role', role, 'hash', hash,
  'createdAt', created_at, 'expiresAt', expires_at, 'lastUsedAt', '0')
redis.call('HSET', token_hashes, hash, id)
redis.call('SADD', user_tokens, id)
redis.call('ZADD', tokens, created_at, id)
return 'OK'

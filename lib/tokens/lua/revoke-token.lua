-- Revokes a token: it stops working at once.
-- KEYS[1] token — hash of the token
-- KEYS[2] token_hashes — hash token SHA-256 -> token id
-- KEYS[3] tokens — zset token id -> created at
-- ARGV[1] id
-- ARGV[2] user_tokens_prefix — key of a user's token set without the user id
-- Returns 1 when revoked, 0 when there was no such token.
local token, token_hashes, tokens = KEYS[1], KEYS[2], KEYS[3]
local id = ARGV[1]
local user_tokens_prefix = ARGV[2]

local t = redis.call('HMGET', token, 'userId', 'hash')
if not t[1] then return 0 end
if t[2] then redis.call('HDEL', token_hashes, t[2]) end
redis.call('SREM', user_tokens_prefix .. t[1], id)
redis.call('ZREM', tokens, id)
redis.call('DEL', token)
return 1

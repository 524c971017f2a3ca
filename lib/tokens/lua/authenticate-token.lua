-- Finds the token with this hash and its owner in one step, and notes when it was last used (at most
-- once per `last_used_every_ms`, so a busy script does not write on every request).
-- KEYS[1] token_hashes — hash token SHA-256 -> token id
-- ARGV[1] hash — SHA-256 of the presented token
-- ARGV[2] now — ms
-- ARGV[3] token_prefix — key of a token without its id
-- ARGV[4] user_prefix — key of a user without its id
-- ARGV[5] last_used_every_ms
-- Returns {token id, user id, user name, token role, user role}, or false when the token is unknown,
-- expired, or its owner is gone or disabled.
local token_hashes = KEYS[1]
local hash = ARGV[1]
local now = tonumber(ARGV[2])
local token_prefix = ARGV[3]
local user_prefix = ARGV[4]
local last_used_every_ms = tonumber(ARGV[5])

local id = redis.call('HGET', token_hashes, hash)
if not id then return false end
local token = token_prefix .. id
local t = redis.call('HMGET', token, 'userId', 'role', 'expiresAt', 'lastUsedAt')
if not t[1] then return false end
local expires_at = tonumber(t[3]) or 0
if expires_at > 0 and expires_at <= now then return false end
local u = redis.call('HMGET', user_prefix .. t[1], 'name', 'role', 'disabled')
if not u[1] or u[3] ~= '0' then return false end
if now - (tonumber(t[4]) or 0) >= last_used_every_ms then redis.call('HSET', token, 'lastUsedAt', tostring(now)) end
return {id, t[1], u[1], t[2], u[2]}

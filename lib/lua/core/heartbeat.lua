-- A live process announces itself: its key with a TTL, and its expiry in the role's sorted set on
-- Redis's clock (a host whose clock is behind must not look dead to a reader on another host);
-- members whose key expired long ago (crashed processes) are dropped.
-- KEYS[1] heartbeat — string holding the process's info (JSON)
-- KEYS[2] heartbeats — zset process name -> expiry (ms, Redis's clock)
-- ARGV[1] info — JSON
-- ARGV[2] ttl_ms — how long the beat counts
-- ARGV[3] name — the process's name
-- ARGV[4] prune_after_ms — members expired this long ago are dropped
-- Returns Redis's time in ms.
-- include: now-ms
local heartbeat, heartbeats = KEYS[1], KEYS[2]
local info = ARGV[1]
local ttl_ms = tonumber(ARGV[2])
local name = ARGV[3]
local prune_after_ms = tonumber(ARGV[4])

local now = now_ms()
redis.call('SET', heartbeat, info, 'PX', ttl_ms)
redis.call('ZADD', heartbeats, now + ttl_ms, name)
redis.call('ZREMRANGEBYSCORE', heartbeats, '-inf', now - prune_after_ms)
return now

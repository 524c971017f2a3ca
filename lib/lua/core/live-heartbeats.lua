-- The names of a role's processes whose beat has not expired, by Redis's clock.
-- KEYS[1] heartbeats — zset process name -> expiry (ms, Redis's clock)
-- Returns the names.
-- include: now-ms
local heartbeats = KEYS[1]

return redis.call('ZRANGEBYSCORE', heartbeats, now_ms(), '+inf')

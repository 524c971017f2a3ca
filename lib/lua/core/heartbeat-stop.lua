-- A clean stop: the key goes, the member stays, scored with the stop time, so "none alive since" is
-- measured from this stop, not from an older crashed process still in the set.
-- KEYS[1] heartbeat — string holding the process's info (JSON)
-- KEYS[2] heartbeats — zset process name -> expiry (ms, Redis's clock)
-- ARGV[1] name — the process's name
-- Returns Redis's time in ms.
-- include: now-ms
local heartbeat, heartbeats = KEYS[1], KEYS[2]
local name = ARGV[1]

local now = now_ms()
redis.call('DEL', heartbeat)
redis.call('ZADD', heartbeats, now - 1, name)
return now

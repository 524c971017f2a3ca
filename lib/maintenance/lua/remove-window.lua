-- Removes a maintenance window and raises the version workers watch.
-- KEYS[1] windows — hash window id -> window JSON
-- KEYS[2] version — counter raised by every window write
-- ARGV[1] id
-- Returns 1 when removed, 0 when there was no such window.
local windows, version = KEYS[1], KEYS[2]
local id = ARGV[1]

if redis.call('HDEL', windows, id) == 0 then return 0 end
redis.call('INCR', version)
return 1

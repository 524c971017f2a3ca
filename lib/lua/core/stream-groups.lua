-- XINFO GROUPS of a stream, run where the stream lives (XINFO names no key a Cluster client can route by).
-- KEYS[1] stream
-- Returns XINFO GROUPS's reply; an error when the stream does not exist.
local stream = KEYS[1]

return redis.call('XINFO', 'GROUPS', stream)

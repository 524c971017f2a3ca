-- XINFO CONSUMERS of a stream's group, run where the stream lives (see stream-groups.lua).
-- KEYS[1] stream
-- ARGV[1] group
-- Returns XINFO CONSUMERS's reply; an error when the stream or the group does not exist.
local stream = KEYS[1]
local group = ARGV[1]

return redis.call('XINFO', 'CONSUMERS', stream, group)

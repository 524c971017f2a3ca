-- Forgets a long-gone consumer of the jobs group, only if it still has nothing pending.
-- KEYS[1] jobs — the jobs stream
-- ARGV[1] group — the jobs consumer group
-- ARGV[2] consumer — the consumer to forget
-- Returns 0 when forgotten (its pending count), -1 when it still holds entries.
local jobs = KEYS[1]
local group = ARGV[1]
local consumer = ARGV[2]

if #redis.call('XPENDING', jobs, group, '-', '+', 1, consumer) > 0 then return -1 end
return redis.call('XGROUP', 'DELCONSUMER', jobs, group, consumer)

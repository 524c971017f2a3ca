-- Run now: adds a manual job for a monitor that exists, fired at Redis's clock, and raises its
-- latest dispatched fire time; the monitor's place on the schedule is left alone.
-- KEYS[1] monitor — the monitor's record
-- KEYS[2] jobs — the jobs stream
-- KEYS[3] last_dispatched — hash monitor id -> latest dispatched fire time
-- ARGV[1] monitor_id
-- ARGV[2] dispatch_suffix — makes this run's dispatch id unique
-- Returns {stream entry id, fire time} or false when the monitor does not exist.
-- include: now-ms
local monitor, jobs, last_dispatched = KEYS[1], KEYS[2], KEYS[3]
local monitor_id = ARGV[1]
local dispatch_suffix = ARGV[2]

if redis.call('EXISTS', monitor) == 0 then return false end
local fire = string.format('%d', now_ms())
local entry_id = redis.call('XADD', jobs, '*', 'monitorId', monitor_id, 'fireTime', fire,
  'dispatchId', 'm:' .. monitor_id .. ':' .. dispatch_suffix, 'trigger', 'manual')
local last = redis.call('HGET', last_dispatched, monitor_id)
if not last or tonumber(last) < tonumber(fire) then redis.call('HSET', last_dispatched, monitor_id, fire) end
return { entry_id, fire }

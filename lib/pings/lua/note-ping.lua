-- Notes a ping on the monitor's ping record: a start, or the end of a run (a success or a failure)
-- with its run time. Nothing when the record is gone (the monitor was deleted meanwhile).
-- KEYS[1] ping — hash: tokenHash, token, startedAt, succeededAt, failedAt, runMs
-- ARGV[1] event — 'start', 'success' or 'fail'
-- ARGV[2] at — the ping's time (ms, Redis's clock as find-ping read it)
-- ARGV[3] run_ms — the run's time from its start ('' = no start was seen)
-- Returns 1, or 0 when the record is gone.
local ping = KEYS[1]
local event, at, run_ms = ARGV[1], ARGV[2], ARGV[3]

if redis.call('EXISTS', ping) == 0 then return 0 end
if event == 'start' then
  redis.call('HSET', ping, 'startedAt', at)
  return 1
end
redis.call('HSET', ping, event == 'success' and 'succeededAt' or 'failedAt', at)
-- The run time shown is the last run's: a run without a start has none.
if run_ms == '' then
  redis.call('HDEL', ping, 'runMs', 'startedAt')
else
  redis.call('HSET', ping, 'runMs', run_ms)
  redis.call('HDEL', ping, 'startedAt')
end
return 1

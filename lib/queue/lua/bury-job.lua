-- Moves a job that failed too often to the dead letters, acks it, drops its last error and frees
-- its monitor's lock if this delivery holds it, in one step.
-- KEYS[1] jobs — the jobs stream
-- KEYS[2] dead_letters — stream of buried jobs, capped
-- KEYS[3] job_errors — hash stream entry id -> last error of a failed delivery
-- KEYS[4] locks — hash monitor id -> "<consumer>|<entry id>|<expires at ms>"
-- ARGV[1] entry_id — the job's stream entry
-- ARGV[2] monitor_id
-- ARGV[3] fire_time
-- ARGV[4] dispatch_id
-- ARGV[5] trigger
-- ARGV[6] last_error — '' to use the error recorded for the entry
-- ARGV[7] deliveries
-- ARGV[8] group — the jobs consumer group
-- ARGV[9] max_dead_letters — about how many dead letters are kept
-- ARGV[10] consumer — the worker burying it
-- ARGV[11] lock — 'holds-lock' when this delivery took the monitor's lock, else 'no-lock'
-- Returns 1.
-- include: now-ms, owns-job
local jobs, dead_letters, job_errors, locks = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local entry_id = ARGV[1]
local monitor_id = ARGV[2]
local fire_time = ARGV[3]
local dispatch_id = ARGV[4]
local trigger = ARGV[5]
local last_error = ARGV[6]
local deliveries = ARGV[7]
local group = ARGV[8]
local max_dead_letters = ARGV[9]
local consumer = ARGV[10]
local lock = ARGV[11]
local HOLDS_LOCK = 'holds-lock'

if last_error == '' then last_error = redis.call('HGET', job_errors, entry_id) or 'the worker running it stopped without a result' end
redis.call('XADD', dead_letters, 'MAXLEN', '~', max_dead_letters, '*', 'jobId', entry_id, 'monitorId', monitor_id,
  'fireTime', fire_time, 'dispatchId', dispatch_id, 'trigger', trigger, 'deliveries', deliveries,
  'lastError', last_error, 'deadAt', string.format('%d', now_ms()))
redis.call('XACK', jobs, group, entry_id)
redis.call('HDEL', job_errors, entry_id)
if lock == HOLDS_LOCK and owns_job(redis.call('HGET', locks, monitor_id), consumer, entry_id) then
  redis.call('HDEL', locks, monitor_id)
end
return 1

-- Ends jobs that need no result (or whose result is stored): acks them, drops their last errors and
-- frees the locks these deliveries hold, one command of each kind for the batch.
-- KEYS[1] jobs — the jobs stream
-- KEYS[2] job_errors — hash stream entry id -> last error of a failed delivery
-- KEYS[3] locks — hash monitor id -> "<consumer>|<entry id>|<expires at ms>"
-- ARGV[1] group — the jobs consumer group
-- ARGV[2] consumer — the worker ending them
-- ARGV[3..] three per job: stream entry id, monitor id, 'holds-lock' or 'no-lock'
-- Returns the number of jobs ended.
-- include: owns-job, finish-jobs
local jobs, job_errors, locks = KEYS[1], KEYS[2], KEYS[3]
local group = ARGV[1]
local consumer = ARGV[2]
local FIRST_JOB_ARG, ARGS_PER_JOB = 3, 3
local HOLDS_LOCK = 'holds-lock'

local entry_ids, lock_monitors, lock_entries = {}, {}, {}
for a = FIRST_JOB_ARG, #ARGV, ARGS_PER_JOB do
  local entry_id, monitor_id, lock = ARGV[a], ARGV[a + 1], ARGV[a + 2]
  entry_ids[#entry_ids + 1] = entry_id
  if lock == HOLDS_LOCK then
    lock_monitors[#lock_monitors + 1] = monitor_id
    lock_entries[#lock_entries + 1] = entry_id
  end
end
finish_jobs(jobs, job_errors, locks, group, consumer, entry_ids, lock_monitors, lock_entries)
return #entry_ids

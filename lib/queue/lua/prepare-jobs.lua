-- For each job of a batch: is it stale (a later fire of its monitor was dispatched; schedule jobs
-- only), and can it take its monitor's lock. A lock is free when it expired (its holder died) or
-- its holder is an earlier delivery of the same entry (a worker that died while running it).
-- KEYS[1] last_dispatched — hash monitor id -> latest dispatched fire time
-- KEYS[2] locks — hash monitor id -> "<consumer>|<entry id>|<expires at ms>"
-- ARGV[1] consumer — the worker taking the locks
-- ARGV[2] lock_ttl_ms — how long a lock taken now lasts
-- ARGV[3..] four per job: monitor id, fire time, trigger ('schedule' or 'manual'), stream entry id
-- Returns per job 'lock' (taken: run it), 'stale' or 'locked' (another job of the monitor runs).
-- include: now-ms
local last_dispatched, locks = KEYS[1], KEYS[2]
local consumer = ARGV[1]
local lock_ttl_ms = tonumber(ARGV[2])
local FIRST_JOB_ARG, ARGS_PER_JOB = 3, 4
local MANUAL = 'manual'
local LOCK, STALE, LOCKED = 'lock', 'stale', 'locked'

local now = now_ms()
local expires = string.format('%d', now + lock_ttl_ms)
local jobs, ids = {}, {}
for a = FIRST_JOB_ARG, #ARGV, ARGS_PER_JOB do
  jobs[#jobs + 1] = { monitor_id = ARGV[a], fire_time = ARGV[a + 1], trigger = ARGV[a + 2], entry_id = ARGV[a + 3] }
  ids[#ids + 1] = ARGV[a]
end
local last = redis.call('HMGET', last_dispatched, unpack(ids))
local holders = redis.call('HMGET', locks, unpack(ids))

local function lock_free(holder, entry_id)
  if not holder then return true end
  local holder_expires = tonumber(string.match(holder, '|(%d+)$'))
  return (not holder_expires) or holder_expires <= now or string.find(holder, '|' .. entry_id .. '|', 1, true) ~= nil
end

-- Locks taken by this call: a later job of the same monitor in the batch finds its lock taken.
local out, taken, taken_here = {}, {}, {}
for i, job in ipairs(jobs) do
  if job.trigger ~= MANUAL and last[i] and tonumber(last[i]) > tonumber(job.fire_time) then
    out[i] = STALE
  elseif lock_free(taken_here[job.monitor_id] or holders[i], job.entry_id) then
    local value = consumer .. '|' .. job.entry_id .. '|' .. expires
    taken[#taken + 1] = job.monitor_id
    taken[#taken + 1] = value
    taken_here[job.monitor_id] = value
    out[i] = LOCK
  else
    out[i] = LOCKED
  end
end
if #taken > 0 then redis.call('HSET', locks, unpack(taken)) end
return out

-- Ends jobs: acks their stream entries, drops their last delivery errors, and frees the monitors'
-- locks these deliveries still hold (needs owns-job included before it).
-- entry_ids: entries to ack; lock_monitors[i] and lock_entries[i]: a lock to free if still this delivery's.
local function finish_jobs(jobs, job_errors, locks, group, consumer, entry_ids, lock_monitors, lock_entries)
  if #entry_ids > 0 then
    redis.call('XACK', jobs, group, unpack(entry_ids))
    redis.call('HDEL', job_errors, unpack(entry_ids))
  end
  if #lock_monitors == 0 then return end
  local holders = redis.call('HMGET', locks, unpack(lock_monitors))
  local free = {}
  for i = 1, #lock_monitors do
    if owns_job(holders[i], consumer, lock_entries[i]) then free[#free + 1] = lock_monitors[i] end
  end
  if #free > 0 then redis.call('HDEL', locks, unpack(free)) end
end

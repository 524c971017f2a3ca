/**
 * Lua shared by the scripts that take, free and end jobs.
 *
 * A monitor's lock (at most one job per monitor at a time) is a field of one hash, keys.locks:
 * monitor id -> "<owner>|<expires at, ms>", owner being "<consumer>|<jobs stream entry>". One HMGET and
 * one HSET or HDEL serve a whole batch, where a key per lock cost a SET PX and a DEL per job. A lock
 * past its expiry time is free (its holder died); deleting a monitor deletes its lock.
 */
export const LUA_LOCKS = `
local function lockExpired(value, now)
  local expires = tonumber(string.match(value, '|(%d+)$'))
  return (not expires) or expires <= now
end

-- Compared in place (no substring or concatenation made): this runs for every job that ends.
local function lockHeldBy(value, owner)
  return value ~= nil and value ~= false and string.find(value, owner, 1, true) == 1 and string.byte(value, #owner + 1) == 124
end
`;

/**
 * Ends jobs (the worker's finish step and the result script): ack the stream entries, drop their last
 * delivery errors, and free the locks that these deliveries still hold (compare before delete, so a
 * lock taken over by another delivery stays).
 */
export const LUA_FINISH_JOBS = `${LUA_LOCKS}
-- lockEntries[i]: the stream entry whose delivery (by consumer) took lockIds[i]. The owner is compared
-- in place, as in lockHeldBy, without building "<consumer>|<entry>" for each job.
local function finishJobs(jobsKey, errorsKey, locksKey, group, consumer, ids, lockIds, lockEntries)
  if #ids > 0 then
    redis.call('XACK', jobsKey, group, unpack(ids))
    -- Errors are rare: no HDEL of every id when there are none.
    if redis.call('EXISTS', errorsKey) == 1 then redis.call('HDEL', errorsKey, unpack(ids)) end
  end
  if #lockIds > 0 then
    local holders = redis.call('HMGET', locksKey, unpack(lockIds))
    local free, sfind, sbyte = {}, string.find, string.byte
    local afterConsumer = #consumer + 1
    for i = 1, #lockIds do
      local value, entry = holders[i], lockEntries[i]
      if value and sfind(value, consumer, 1, true) == 1 and sbyte(value, afterConsumer) == 124
        and sfind(value, entry, afterConsumer + 1, true) == afterConsumer + 1 and sbyte(value, afterConsumer + 1 + #entry) == 124 then
        free[#free + 1] = lockIds[i]
      end
    end
    if #free > 0 then redis.call('HDEL', locksKey, unpack(free)) end
  end
end
`;

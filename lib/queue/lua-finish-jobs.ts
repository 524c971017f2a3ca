/**
 * Lua shared by every script that ends jobs (the worker's finish step and the result script): ack
 * the stream entries, drop their last delivery errors, and free the per-monitor locks that these
 * deliveries still hold (compare before delete, so a lock taken over by another delivery stays).
 */
export const LUA_FINISH_JOBS = `
local function finishJobs(jobsKey, errorsKey, group, ids, lockKeys, owners)
  if #ids > 0 then
    redis.call('XACK', jobsKey, group, unpack(ids))
    redis.call('HDEL', errorsKey, unpack(ids))
  end
  if #lockKeys > 0 then
    local holders = redis.call('MGET', unpack(lockKeys))
    local free = {}
    for i = 1, #lockKeys do
      if holders[i] == owners[i] then free[#free + 1] = lockKeys[i] end
    end
    if #free > 0 then redis.call('DEL', unpack(free)) end
  end
end
`;

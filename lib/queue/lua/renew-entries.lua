-- Resets the idle time of entries this worker still holds (XCLAIM JUSTID: no new delivery), so the
-- visibility-timeout safety net leaves them alone; entries another worker took are skipped.
-- KEYS[1] jobs — the jobs stream
-- ARGV[1] group — the jobs consumer group
-- ARGV[2] consumer — the worker holding them
-- ARGV[3..] stream entry ids
-- Returns how many were renewed.
local jobs = KEYS[1]
local group = ARGV[1]
local consumer = ARGV[2]
local FIRST_ENTRY_ARG = 3

local renewed = 0
for a = FIRST_ENTRY_ARG, #ARGV do
  local entry_id = ARGV[a]
  if #redis.call('XPENDING', jobs, group, entry_id, entry_id, 1, consumer) == 1 then
    redis.call('XCLAIM', jobs, group, consumer, 0, entry_id, 'JUSTID')
    renewed = renewed + 1
  end
end
return renewed

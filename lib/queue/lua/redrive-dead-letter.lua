-- Puts a dead letter back on the jobs stream and removes it, atomically.
-- KEYS[1] dead_letters — stream of buried jobs
-- KEYS[2] jobs — the jobs stream
-- ARGV[1] dead_letter_id
-- ARGV[2] as — 'manual': a manual run fired now; 'original': its own fire time and trigger
-- Returns the new job's stream entry id, or false when the dead letter is gone.
-- include: now-ms
local dead_letters, jobs = KEYS[1], KEYS[2]
local dead_letter_id = ARGV[1]
local as = ARGV[2]
local AS_MANUAL = 'manual'

local rows = redis.call('XRANGE', dead_letters, dead_letter_id, dead_letter_id)
if #rows == 0 then return false end
local letter = {}
local fields = rows[1][2]
for i = 1, #fields, 2 do letter[fields[i]] = fields[i + 1] end
local now = string.format('%d', now_ms())
local fire_time, trigger = letter.fireTime, letter.trigger
if as == AS_MANUAL then fire_time, trigger = now, 'manual' end
local id = redis.call('XADD', jobs, '*', 'monitorId', letter.monitorId, 'fireTime', fire_time,
  'dispatchId', (letter.dispatchId or '') .. ':redrive:' .. now, 'trigger', trigger)
redis.call('XDEL', dead_letters, dead_letter_id)
return id

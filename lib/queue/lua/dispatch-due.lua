-- Dispatches a batch of due monitors in one atomic step. Each monitor is acted on only while its
-- score is still the one the controller read (compare-and-set: another controller, an edit or a
-- delete in between makes it a no-op), and a job never goes before its fire time by Redis's clock.
-- Nothing is trimmed here: workers trim the stream.
-- KEYS[1] schedule — zset monitor id -> next fire time (ms)
-- KEYS[2] jobs — the jobs stream
-- KEYS[3] last_dispatched — hash monitor id -> latest dispatched fire time
-- ARGV[1] monitor_key_prefix — a monitor's record key is this prefix and its id (same hash tag)
-- ARGV[2..] five per monitor: op, monitor id, expected score, fire time, next score ('' where unused)
--   op 'dispatch': add the job, raise last_dispatched, move the score to the next fire time
--   op 'postpone': move the score to the next score without a job (a record the controller cannot read)
--   op 'unschedule': drop it from the schedule (its record says paused)
--   op 'drop-if-gone': drop it from the schedule if its record is still gone
-- Returns {dispatched, conflicts, early (not yet due by Redis's clock), earliest score left or '', now ms,
--   {fire time, jobs dispatched for it, ...}} (the controller's schedule lag: now − fire time).
-- include: now-ms
-- Only here: a dispatch batch is where many jobs share a few fire times.
-- include: num-memo
local schedule, jobs, last_dispatched = KEYS[1], KEYS[2], KEYS[3]
local monitor_key_prefix = ARGV[1]
local FIRST_MONITOR_ARG, ARGS_PER_MONITOR = 2, 5
local DISPATCH, POSTPONE, UNSCHEDULE, DROP_IF_GONE = 'dispatch', 'postpone', 'unschedule', 'drop-if-gone'
-- Variadic commands are sent in chunks: unpack puts every argument on Lua's small C stack.
local CHUNK = 500

local now = now_ms()
local monitors = {}
for a = FIRST_MONITOR_ARG, #ARGV, ARGS_PER_MONITOR do
  monitors[#monitors + 1] = { op = ARGV[a], id = ARGV[a + 1], expected = ARGV[a + 2], fire = ARGV[a + 3], next_score = ARGV[a + 4] }
end

local scores, last = {}, {}
for first = 1, #monitors, CHUNK do
  local ids = {}
  for i = first, math.min(#monitors, first + CHUNK - 1) do ids[#ids + 1] = monitors[i].id end
  local s = redis.call('ZMSCORE', schedule, unpack(ids))
  local l = redis.call('HMGET', last_dispatched, unpack(ids))
  for j = 1, #ids do
    scores[first + j - 1] = s[j]
    last[first + j - 1] = l[j]
  end
end

local zadd, hset, zrem = {}, {}, {}
local dispatched, conflicts, early = 0, 0, 0
-- A batch holds a few distinct fire times: jobs are counted per fire time, not listed one by one.
local jobs_per_fire, fires = {}, {}
for i, m in ipairs(monitors) do
  if m.op == DISPATCH and num(m.fire) > now then
    early = early + 1
  -- Both are Redis's own formatting of the same double (ZRANGEBYSCORE, ZMSCORE).
  elseif scores[i] ~= m.expected then
    conflicts = conflicts + 1
  elseif m.op == DISPATCH then
    redis.call('XADD', jobs, '*', 'j', m.id .. ' ' .. m.fire)
    if not last[i] or num(last[i]) < num(m.fire) then
      hset[#hset + 1] = m.id
      hset[#hset + 1] = m.fire
    end
    zadd[#zadd + 1] = m.next_score
    zadd[#zadd + 1] = m.id
    dispatched = dispatched + 1
    if not jobs_per_fire[m.fire] then
      jobs_per_fire[m.fire] = 0
      fires[#fires + 1] = m.fire
    end
    jobs_per_fire[m.fire] = jobs_per_fire[m.fire] + 1
  elseif m.op == POSTPONE then
    zadd[#zadd + 1] = m.next_score
    zadd[#zadd + 1] = m.id
  elseif m.op == UNSCHEDULE or (m.op == DROP_IF_GONE and redis.call('EXISTS', monitor_key_prefix .. m.id) == 0) then
    zrem[#zrem + 1] = m.id
  end
end

local function in_chunks(command, key, list, width)
  local step = CHUNK * width
  for first = 1, #list, step do
    redis.call(command, key, unpack(list, first, math.min(#list, first + step - 1)))
  end
end
in_chunks('ZADD', schedule, zadd, 2)
in_chunks('HSET', last_dispatched, hset, 2)
in_chunks('ZREM', schedule, zrem, 1)
local first = redis.call('ZRANGE', schedule, 0, 0, 'WITHSCORES')
local fire_counts = {}
for _, fire in ipairs(fires) do
  fire_counts[#fire_counts + 1] = fire
  fire_counts[#fire_counts + 1] = jobs_per_fire[fire]
end
return { dispatched, conflicts, early, first[2] or '', now, fire_counts }

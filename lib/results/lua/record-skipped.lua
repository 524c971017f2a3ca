-- Records a job that was not run (a later fire time was dispatched already, or the monitor is paused):
-- counted in the state and in the history, the status and the last result untouched. Skips are rare:
-- the runs are trimmed every time.
-- KEYS[1] state — hash, the monitor's state
-- KEYS[2] runs — sorted set of runs by fire time
-- KEYS[3] hourly — hash, the hourly rollup
-- KEYS[4] daily — hash, the daily rollup
-- ARGV[1] fire_time — the skipped job's fire time
-- ARGV[2] run — the skip as a runs member (JSON, the same for every delivery of the job)
-- ARGV[3] reason — why it was not run
-- ARGV[4] runs_max — most runs kept
-- ARGV[5] runs_keep_ms — how long runs are kept
-- ARGV[6] hourly_keep_ms — how long hourly buckets are kept
-- ARGV[7] daily_keep_ms — how long daily buckets are kept
-- Returns 'recorded', 'duplicate' (this job's skip was recorded already) or 'gone' (monitor deleted).
-- include: now-ms, result-rollups
local state, runs, hourly, daily = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local fire_text = ARGV[1]
local run = ARGV[2]
local reason = ARGV[3]
local runs_max = tonumber(ARGV[4])
local h = { state = state, runs = runs, hourly = hourly, daily = daily, now = now_ms(), runs_max = runs_max,
  runs_keep = tonumber(ARGV[5]), hourly_keep = tonumber(ARGV[6]), daily_keep = tonumber(ARGV[7]) }

if redis.call('EXISTS', state) == 0 then return 'gone' end
if redis.call('ZADD', runs, fire_text, run) == 0 then return 'duplicate' end
local st = redis.call('HMGET', state, 'dailyFrom', 'rolledTo', 'unrolled', 'lastFireTime')
local daily_from = st[1]
local changes = { 'lastSkippedAt', int_text(h.now), 'lastSkipReason', reason }
-- Runs not folded yet are folded before the trim below could drop one of them.
if (tonumber(st[3]) or 0) > 0 then
  local _, folded = fold_runs(h, daily_from, tonumber(st[2]) and st[2] or '0', '+inf')
  daily_from = folded
  changes[#changes + 1] = 'rolledTo'
  changes[#changes + 1] = st[4] or '0'
  changes[#changes + 1] = 'unrolled'
  changes[#changes + 1] = '0'
end
redis.call('HINCRBY', state, 'skippedCount', 1)
trim_runs(h, runs_max)
local fire = tonumber(fire_text)
local _, next_daily_from = add_to_rollups(h, daily_from, fire - fire % HOUR_MS, pack_run(true))
changes[#changes + 1] = 'dailyFrom'
changes[#changes + 1] = next_daily_from
redis.call('HSET', state, unpack(changes))
return 'recorded'

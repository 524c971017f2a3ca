import { LUA_HISTORY_HELPERS } from './lua-history';

// KEYS: state, runs, rollupHourly, rollupDaily
// ARGV: 1 fireTime, 2 run JSON (deterministic per job, so a redelivered skip is recognised), 3 reason,
//       4 runsMax, 5 runsKeepMs, 6 hourlyKeepMs, 7 dailyKeepMs
// Returns 'recorded', 'duplicate' or 'gone'. The status and the last result stay as they are.
// Skips are rare: runs are trimmed every time.
export const RECORD_SKIPPED = `${LUA_HISTORY_HELPERS}
if redis.call('EXISTS', KEYS[1]) == 0 then return 'gone' end
local fire = tonumber(ARGV[1])
local now = redisNowMs()
if redis.call('ZADD', KEYS[2], fire, ARGV[2]) == 0 then return 'duplicate' end
local hourlyKeep, dailyKeep = tonumber(ARGV[6]), tonumber(ARGV[7])
local st = redis.call('HMGET', KEYS[1], 'dailyFrom', 'rolledTo', 'unrolled')
local dailyFrom = st[1]
-- Runs not folded yet are folded before the trim below could drop one of them.
local changes = { 'lastSkippedAt', fmt(now), 'lastSkipReason', ARGV[3] }
if (tonumber(st[3]) or 0) > 0 then
  local _, folded = foldRuns(KEYS[2], KEYS[3], KEYS[4], dailyFrom, tonumber(st[2]) and st[2] or '0', '+inf', now, hourlyKeep, dailyKeep)
  dailyFrom = folded
  local last = redis.call('HGET', KEYS[1], 'lastFireTime')
  changes[#changes + 1] = 'rolledTo'
  changes[#changes + 1] = last or '0'
  changes[#changes + 1] = 'unrolled'
  changes[#changes + 1] = '0'
end
redis.call('HINCRBY', KEYS[1], 'skippedCount', 1)
trimRuns(KEYS[2], now, tonumber(ARGV[5]), tonumber(ARGV[4]))
local _, nextDailyFrom = addToRollups(KEYS[3], KEYS[4], dailyFrom, fire - fire % HOUR_MS, packRun(true), now, hourlyKeep, dailyKeep)
if nextDailyFrom then
  changes[#changes + 1] = 'dailyFrom'
  changes[#changes + 1] = nextDailyFrom
end
redis.call('HSET', KEYS[1], unpack(changes))
return 'recorded'
`;

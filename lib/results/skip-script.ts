import { LUA_HISTORY_HELPERS } from './lua-history';

// KEYS: state, runs, rollupHourly, rollupDaily
// ARGV: 1 fireTime, 2 run JSON (deterministic per job, so a redelivered skip is recognised), 3 reason,
//       4 runsMax, 5 runsKeepMs, 6 hourlyKeepMs, 7 dailyKeepMs
// Returns 'recorded', 'duplicate' or 'gone'. The status and the last result stay as they are.
// Skips are rare: runs are trimmed every time, and the result script's run count is dropped (it
// counts again, once, from ZCARD).
export const RECORD_SKIPPED = `${LUA_HISTORY_HELPERS}
if redis.call('EXISTS', KEYS[1]) == 0 then return 'gone' end
local fire = tonumber(ARGV[1])
local now = redisNowMs()
if redis.call('ZADD', KEYS[2], fire, ARGV[2]) == 0 then return 'duplicate' end
redis.call('HINCRBY', KEYS[1], 'skippedCount', 1)
redis.call('HSET', KEYS[1], 'lastSkippedAt', fmt(now), 'lastSkipReason', ARGV[3])
redis.call('HDEL', KEYS[1], 'runsCount')
trimRuns(KEYS[2], now, tonumber(ARGV[5]), tonumber(ARGV[4]))
local dailyFrom = redis.call('HGET', KEYS[1], 'dailyFrom')
local _, nextDailyFrom = addToRollups(KEYS[3], KEYS[4], dailyFrom, fire, now, tonumber(ARGV[6]), tonumber(ARGV[7]), true, true, 0, 0)
if nextDailyFrom and nextDailyFrom ~= dailyFrom then redis.call('HSET', KEYS[1], 'dailyFrom', nextDailyFrom) end
return 'recorded'
`;

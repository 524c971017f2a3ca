/**
 * The result script's history steps (see APPLY_RESULTS in scripts.ts, where this text is placed after
 * the script's locals: now, runsKeep, runsMax, the key prefixes and call).
 */
export const LUA_RESULT_HISTORY = `-- History: the raw run, and the rollups every FOLD_RUNS runs or FOLD_SPAN_MS (see foldRuns): a run is
-- one ZADD, and the rollups one HGET and HSET per hour for many runs. The runs are trimmed when they are
-- folded: by age when a new hourly bucket starts (about once an hour), and by count to FOLD_RUNS under
-- runsMax, so that they never exceed runsMax before the next fold. Returns rolledTo and unrolled as text,
-- whether the runs were folded now, and the state's new dailyFrom when it changed (see addToRollups).
local FOLD_RUNS, FOLD_SPAN_MS = 60, 300000
-- duration: nil on the steady path, read from the last run's JSON only when a run is too old for the raw runs.
local function recordHistory(a, id, stateKey, fire, ok, duration, rolledToText, unrolledText)
  local keepFrom = now - runsKeep
  local runsKey = P_RUNS .. id
  local pending = (num(unrolledText) or 0) + 1
  local from = num(rolledToText) or 0
  if fire >= keepFrom then
    -- The score as the text it came as: a Lua number would be formatted and parsed back.
    call('ZADD', runsKey, ARGV[a + 2], ARGV[a + 3])
    if pending < FOLD_RUNS and fire - from < FOLD_SPAN_MS then return rolledToText, fmt(pending), false, nil end
  end
  local hourlyKey, dailyKey = P_HOURLY .. id, P_DAILY .. id
  local dailyFromText = call('HGET', stateKey, 'dailyFrom')
  local newHour, dailyFrom
  if fire < keepFrom then
    -- Too old for the raw runs: straight into the rollups (runs waiting to be folded, if any, stay so).
    duration = duration or (tonumber(cjson.decode(ARGV[a + 4]).ms) or 0)
    newHour, dailyFrom = addToRollups(hourlyKey, dailyKey, dailyFromText, fire - fire % HOUR_MS,
      packRun(false, ok, duration, histIndex(duration)), now, hourlyKeep, dailyKeep)
    pending = pending - 1
  else
    newHour, dailyFrom = foldRuns(runsKey, hourlyKey, dailyKey, dailyFromText, fmt(from), ARGV[a + 2], now, hourlyKeep, dailyKeep)
    rolledToText, pending = ARGV[a + 2], 0
    call('ZREMRANGEBYRANK', runsKey, 0, -(runsMax - FOLD_RUNS + 1))
  end
  if newHour then call('ZREMRANGEBYSCORE', runsKey, '-inf', '(' .. fmt(keepFrom)) end
  if dailyFrom == dailyFromText then dailyFrom = nil end
  return rolledToText, fmt(pending), true, dailyFrom
end

-- States written before the last run became one field (last) carry it as five: dropped by every result
-- off the steady path (few: failures, status changes) and at a fold of the runs on it, so an upgraded
-- state does not keep stale copies (readers prefer last meanwhile). HDEL of absent fields is cheap.
local function dropOldLastFields(stateKey)
  call('HDEL', stateKey, 'lastMessage', 'lastDetails', 'lastDurationMs', 'lastTrigger', 'lastWorker')
end

-- The history fields of the state that a result changed.
local function putHistory(fields, st, iRolled, rolledTo, unrolled, dailyFrom)
  put(fields, 'rolledTo', rolledTo, st[iRolled])
  put(fields, 'unrolled', unrolled, st[iRolled + 1])
  if dailyFrom then put(fields, 'dailyFrom', dailyFrom, nil) end
end

-- Where the runs not yet in the rollups start: rolledTo, or for a state written before rolledTo
-- existed the last fire time (every run before it went straight to the rollups then).
local function rolledFrom(rolledTo, lastFire)
  if num(rolledTo) then return rolledTo end
  return lastFire or '0'
end
`;

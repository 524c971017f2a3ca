import { LUA_HISTORY_HELPERS } from './lua-history';

/**
 * The result scripts: the only writers of a monitor's state. Status, history, incidents and the alert
 * outbox change in one atomic step, so two workers racing on one monitor never produce two alerts for
 * one change, and a result whose fire time is not newer than the last applied one changes nothing.
 * "now" is Redis's TIME (fine in scripts since Redis 5: effects are replicated, not the script).
 */

// KEYS: state, runs, rollupHourly, rollupDaily, incidents, outbox, idx pending, idx up, idx down
// ARGV: 1 monitorId, 2 fireTime, 3 ok ('1'|'0'), 4 durationMs, 5 message, 6 run JSON (runs member),
//       7 trigger, 8 remind ('1'|'0'), 9 failureThreshold, 10 successThreshold, 11 renotifyMs (0 = never),
//       12 mutedUntil (0 = not muted), 13 monitorName, 14 kind, 15 target, 16 channelIds JSON,
//       17 workerName, 18 details JSON, 19 runsMax, 20 runsKeepMs, 21 hourlyKeepMs, 22 dailyKeepMs,
//       23 incidentsMax
// Returns 'applied', 'stale' (fire time not newer than the last applied) or 'gone' (monitor deleted).
export const APPLY_RESULT = `${LUA_HISTORY_HELPERS}
if redis.call('EXISTS', KEYS[1]) == 0 then return 'gone' end
local st = redis.call('HMGET', KEYS[1], 'status', 'lastFireTime', 'consecutiveFailures', 'consecutiveSuccesses',
  'downSince', 'lastAlertAt', 'downAlerted', 'incidentId', 'failStreakStart', 'failStreakMessage', 'okStreakStart', 'statusSince')
local fire = tonumber(ARGV[2])
local lastFire = tonumber(st[2])
if lastFire and fire <= lastFire then return 'stale' end

local function num(v) return tonumber(v) or 0 end
local now = redisNowMs()
local id = ARGV[1]
local ok = ARGV[3] == '1'
local duration = tonumber(ARGV[4])
local message = ARGV[5]
local remind = ARGV[8] == '1'
local prev = st[1]
if prev ~= 'up' and prev ~= 'down' then prev = 'pending' end
local status = prev
local statusSince = st[12] or ''
local fails, succ = num(st[3]), num(st[4])
local failStart, failMsg, okStart = num(st[9]), st[10] or '', num(st[11])
local downSince, lastAlertAt = num(st[5]), num(st[6])
local downAlerted = st[7] == '1'
local incidentId = st[8] or ''

-- Streaks start at the fire time of their first run, so an incident spans from the first failure to the
-- first success, whatever the thresholds.
if ok then
  if succ == 0 then okStart = fire end
  succ = succ + 1
  fails = 0
else
  if fails == 0 then failStart = fire; failMsg = message end
  fails = fails + 1
  succ = 0
end

-- Remind Me has no failure to watch: it is up from its first run and every run is the alert.
if remind then
  status = 'up'
elseif ok and status ~= 'up' and succ >= tonumber(ARGV[10]) then
  status = 'up'
elseif (not ok) and status ~= 'down' and fails >= tonumber(ARGV[9]) then
  status = 'down'
end
local changed = status ~= prev
if changed then
  if status == 'down' then statusSince = fmt(failStart) else statusSince = fmt(okStart) end
end

local muted = num(ARGV[12]) > now
local renotifyMs = num(ARGV[11])
local function enqueue(kind, since, downFor)
  redis.call('XADD', KEYS[6], '*', 'alertId', id .. ':' .. ARGV[2] .. ':' .. kind, 'type', kind,
    'monitorId', id, 'monitorName', ARGV[13], 'kind', ARGV[14], 'target', ARGV[15], 'message', message,
    'at', fmt(now), 'fireTime', ARGV[2], 'since', since, 'downForMs', downFor, 'channelIds', ARGV[16])
  lastAlertAt = now
end

if changed and status == 'down' then
  downSince = failStart
  downAlerted = false
  incidentId = id .. ':' .. fmt(failStart)
  redis.call('LPUSH', KEYS[5], cjson.encode({ id = incidentId, start = failStart, firstMessage = failMsg }))
  redis.call('LTRIM', KEYS[5], 0, tonumber(ARGV[23]) - 1)
  -- While muted the DOWN waits: downAlerted stays 0 and the first result after the mute, still down, sends it.
  if not muted then enqueue('down', fmt(downSince), ''); downAlerted = true end
elseif status == 'down' and not muted then
  if not downAlerted then
    enqueue('down', fmt(downSince), '')
    downAlerted = true
  elseif renotifyMs > 0 and now - lastAlertAt >= renotifyMs then
    enqueue('renotify', fmt(downSince), '')
  end
elseif changed and prev == 'down' then
  local head = redis.call('LINDEX', KEYS[5], 0)
  if head then
    local okDecode, incident = pcall(cjson.decode, head)
    if okDecode and type(incident) == 'table' and incident.id == incidentId then
      incident['end'] = okStart
      redis.call('LSET', KEYS[5], 0, cjson.encode(incident))
    end
  end
  -- RESOLVED only when its DOWN was actually sent (people never hear of a recovery from an outage they
  -- were not told about), and even while muted: good news closes the loop the DOWN opened.
  if downAlerted then enqueue('resolved', fmt(downSince), fmt(okStart - downSince)) end
  downAlerted = false
  downSince = 0
  incidentId = ''
end
-- A reminder is sent on every run, unless the monitor is muted (a snoozed reminder is skipped, not kept).
if remind and not muted then enqueue('reminder', '', '') end

local downSinceField = ''
if status == 'down' then downSinceField = fmt(downSince) end
local lastAlertField = ''
if lastAlertAt > 0 then lastAlertField = fmt(lastAlertAt) end
local result = 'failed'
if ok then result = 'ok' end
local downAlertedField = '0'
if downAlerted then downAlertedField = '1' end
redis.call('HSET', KEYS[1], 'status', status, 'statusSince', statusSince, 'lastResult', result,
  'lastMessage', message, 'lastDetails', ARGV[18], 'lastRunAt', fmt(now), 'lastFireTime', ARGV[2],
  'lastDurationMs', fmt(duration), 'lastTrigger', ARGV[7], 'lastWorker', ARGV[17],
  'consecutiveFailures', fmt(fails), 'consecutiveSuccesses', fmt(succ),
  'failStreakStart', fmt(failStart), 'failStreakMessage', failMsg, 'okStreakStart', fmt(okStart),
  'downSince', downSinceField, 'downAlerted', downAlertedField, 'lastAlertAt', lastAlertField, 'incidentId', incidentId)

-- The status indexes are rewritten on every result, so a lost update heals itself.
redis.call('SREM', KEYS[7], id)
redis.call('SREM', KEYS[8], id)
redis.call('SREM', KEYS[9], id)
if status == 'pending' then redis.call('SADD', KEYS[7], id)
elseif status == 'up' then redis.call('SADD', KEYS[8], id)
else redis.call('SADD', KEYS[9], id) end

redis.call('ZADD', KEYS[2], fire, ARGV[6])
trimRuns(KEYS[2], now, tonumber(ARGV[20]), tonumber(ARGV[19]))
addToRollup(KEYS[3], 3600000, fire, tonumber(ARGV[21]), now, false, ok, duration)
addToRollup(KEYS[4], 86400000, fire, tonumber(ARGV[22]), now, false, ok, duration)
return 'applied'
`;

// KEYS: state, runs, rollupHourly, rollupDaily
// ARGV: 1 fireTime, 2 run JSON (deterministic per job, so a redelivered skip is recognised), 3 reason,
//       4 runsMax, 5 runsKeepMs, 6 hourlyKeepMs, 7 dailyKeepMs
// Returns 'recorded', 'duplicate' or 'gone'. The status and the last result stay as they are.
export const RECORD_SKIPPED = `${LUA_HISTORY_HELPERS}
if redis.call('EXISTS', KEYS[1]) == 0 then return 'gone' end
local fire = tonumber(ARGV[1])
local now = redisNowMs()
if redis.call('ZADD', KEYS[2], fire, ARGV[2]) == 0 then return 'duplicate' end
redis.call('HINCRBY', KEYS[1], 'skippedCount', 1)
redis.call('HSET', KEYS[1], 'lastSkippedAt', fmt(now), 'lastSkipReason', ARGV[3])
trimRuns(KEYS[2], now, tonumber(ARGV[5]), tonumber(ARGV[4]))
addToRollup(KEYS[3], 3600000, fire, tonumber(ARGV[6]), now, true, true, 0)
addToRollup(KEYS[4], 86400000, fire, tonumber(ARGV[7]), now, true, true, 0)
return 'recorded'
`;

import { LUA_FINISH_JOBS } from '../queue/lua-finish-jobs';
import { LUA_NUM } from '../queue/lua-num';
import { LUA_HISTORY_HELPERS } from './lua-history';
import { LUA_RESULT_HISTORY } from './lua-result-history';
import { LUA_RESULT_STEADY } from './lua-result-steady';

/**
 * The result script: the only writer of a monitor's state. Status, history, incidents and the alert
 * outbox change in one atomic step, so two workers racing on one monitor never produce two alerts for
 * one change, and a result whose fire time is not newer than the last applied one changes nothing.
 * "now" is Redis's TIME (fine in scripts since Redis 5: effects are replicated, not the script).
 *
 * One call applies a whole batch of results and acks their jobs (and frees their locks) in the same
 * step: Redis's cost per job is what keeps the pipeline fast, so the steady case of a result (ok, up,
 * no alert: applySteady) is kept to a few commands: HMGET of six state fields, HSET of the last-run
 * fields, ZADD of the run. The rollups are written for many runs at once (recordHistory, foldRuns), and
 * the daily one is folded from the hours when an hour ends (addToRollups). Runs are trimmed when they
 * are folded: by age when a new hourly bucket starts, by count to FOLD_RUNS under runsMax.
 */
export const RESULT_FIELDS = 7;
export const RESULT_HEADER = 13;

// KEYS: 1 outbox, 2 idx pending, 3 idx up, 4 idx down, 5 jobs stream, 6 job errors, 7 locks. A monitor's
//       own keys are its id after the prefixes in ARGV 9-13 (all keys share one hash tag, so one slot):
//       fewer arguments per result to send and parse.
// ARGV: 1 results, 2 runsMax, 3 runsKeepMs, 4 hourlyKeepMs, 5 dailyKeepMs, 6 incidentsMax, 7 jobs group,
//       8 worker name (the owner of the locks it frees), 9-13 key prefixes of state, runs, rollupHourly,
//       rollupDaily, incidents (keys.x('')); then per result (a = 13 + RESULT_FIELDS × (i − 1)):
//       a+1 monitorId, a+2 fireTime, a+3 run JSON, a+4 the last run as JSON { m message, d details,
//       ms duration, w worker, tr 'manual' (absent: scheduled), sv severity (absent: 1) }, stored as the state's `last` field,
//       a+5 flags: byte 1 ok ('1'|'0'), 2 remind ('1'|'0'), 3 '1' when this delivery holds the
//       monitor's lock (to free), '2' when it does and the entry is not to be acked here (a packed
//       entry with jobs still running), 4 paused ('1'|'0': a manual run, which alerts no one), then
//       mutedUntil in ms (empty: not muted), a+6 jobs stream
//       entry to ack ('' = none), a+7 the monitor's settings as JSON { failureThreshold, successThreshold,
//       renotifyMs (0 = never), name, kind, target, channelIds } (what an alert names).
//       Few arguments per result, and few fields written: Redis takes each argument of a call in about
//       0.3 µs (measured), so what only a status change or an alert needs travels in one JSON, decoded
//       only then, and the last run is one field of the state rather than five.
// Returns one outcome per result: 'applied', 'stale' (fire time not newer than the last applied) or
// 'gone' (monitor deleted). Every job named is acked whatever its outcome (but for lock flag '2').
export const APPLY_RESULTS = `${LUA_HISTORY_HELPERS}${LUA_FINISH_JOBS}${LUA_NUM}
local now = redisNowMs()
local nowText = fmt(now)
local runsMax, runsKeep = tonumber(ARGV[2]), tonumber(ARGV[3])
local hourlyKeep, dailyKeep, incidentsMax = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local worker = ARGV[8]
local P_STATE, P_RUNS, P_HOURLY, P_DAILY, P_INCIDENTS = ARGV[9], ARGV[10], ARGV[11], ARGV[12], ARGV[13]
local call = redis.call
local sbyte = string.byte

-- Top-level functions, not closures inside applyOne: a closure per result is an allocation per result.
local function enqueue(about, id, fireText, message, kind, since, downFor)
  call('XADD', KEYS[1], '*', 'alertId', id .. ':' .. fireText .. ':' .. kind, 'type', kind,
    'monitorId', id, 'monitorName', about.name, 'kind', about.kind, 'target', about.target, 'message', message,
    'at', nowText, 'fireTime', fireText, 'since', since, 'downForMs', downFor, 'channelIds', about.channelIds)
  return nowText
end

-- Appends name and value to an HSET argument list when the value differs from the one read.
local function put(fields, name, value, old)
  if value ~= old then
    local n = #fields
    fields[n + 1] = name
    fields[n + 2] = value
  end
end

${LUA_RESULT_HISTORY}
${LUA_RESULT_STEADY}
local function applyOne(a)
  local id = ARGV[a + 1]
  local stateKey = P_STATE .. id
  local fireText = ARGV[a + 2]
  local fire = num(fireText)
  local flags = ARGV[a + 5]
  local ok, remind, paused = sbyte(flags, 1) == 49, sbyte(flags, 2) == 49, sbyte(flags, 4) == 49
  local steady = call('HMGET', stateKey, unpack(STEADY_FIELDS))
  if steady[1] == 'up' and steady[3] == '0' and ok and (num(steady[4]) or 0) > 0
    and (num(steady[2]) or 0) < fire and ((not remind) or paused or (num(ssub(flags, 5)) or 0) > now) then
    return applySteady(a, id, stateKey, steady, fireText, fire)
  end
  local st = call('HMGET', stateKey, 'status', 'lastFireTime', 'consecutiveFailures', 'consecutiveSuccesses',
    'downSince', 'lastAlertAt', 'downAlerted', 'incidentId', 'failStreakStart', 'failStreakMessage', 'okStreakStart',
    'statusSince', 'rolledTo', 'unrolled', 'toldSeverity')
  -- The store always writes a status: no status is almost always no state (then: deleted).
  if not st[1] and call('EXISTS', stateKey) == 0 then return 'gone' end
  local incidentsKey = P_INCIDENTS .. id
  local lastFire = num(st[2])
  if lastFire and fire <= lastFire then return 'stale' end

  local last = cjson.decode(ARGV[a + 4])
  local duration = tonumber(last.ms) or 0
  local message = type(last.m) == 'string' and last.m or ''
  local settings = cjson.decode(ARGV[a + 7])
  local prev = st[1]
  if prev ~= 'up' and prev ~= 'down' then prev = 'pending' end
  local status = prev
  -- Values stay the text they were read as unless they change: formatting numbers is much of the cost
  -- of a steady result. Fire times arrive as text and are stored as such.
  local failsText, succText = st[3] or '0', st[4] or '0'
  local fails, succ = tonumber(failsText) or 0, tonumber(succText) or 0
  local failStart, failMsg, okStart = st[9] or '0', st[10] or '', st[11] or '0'
  local statusSince = st[12] or ''
  local downSince, lastAlertAt = st[5] or '', st[6] or ''
  local downAlerted = st[7] == '1'
  local incidentId = st[8] or ''
  -- How bad this failure is (the check's severity, 1 when it gives none), and the worst one people were told of.
  local severity = ok and 0 or (tonumber(last.sv) or 1)
  local told = st[15] or ''

  -- Streaks start at the fire time of their first run, so an incident spans from the first failure to the
  -- first success, whatever the thresholds.
  if ok then
    if succ == 0 then okStart = fireText end
    succ = succ + 1
    succText = fmt(succ)
    if fails ~= 0 then fails = 0; failsText = '0' end
  else
    if fails == 0 then failStart = fireText; failMsg = message end
    fails = fails + 1
    failsText = fmt(fails)
    if succ ~= 0 then succ = 0; succText = '0' end
  end

  -- Remind Me has no failure to watch: it is up from its first run and every run is the alert.
  if remind then
    status = 'up'
  elseif ok and status ~= 'up' and succ >= settings.successThreshold then
    status = 'up'
  elseif (not ok) and status ~= 'down' and fails >= settings.failureThreshold then
    status = 'down'
  end
  local changed = status ~= prev
  if changed then
    if status == 'down' then statusSince = failStart else statusSince = okStart end
  end

  local muted, renotifyMs = false, 0
  if status == 'down' or remind or changed then
    muted = paused or (num(ssub(flags, 5)) or 0) > now
    renotifyMs = settings.renotifyMs
  end
  if changed and status == 'down' then
    downSince = failStart
    downAlerted = false
    incidentId = id .. ':' .. failStart
    call('LPUSH', incidentsKey, cjson.encode({ id = incidentId, start = tonumber(failStart), firstMessage = failMsg }))
    call('LTRIM', incidentsKey, 0, incidentsMax - 1)
    -- While muted the DOWN waits: downAlerted stays 0 and the first result after the mute, still down, sends it.
    if not muted then lastAlertAt = enqueue(settings, id, fireText, message, 'down', downSince, ''); downAlerted = true; told = fmt(severity) end
  elseif status == 'down' and not muted then
    if not downAlerted then
      lastAlertAt = enqueue(settings, id, fireText, message, 'down', downSince, '')
      downAlerted = true
      told = fmt(severity)
    elseif severity > (num(told) or 1) then
      -- Once per rise: the same failure again, or a milder one, waits for the re-notify.
      lastAlertAt = enqueue(settings, id, fireText, message, 'worse', downSince, '')
      told = fmt(severity)
    elseif renotifyMs > 0 and now - (tonumber(lastAlertAt) or 0) >= renotifyMs then
      lastAlertAt = enqueue(settings, id, fireText, message, 'renotify', downSince, '')
    end
  elseif changed and prev == 'down' then
    local head = call('LINDEX', incidentsKey, 0)
    if head then
      local okDecode, incident = pcall(cjson.decode, head)
      if okDecode and type(incident) == 'table' and incident.id == incidentId then
        incident['end'] = tonumber(okStart)
        call('LSET', incidentsKey, 0, cjson.encode(incident))
      end
    end
    -- RESOLVED only when its DOWN was actually sent (people never hear of a recovery from an outage they
    -- were not told about), and even while muted: good news closes the loop the DOWN opened. A paused
    -- monitor alerts no one at all: its manual runs only record.
    if downAlerted and not paused then lastAlertAt = enqueue(settings, id, fireText, message, 'resolved', downSince, fmt(tonumber(okStart) - (tonumber(downSince) or 0))) end
    downAlerted = false
    incidentId = ''
    told = ''
  end
  if status ~= 'down' then downSince = '' elseif downSince == '' then downSince = '0' end
  -- A reminder is sent on every run, unless the monitor is muted (a snoozed reminder is skipped, not kept).
  if remind and not muted then lastAlertAt = enqueue(settings, id, fireText, message, 'reminder', '', '') end

  local rolledTo, unrolled, _, dailyFrom = recordHistory(a, id, stateKey, fire, ok, duration, rolledFrom(st[13], st[2]), st[14])

  -- The fields the steady path reads come first: a new state's hash gets them at its front (after the
  -- status the store wrote), where Redis finds them soonest in a small (listpack) hash, which it scans
  -- field by field. The fields read above are written only when they change.
  local fields = { 'lastFireTime', fireText }
  put(fields, 'status', status, st[1])
  put(fields, 'consecutiveFailures', failsText, st[3])
  put(fields, 'consecutiveSuccesses', succText, st[4])
  putHistory(fields, st, 13, rolledTo, unrolled, dailyFrom)
  local n = #fields
  fields[n + 1], fields[n + 2], fields[n + 3], fields[n + 4] = 'lastResult', ok and 'ok' or 'failed', 'last', ARGV[a + 4]
  fields[n + 5], fields[n + 6] = 'lastRunAt', nowText
  put(fields, 'statusSince', statusSince, st[12])
  put(fields, 'failStreakStart', failStart, st[9])
  put(fields, 'failStreakMessage', failMsg, st[10])
  put(fields, 'okStreakStart', okStart, st[11])
  put(fields, 'downSince', downSince, st[5])
  put(fields, 'downAlerted', downAlerted and '1' or '0', st[7])
  put(fields, 'lastAlertAt', lastAlertAt, st[6])
  put(fields, 'incidentId', incidentId, st[8])
  put(fields, 'toldSeverity', told, st[15])
  call('HSET', stateKey, unpack(fields))
  dropOldLastFields(stateKey)

  -- The status index: one SADD when nothing changed. When the id was missing from it (a status change,
  -- or a lost update), it is taken out of the other two, so the indexes heal themselves.
  local index = KEYS[4]
  if status == 'pending' then index = KEYS[2] elseif status == 'up' then index = KEYS[3] end
  if call('SADD', index, id) == 1 or changed then
    for j = 2, 4 do
      if KEYS[j] ~= index then call('SREM', KEYS[j], id) end
    end
  end
  return 'applied'
end

local n = tonumber(ARGV[1])
local out, acks, lockIds, lockEntries = {}, {}, {}, {}
for i = 1, n do
  local a = ${RESULT_HEADER} + ${RESULT_FIELDS} * (i - 1)
  out[i] = applyOne(a)
  local entry = ARGV[a + 6]
  if entry ~= '' then
    local lock = sbyte(ARGV[a + 5], 3)
    if lock ~= 50 then acks[#acks + 1] = entry end
    if lock ~= 48 then
      lockIds[#lockIds + 1] = ARGV[a + 1]
      lockEntries[#lockEntries + 1] = entry
    end
  end
end
-- Done: ack the jobs, drop their last delivery errors, free the locks still held by these deliveries.
finishJobs(KEYS[5], KEYS[6], KEYS[7], ARGV[7], worker, acks, lockIds, lockEntries)
return out
`;

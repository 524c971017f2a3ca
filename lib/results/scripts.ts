import { LUA_FINISH_JOBS } from '../queue/lua-finish-jobs';
import { LUA_HISTORY_HELPERS } from './lua-history';

/**
 * The result script: the only writer of a monitor's state. Status, history, incidents and the alert
 * outbox change in one atomic step, so two workers racing on one monitor never produce two alerts for
 * one change, and a result whose fire time is not newer than the last applied one changes nothing.
 * "now" is Redis's TIME (fine in scripts since Redis 5: effects are replicated, not the script).
 *
 * One call applies a whole batch of results and acks their jobs (and frees their locks) in the same
 * step: Redis's cost per job is what keeps the pipeline fast, so the steady case of a result (same
 * status as before) is kept to a few commands: HMGET and HSET of the state (changed fields only),
 * SADD to its status index, ZADD of the run, HGET + HSET of each rollup bucket, and the alert if any.
 * Trimming runs by age happens when a new hourly bucket starts; by count, from a count kept in the state.
 */
export const RESULT_FIELDS = 20;

// KEYS: 1 outbox, 2 idx pending, 3 idx up, 4 idx down, 5 jobs stream, 6 job errors. A monitor's own keys
//       are its id after the prefixes in ARGV 8-13 (all keys share one hash tag, so one slot): six fewer
//       arguments per result to send and parse.
// ARGV: 1 results, 2 runsMax, 3 runsKeepMs, 4 hourlyKeepMs, 5 dailyKeepMs, 6 incidentsMax, 7 jobs group,
//       8-13 key prefixes of state, runs, rollupHourly, rollupDaily, incidents, lock (keys.x(''));
//       then per result (a = 13 + RESULT_FIELDS × (i − 1)): a+1 monitorId, a+2 fireTime, a+3 ok ('1'|'0'),
//       a+4 durationMs, a+5 message, a+6 run JSON, a+7 trigger, a+8 remind ('1'|'0'), a+9 failureThreshold,
//       a+10 successThreshold, a+11 renotifyMs (0 = never), a+12 mutedUntil (0 = not muted), a+13 name,
//       a+14 kind, a+15 target, a+16 channelIds JSON, a+17 details JSON, a+18 workerName,
//       a+19 jobs stream entry to ack ('' = none), a+20 lock owner to release ('' = none)
// Returns one outcome per result: 'applied', 'stale' (fire time not newer than the last applied) or
// 'gone' (monitor deleted). Every job named is acked whatever its outcome.
export const APPLY_RESULTS = `${LUA_HISTORY_HELPERS}${LUA_FINISH_JOBS}
local now = redisNowMs()
local nowText = fmt(now)
local runsMax, runsKeep = tonumber(ARGV[2]), tonumber(ARGV[3])
local hourlyKeep, dailyKeep, incidentsMax = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local function num(v) return tonumber(v) or 0 end

local P_STATE, P_RUNS, P_HOURLY, P_DAILY, P_INCIDENTS, P_LOCK = ARGV[8], ARGV[9], ARGV[10], ARGV[11], ARGV[12], ARGV[13]

local function applyOne(a)
  local id = ARGV[a + 1]
  local stateKey, runsKey, incidentsKey = P_STATE .. id, P_RUNS .. id, P_INCIDENTS .. id
  local st = redis.call('HMGET', stateKey, 'status', 'lastFireTime', 'consecutiveFailures', 'consecutiveSuccesses',
    'downSince', 'lastAlertAt', 'downAlerted', 'incidentId', 'failStreakStart', 'failStreakMessage', 'okStreakStart',
    'statusSince', 'runsCount')
  -- The store always writes a status: no status is almost always no state (then: deleted).
  if not st[1] and redis.call('EXISTS', stateKey) == 0 then return 'gone' end
  local fireText = ARGV[a + 2]
  local fire = tonumber(fireText)
  local lastFire = tonumber(st[2])
  if lastFire and fire <= lastFire then return 'stale' end

  local ok = ARGV[a + 3] == '1'
  local duration = tonumber(ARGV[a + 4])
  local message = ARGV[a + 5]
  local remind = ARGV[a + 8] == '1'
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
  elseif ok and status ~= 'up' and succ >= tonumber(ARGV[a + 10]) then
    status = 'up'
  elseif (not ok) and status ~= 'down' and fails >= tonumber(ARGV[a + 9]) then
    status = 'down'
  end
  local changed = status ~= prev
  if changed then
    if status == 'down' then statusSince = fmt(failStart) else statusSince = fmt(okStart) end
  end

  local muted = num(ARGV[a + 12]) > now
  local renotifyMs = num(ARGV[a + 11])
  local function enqueue(kind, since, downFor)
    redis.call('XADD', KEYS[1], '*', 'alertId', id .. ':' .. fireText .. ':' .. kind, 'type', kind,
      'monitorId', id, 'monitorName', ARGV[a + 13], 'kind', ARGV[a + 14], 'target', ARGV[a + 15], 'message', message,
      'at', nowText, 'fireTime', fireText, 'since', since, 'downForMs', downFor, 'channelIds', ARGV[a + 16])
    lastAlertAt = now
  end

  if changed and status == 'down' then
    downSince = failStart
    downAlerted = false
    incidentId = id .. ':' .. fmt(failStart)
    redis.call('LPUSH', incidentsKey, cjson.encode({ id = incidentId, start = failStart, firstMessage = failMsg }))
    redis.call('LTRIM', incidentsKey, 0, incidentsMax - 1)
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
    local head = redis.call('LINDEX', incidentsKey, 0)
    if head then
      local okDecode, incident = pcall(cjson.decode, head)
      if okDecode and type(incident) == 'table' and incident.id == incidentId then
        incident['end'] = okStart
        redis.call('LSET', incidentsKey, 0, cjson.encode(incident))
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

  -- History. A new hourly bucket (about once an hour per monitor) is when runs past 24 h are dropped.
  local hi = histIndex(duration)
  local newHour = addToRollup(P_HOURLY .. id, 3600000, fire, hourlyKeep, now, false, ok, duration, hi)
  addToRollup(P_DAILY .. id, 86400000, fire, dailyKeep, now, false, ok, duration, hi)
  local runsCount = tonumber(st[13])
  local keepFrom = now - runsKeep
  if fire >= keepFrom then
    if not runsCount then runsCount = redis.call('ZCARD', runsKey) end
    runsCount = runsCount + redis.call('ZADD', runsKey, fire, ARGV[a + 6])
  end
  if newHour then
    runsCount = (runsCount or redis.call('ZCARD', runsKey)) - redis.call('ZREMRANGEBYSCORE', runsKey, '-inf', '(' .. fmt(keepFrom))
  end
  if runsCount and runsCount > runsMax then
    runsCount = runsCount - redis.call('ZREMRANGEBYRANK', runsKey, 0, -(runsMax + 1))
  end

  local fields = { 'lastResult', ok and 'ok' or 'failed', 'lastMessage', message, 'lastDetails', ARGV[a + 17],
    'lastRunAt', nowText, 'lastFireTime', fireText, 'lastDurationMs', fmt(duration), 'lastTrigger', ARGV[a + 7],
    'lastWorker', ARGV[a + 18] }
  -- The fields read above are written only when they change.
  local function put(name, value, old)
    if value ~= old then fields[#fields + 1] = name; fields[#fields + 1] = value end
  end
  put('status', status, st[1])
  put('statusSince', statusSince, st[12])
  put('consecutiveFailures', fmt(fails), st[3])
  put('consecutiveSuccesses', fmt(succ), st[4])
  put('failStreakStart', fmt(failStart), st[9])
  put('failStreakMessage', failMsg, st[10])
  put('okStreakStart', fmt(okStart), st[11])
  put('downSince', status == 'down' and fmt(downSince) or '', st[5])
  put('downAlerted', downAlerted and '1' or '0', st[7])
  put('lastAlertAt', lastAlertAt > 0 and fmt(lastAlertAt) or '', st[6])
  put('incidentId', incidentId, st[8])
  if runsCount then put('runsCount', fmt(runsCount), st[13]) end
  redis.call('HSET', stateKey, unpack(fields))

  -- The status index: one SADD when nothing changed. When the id was missing from it (a status change,
  -- or a lost update), it is taken out of the other two, so the indexes heal themselves.
  local index = KEYS[4]
  if status == 'pending' then index = KEYS[2] elseif status == 'up' then index = KEYS[3] end
  if redis.call('SADD', index, id) == 1 or changed then
    for j = 2, 4 do
      if KEYS[j] ~= index then redis.call('SREM', KEYS[j], id) end
    end
  end
  return 'applied'
end

local n = tonumber(ARGV[1])
local out, acks, lockKeys, owners = {}, {}, {}, {}
for i = 1, n do
  local a = 13 + ${RESULT_FIELDS} * (i - 1)
  out[i] = applyOne(a)
  if ARGV[a + 19] ~= '' then acks[#acks + 1] = ARGV[a + 19] end
  if ARGV[a + 20] ~= '' then
    lockKeys[#lockKeys + 1] = P_LOCK .. ARGV[a + 1]
    owners[#owners + 1] = ARGV[a + 20]
  end
end
-- Done: ack the jobs, drop their last delivery errors, free the locks still held by these deliveries.
finishJobs(KEYS[5], KEYS[6], ARGV[7], acks, lockKeys, owners)
return out
`;

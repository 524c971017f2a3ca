-- A result off the steady path: status by thresholds, incidents, and the alerts the rules call for.
-- The state fields it reads, by position in `st` (STATE_FIELDS[i] is st[i]).
local STATE_FIELDS = { 'status', 'lastFireTime', 'consecutiveFailures', 'consecutiveSuccesses', 'downSince',
  'lastAlertAt', 'downAlerted', 'incidentId', 'failStreakStart', 'failStreakMessage', 'okStreakStart',
  'statusSince', 'rolledTo', 'unrolled', 'toldSeverity' }

-- One alert into the outbox; returns the time it was queued (the state's lastAlertAt).
local function enqueue(b, about, r, message, kind, since, down_for)
  redis.call('XADD', b.outbox, '*', 'alertId', r.id .. ':' .. r.fire_text .. ':' .. kind, 'type', kind,
    'monitorId', r.id, 'monitorName', about.name, 'kind', about.kind, 'target', about.target, 'message', message,
    'at', b.now_text, 'fireTime', r.fire_text, 'since', since, 'downForMs', down_for, 'channelIds', about.channelIds)
  return b.now_text
end

-- Closes the open incident (the head of the list) at the first success of the streak that ended it.
local function close_incident(incidents_key, incident_id, ok_start)
  local head = redis.call('LINDEX', incidents_key, 0)
  if not head then return end
  local decoded, incident = pcall(cjson.decode, head)
  if decoded and type(incident) == 'table' and incident.id == incident_id then
    incident['end'] = tonumber(ok_start)
    redis.call('LSET', incidents_key, 0, cjson.encode(incident))
  end
end

-- b: the batch (outbox, status indexes, now); h: the monitor's history keys; r: the result; st: the
-- state's STATE_FIELDS. Values stay the text they were read as unless they change.
local function apply_change(b, h, r, st)
  local ok, remind = r.flags.ok == true, r.flags.remind == true
  local last = cjson.decode(r.last_run)
  local duration = tonumber(last.ms) or 0
  local message = type(last.m) == 'string' and last.m or ''
  local settings = cjson.decode(r.settings)
  local prev = st[1]
  if prev ~= 'up' and prev ~= 'down' then prev = 'pending' end
  local status = prev
  local fails_text, succ_text = st[3] or '0', st[4] or '0'
  local fails, succ = tonumber(fails_text) or 0, tonumber(succ_text) or 0
  local fail_start, fail_msg, ok_start = st[9] or '0', st[10] or '', st[11] or '0'
  local status_since = st[12] or ''
  local down_since, last_alert_at = st[5] or '', st[6] or ''
  local down_alerted = st[7] == '1'
  local incident_id = st[8] or ''
  -- How bad this failure is (the check's severity, 1 when it gives none), and the worst one people were told of.
  local severity = ok and 0 or (tonumber(last.sv) or 1)
  local told = st[15] or ''

  -- Streaks start at the fire time of their first run, so an incident spans from the first failure to the
  -- first success, whatever the thresholds.
  if ok then
    if succ == 0 then ok_start = r.fire_text end
    succ = succ + 1
    succ_text = int_text(succ)
    if fails ~= 0 then fails = 0; fails_text = '0' end
  else
    if fails == 0 then fail_start = r.fire_text; fail_msg = message end
    fails = fails + 1
    fails_text = int_text(fails)
    if succ ~= 0 then succ = 0; succ_text = '0' end
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
    if status == 'down' then status_since = fail_start else status_since = ok_start end
  end

  -- A paused monitor's runs are manual runs: they alert no one.
  local paused = settings.paused == true
  local muted = paused or (tonumber(settings.mutedUntil) or 0) > b.now
  if changed and status == 'down' then
    down_since = fail_start
    down_alerted = false
    incident_id = r.id .. ':' .. fail_start
    redis.call('LPUSH', h.incidents, cjson.encode({ id = incident_id, start = tonumber(fail_start), firstMessage = fail_msg }))
    redis.call('LTRIM', h.incidents, 0, b.incidents_max - 1)
    -- While muted the DOWN waits: downAlerted stays 0 and the first result after the mute, still down, sends it.
    if not muted then last_alert_at = enqueue(b, settings, r, message, 'down', down_since, ''); down_alerted = true; told = int_text(severity) end
  elseif status == 'down' and not muted then
    if not down_alerted then
      last_alert_at = enqueue(b, settings, r, message, 'down', down_since, '')
      down_alerted = true
      told = int_text(severity)
    elseif severity > (tonumber(told) or 1) then
      -- Once per rise: the same failure again, or a milder one, waits for the re-notify.
      last_alert_at = enqueue(b, settings, r, message, 'worse', down_since, '')
      told = int_text(severity)
    elseif settings.renotifyMs > 0 and b.now - (tonumber(last_alert_at) or 0) >= settings.renotifyMs then
      last_alert_at = enqueue(b, settings, r, message, 'renotify', down_since, '')
    end
  elseif changed and prev == 'down' then
    close_incident(h.incidents, incident_id, ok_start)
    -- RESOLVED only when its DOWN was sent, and even while muted: good news closes the loop the DOWN opened.
    if down_alerted and not paused then
      last_alert_at = enqueue(b, settings, r, message, 'resolved', down_since, int_text(tonumber(ok_start) - (tonumber(down_since) or 0)))
    end
    down_alerted = false
    incident_id = ''
    told = ''
  end
  if status ~= 'down' then down_since = '' elseif down_since == '' then down_since = '0' end
  -- A reminder is sent on every run, unless the monitor is muted (a snoozed reminder is skipped, not kept).
  if remind and not muted then last_alert_at = enqueue(b, settings, r, message, 'reminder', '', '') end

  local rolled_to, unrolled, _, daily_from = record_history(h, r, ok, duration, st[13], st[14])
  -- The fields the steady path reads first, where Redis finds them soonest in a small (listpack) hash.
  local fields = { 'lastFireTime', r.fire_text }
  put(fields, 'status', status, st[1])
  put(fields, 'consecutiveFailures', fails_text, st[3])
  put(fields, 'consecutiveSuccesses', succ_text, st[4])
  put_history(fields, st[13], st[14], rolled_to, unrolled, daily_from)
  local n = #fields
  fields[n + 1], fields[n + 2], fields[n + 3], fields[n + 4] = 'lastResult', ok and 'ok' or 'failed', 'last', r.last_run
  fields[n + 5], fields[n + 6] = 'lastRunAt', b.now_text
  put(fields, 'statusSince', status_since, st[12])
  put(fields, 'failStreakStart', fail_start, st[9])
  put(fields, 'failStreakMessage', fail_msg, st[10])
  put(fields, 'okStreakStart', ok_start, st[11])
  put(fields, 'downSince', down_since, st[5])
  put(fields, 'downAlerted', down_alerted and '1' or '0', st[7])
  put(fields, 'lastAlertAt', last_alert_at, st[6])
  put(fields, 'incidentId', incident_id, st[8])
  put(fields, 'toldSeverity', told, st[15])
  redis.call('HSET', h.state, unpack(fields))
  return status, changed
end

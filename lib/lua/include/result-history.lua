-- A result's run into the monitor's history: the raw runs, and the rollups every FOLD_RUNS runs or
-- FOLD_SPAN_MS (fold_runs), so a run is one ZADD and the rollups one HGET and HSET per hour for many runs.
-- The runs are trimmed when they are folded: by age when a new hourly bucket starts, and by count to
-- FOLD_RUNS under runs_max, so that they never exceed runs_max before the next fold.
local FOLD_RUNS, FOLD_SPAN_MS = 60, 300000

-- h: the history's keys and limits; r: the result. duration: nil on the steady path, then read from the
-- last run's JSON only when the run is too old for the raw runs. Returns rolledTo and unrolled as text,
-- whether the runs were folded now, and the state's new dailyFrom when it changed.
local function record_history(h, r, ok, duration, rolled_to_text, unrolled_text)
  local keep_from = h.now - h.runs_keep
  local pending = (tonumber(unrolled_text) or 0) + 1
  local from = tonumber(rolled_to_text) or 0
  if r.fire >= keep_from then
    -- The score as the text it came as: a Lua number would be formatted and parsed back.
    redis.call('ZADD', h.runs, r.fire_text, r.run)
    if pending < FOLD_RUNS and r.fire - from < FOLD_SPAN_MS then return rolled_to_text, int_text(pending), false, nil end
  end
  local daily_from_text = redis.call('HGET', h.state, 'dailyFrom')
  local new_hour, daily_from
  if r.fire < keep_from then
    -- Too old for the raw runs: straight into the rollups (runs waiting to be folded, if any, stay so).
    duration = duration or (tonumber(cjson.decode(r.last_run).ms) or 0)
    new_hour, daily_from = add_to_rollups(h, daily_from_text, r.fire - r.fire % HOUR_MS, pack_run(false, ok, duration))
    pending = pending - 1
  else
    new_hour, daily_from = fold_runs(h, daily_from_text, int_text(from), r.fire_text)
    rolled_to_text, pending = r.fire_text, 0
    redis.call('ZREMRANGEBYRANK', h.runs, 0, -(h.runs_max - FOLD_RUNS + 1))
  end
  if new_hour then redis.call('ZREMRANGEBYSCORE', h.runs, '-inf', '(' .. int_text(keep_from)) end
  if daily_from == daily_from_text then daily_from = nil end
  return rolled_to_text, int_text(pending), true, daily_from
end

-- Appends name and value to an HSET argument list when the value differs from the one read.
local function put(fields, name, value, old)
  if value ~= old then
    local n = #fields
    fields[n + 1] = name
    fields[n + 2] = value
  end
end

-- The history fields of the state that a result changed.
local function put_history(fields, old_rolled_to, old_unrolled, rolled_to, unrolled, daily_from)
  put(fields, 'rolledTo', rolled_to, old_rolled_to)
  put(fields, 'unrolled', unrolled, old_unrolled)
  if daily_from then put(fields, 'dailyFrom', daily_from, nil) end
end

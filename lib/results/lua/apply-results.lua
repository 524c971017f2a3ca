-- Applies a batch of check results, the only writer of a monitor's state: status, history, incidents
-- and alerts change in one atomic step (two workers racing on one monitor never make two alerts for one
-- change; a result whose fire time is not newer than the last applied one changes nothing), and the
-- batch's jobs are acked and their locks freed in that same step.
-- KEYS[1] outbox — stream of alerts to send
-- KEYS[2] pending_index — set of pending monitors
-- KEYS[3] up_index — set of monitors up
-- KEYS[4] down_index — set of monitors down
-- KEYS[5] jobs — the jobs stream
-- KEYS[6] job_errors — hash entry id -> last delivery error
-- KEYS[7] locks — hash monitor id -> lock owner and expiry
-- ARGV[1] count — results in this call
-- ARGV[2] runs_max — most runs kept per monitor
-- ARGV[3] runs_keep_ms — how long runs are kept
-- ARGV[4] hourly_keep_ms — how long hourly buckets are kept
-- ARGV[5] daily_keep_ms — how long daily buckets are kept
-- ARGV[6] incidents_max — most incidents kept per monitor
-- ARGV[7] group — the jobs stream's consumer group
-- ARGV[8] worker — the consumer whose deliveries these are (the owner of the locks it frees)
-- ARGV[9..13] state_prefix, runs_prefix, hourly_prefix, daily_prefix, incidents_prefix — a monitor's
--   keys are its id after these (all keys share one hash tag: one slot)
-- Then RESULT_FIELDS arguments per result:
--   monitor_id; fire_time; run — the run's sorted-set member (JSON); last_run — the state's `last`
--   field, JSON { m message, d details, ms duration, w worker, tr 'manual' (absent: scheduled),
--   sv severity (absent: 1) }; flags — words: 'ok' (the check passed), 'remind' (a Remind Me),
--   'locked' (this delivery holds the monitor's lock: free it), for a reminder 'paused' and
--   'muted-until=<ms>' (as in settings, read here so the steady path needs no decoding); entry — the jobs stream entry to ack
--   ('' = none); settings — JSON { failureThreshold, successThreshold, renotifyMs (0 = never), paused,
--   mutedUntil (null = not muted), name, kind, target, channelIds }, decoded off the steady path only.
-- Returns one outcome per result: 'applied', 'stale' (fire time not newer than the last applied) or
-- 'gone' (monitor deleted). Every entry named is acked whatever its outcome.
-- include: now-ms, owns-job, finish-jobs, result-rollups, result-history, result-status
local outbox = KEYS[1]
local pending_index, up_index, down_index = KEYS[2], KEYS[3], KEYS[4]
local jobs, job_errors, locks = KEYS[5], KEYS[6], KEYS[7]
local count = tonumber(ARGV[1])
local runs_max = tonumber(ARGV[2])
local runs_keep_ms = tonumber(ARGV[3])
local hourly_keep_ms = tonumber(ARGV[4])
local daily_keep_ms = tonumber(ARGV[5])
local incidents_max = tonumber(ARGV[6])
local group = ARGV[7]
local worker = ARGV[8]
local state_prefix, runs_prefix, hourly_prefix, daily_prefix, incidents_prefix = ARGV[9], ARGV[10], ARGV[11], ARGV[12], ARGV[13]
local RESULT_HEADER, RESULT_FIELDS = 13, 7

local now = now_ms()
local batch = { outbox = outbox, now = now, now_text = int_text(now), incidents_max = incidents_max }

-- Whole words found with plain finds (a gmatch iterator allocates a closure per result), each word
-- padded once per call.
local FLAG_PATTERNS = {}
for _, word in ipairs({ 'ok', 'remind', 'locked', 'paused' }) do FLAG_PATTERNS[word] = ' ' .. word .. ' ' end
local function flags_of(words)
  local flags, padded = {}, ' ' .. words .. ' '
  for word, pattern in pairs(FLAG_PATTERNS) do
    if string.find(padded, pattern, 1, true) then flags[word] = true end
  end
  return flags
end

local function result_at(i)
  local a = RESULT_HEADER + RESULT_FIELDS * (i - 1)
  return { id = ARGV[a + 1], fire_text = ARGV[a + 2], fire = tonumber(ARGV[a + 2]), run = ARGV[a + 3], last_run = ARGV[a + 4],
    words = ARGV[a + 5], flags = flags_of(ARGV[a + 5]), entry = ARGV[a + 6], settings = ARGV[a + 7] }
end

local function history_of(id)
  return { state = state_prefix .. id, runs = runs_prefix .. id, hourly = hourly_prefix .. id, daily = daily_prefix .. id,
    incidents = incidents_prefix .. id, now = now, runs_max = runs_max, runs_keep = runs_keep_ms,
    hourly_keep = hourly_keep_ms, daily_keep = daily_keep_ms }
end

-- The status index holds the id; when it did not (a status change, or a lost update) the id leaves the
-- other two, so the indexes heal themselves.
local function index_status(id, status, changed)
  local index = down_index
  if status == 'pending' then index = pending_index elseif status == 'up' then index = up_index end
  if redis.call('SADD', index, id) == 1 or changed then
    for _, other in ipairs({ pending_index, up_index, down_index }) do
      if other ~= index then redis.call('SREM', other, id) end
    end
  end
end

-- The steady case, most results: an ok run of a monitor that is up with no failure streak, and no alert
-- to send. Only the last run, the counters and the history change, from six fields read.
local STEADY_FIELDS = { 'status', 'lastFireTime', 'consecutiveFailures', 'consecutiveSuccesses', 'rolledTo', 'unrolled' }
-- A reminder that tells no one (paused, or muted until a time Redis has not reached) is steady too.
-- Read from the flags, not the settings JSON, so this path decodes nothing.
local function tells_no_one(r)
  return r.flags.paused or (tonumber(string.match(r.words, 'muted%-until=(%d+)')) or 0) > now
end

local function is_steady(r, st)
  return st[1] == 'up' and st[3] == '0' and r.flags.ok and (tonumber(st[4]) or 0) > 0
    and (tonumber(st[2]) or 0) < r.fire and (not r.flags.remind or tells_no_one(r))
end

local function apply_steady(h, r, st)
  local rolled_to, unrolled, folded, daily_from = record_history(h, r, true, nil, st[5], st[6])
  -- lastResult is 'ok' already: a success streak is running.
  local fields = { 'last', r.last_run, 'lastRunAt', batch.now_text, 'lastFireTime', r.fire_text,
    'consecutiveSuccesses', int_text(tonumber(st[4]) + 1) }
  put_history(fields, st[5], st[6], rolled_to, unrolled, daily_from)
  redis.call('HSET', h.state, unpack(fields))
  -- The status is unchanged, so its index is checked (and healed) only when the runs are folded.
  if folded then index_status(r.id, 'up', false) end
end

local function apply_one(r)
  local h = history_of(r.id)
  local steady = redis.call('HMGET', h.state, unpack(STEADY_FIELDS))
  if is_steady(r, steady) then
    apply_steady(h, r, steady)
    return 'applied'
  end
  local st = redis.call('HMGET', h.state, unpack(STATE_FIELDS))
  -- The store always writes a status: no status is almost always no state (then: deleted).
  if not st[1] and redis.call('EXISTS', h.state) == 0 then return 'gone' end
  local last_fire = tonumber(st[2])
  if last_fire and r.fire <= last_fire then return 'stale' end
  local status, changed = apply_change(batch, h, r, st)
  index_status(r.id, status, changed)
  return 'applied'
end

local out, acks, lock_ids, lock_entries = {}, {}, {}, {}
for i = 1, count do
  local r = result_at(i)
  out[i] = apply_one(r)
  if r.entry ~= '' then
    acks[#acks + 1] = r.entry
    if r.flags.locked then
      lock_ids[#lock_ids + 1] = r.id
      lock_entries[#lock_entries + 1] = r.entry
    end
  end
end
finish_jobs(jobs, job_errors, locks, group, worker, acks, lock_ids, lock_entries)
return out

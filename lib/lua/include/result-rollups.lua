-- The rollups of the result scripts: runs packed into hourly buckets, hours folded into days.
-- A bucket's value is "checks,failures,sumMs,minMs,maxMs,skipped|i:n,i:n,...": counts and durations plus
-- a sparse log-scale histogram of durations (bucket i > 0 holds [RATIO^(i-1), RATIO^i) ms, bucket 0 those
-- under 1 ms), from which the readers estimate p95; lib/results/histogram.ts unpacks it.
local HIST_RATIO = 1.25
local HIST_MAX = 60
local HIST_LOG = math.log(HIST_RATIO)
local HOUR_MS, DAY_MS = 3600000, 86400000

-- Integers as digits: tostring would write a large one as 1e+15.
local function int_text(n)
  return string.format('%d', n)
end

-- The histogram bucket of a duration.
local function hist_index(d)
  if d < 1 then return 0 end
  return math.min(HIST_MAX, math.floor(math.log(d) / HIST_LOG) + 1)
end

-- One run, or one skipped job, as a packed bucket.
local function pack_run(skipped, ok, d)
  if skipped then return '0,0,0,0,0,1|' end
  local dt = int_text(d)
  return '1,' .. (ok and '0' or '1') .. ',' .. dt .. ',' .. dt .. ',' .. dt .. ',0|' .. hist_index(d) .. ':1'
end

-- Removes the buckets before cutoff (and anything that is not a bucket), so a rollup never grows unbounded.
local function drop_old_buckets(key, cutoff)
  for _, name in ipairs(redis.call('HKEYS', key)) do
    local b = tonumber(name)
    if b == nil or b < cutoff then redis.call('HDEL', key, name) end
  end
end

local BUCKET = '^(%d+),(%d+),(%d+),(%d+),(%d+),(%d+)|(.*)$'

-- Two packed buckets as one (either may be nil; a malformed one counts as empty).
local function merge_buckets(x, y)
  local a = x and { string.match(x, BUCKET) } or {}
  local b = y and { string.match(y, BUCKET) } or {}
  if not a[1] then return b[1] and y or x end
  if not b[1] then return x end
  local c1, c2 = tonumber(a[1]), tonumber(b[1])
  local mn, mx = a[4], a[5]
  if c1 == 0 or (c2 > 0 and tonumber(b[4]) < tonumber(mn)) then mn = b[4] end
  if c1 == 0 or (c2 > 0 and tonumber(b[5]) > tonumber(mx)) then mx = b[5] end
  local counts, order = {}, {}
  for _, h in ipairs({ a[7], b[7] }) do
    for i, n in string.gmatch(h, '(%d+):(%d+)') do
      if not counts[i] then order[#order + 1] = i; counts[i] = 0 end
      counts[i] = counts[i] + tonumber(n)
    end
  end
  local list = {}
  for k, i in ipairs(order) do list[k] = i .. ':' .. int_text(counts[i]) end
  return int_text(c1 + c2) .. ',' .. int_text(a[2] + b[2]) .. ',' .. int_text(a[3] + b[3]) .. ',' .. mn .. ',' .. mx .. ','
    .. int_text(a[6] + b[6]) .. '|' .. table.concat(list, ',')
end

-- Adds a packed bucket to the bucket at field; true when that bucket was new (callers drop old buckets then).
local function add_to_bucket(key, field, packed)
  local cur = redis.call('HGET', key, field)
  redis.call('HSET', key, field, cur and merge_buckets(cur, packed) or packed)
  return not cur
end

-- Folds the hourly buckets in [from, to) into the daily rollup, one merge per day touched.
local function fold_hours(hourly_key, daily_key, from, to, now, daily_keep)
  local flat = redis.call('HGETALL', hourly_key)
  local days, order = {}, {}
  for i = 1, #flat, 2 do
    local b = tonumber(flat[i])
    if b and b >= from and b < to then
      local day = b - b % DAY_MS
      if not days[day] then order[#order + 1] = day end
      days[day] = merge_buckets(days[day], flat[i + 1])
    end
  end
  local created = false
  for _, day in ipairs(order) do
    local field = int_text(day)
    local cur = redis.call('HGET', daily_key, field)
    created = created or not cur
    redis.call('HSET', daily_key, field, merge_buckets(cur, days[day]))
  end
  if created then drop_old_buckets(daily_key, now - daily_keep) end
end

-- Runs (packed) of one hour into the rollups. The hourly bucket only: the day is folded from its hours when
-- a new hour starts (the state's dailyFrom: hours from there on are not in the daily rollup yet, readers
-- add them); runs of an hour already folded go to both. h: the history's keys and limits.
-- Returns whether the hour was new, and dailyFrom as text.
local function add_to_rollups(h, daily_from_text, hour, packed)
  local daily_from = tonumber(daily_from_text)
  local new_hour = add_to_bucket(h.hourly, int_text(hour), packed)
  if daily_from == nil then
    daily_from = hour
  elseif hour < daily_from then
    if add_to_bucket(h.daily, int_text(hour - hour % DAY_MS), packed) then drop_old_buckets(h.daily, h.now - h.daily_keep) end
  elseif new_hour and hour > daily_from then
    fold_hours(h.hourly, h.daily, daily_from, hour, h.now, h.daily_keep)
    daily_from = hour
  end
  -- Hours are dropped only after they were folded.
  if new_hour then drop_old_buckets(h.hourly, h.now - h.hourly_keep) end
  return new_hour, int_text(daily_from)
end

-- Folds the runs with fire times in (from_text, to_text] into the rollups, one HGET and HSET per hour they
-- span. A run member starts {"t":…,"ok":…,"d":…} (as lib/results/apply.ts writes it); skipped jobs (no "ok")
-- went to the rollups when they were recorded and are passed over. Returns whether an hour was new, and
-- dailyFrom as text.
local RUN_MEMBER = '^{"t":(%d+),"ok":(%a+),"d":(%d+)'
local function fold_runs(h, daily_from_text, from_text, to_text)
  local hours, order = {}, {}
  for _, member in ipairs(redis.call('ZRANGEBYSCORE', h.runs, '(' .. from_text, to_text)) do
    local t, ok_text, d_text = string.match(member, RUN_MEMBER)
    if t then
      local fire, d = tonumber(t), tonumber(d_text)
      local hour = fire - fire % HOUR_MS
      local b = hours[hour]
      if not b then
        b = { c = 0, f = 0, sum = 0, mn = d, mx = d, hist = {}, bins = {} }
        hours[hour] = b
        order[#order + 1] = hour
      end
      b.c = b.c + 1
      if ok_text ~= 'true' then b.f = b.f + 1 end
      b.sum = b.sum + d
      if d < b.mn then b.mn = d end
      if d > b.mx then b.mx = d end
      local hi = hist_index(d)
      if not b.hist[hi] then b.bins[#b.bins + 1] = hi; b.hist[hi] = 0 end
      b.hist[hi] = b.hist[hi] + 1
    end
  end
  table.sort(order)
  local any_new, daily_from = false, daily_from_text
  for _, hour in ipairs(order) do
    local b = hours[hour]
    local bins = {}
    for k, hi in ipairs(b.bins) do bins[k] = hi .. ':' .. int_text(b.hist[hi]) end
    local packed = int_text(b.c) .. ',' .. int_text(b.f) .. ',' .. int_text(b.sum) .. ',' .. int_text(b.mn) .. ','
      .. int_text(b.mx) .. ',0|' .. table.concat(bins, ',')
    local new_hour
    new_hour, daily_from = add_to_rollups(h, daily_from, hour, packed)
    any_new = any_new or new_hour
  end
  return any_new, daily_from
end

-- Drops the runs older than the runs are kept, and the oldest beyond max_count.
local function trim_runs(h, max_count)
  redis.call('ZREMRANGEBYSCORE', h.runs, '-inf', '(' .. int_text(h.now - h.runs_keep))
  redis.call('ZREMRANGEBYRANK', h.runs, 0, -(max_count + 1))
end

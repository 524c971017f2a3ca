/**
 * Lua helpers shared by the result scripts: Redis's clock, runs trimming and the rollup buckets.
 *
 * A rollup bucket's value is "checks,failures,sumMs,minMs,maxMs,skipped|i:n,i:n,...": counts and
 * durations plus a sparse log-scale histogram (bucket i > 0 holds durations in [1.25^(i-1), 1.25^i) ms,
 * bucket 0 those under 1 ms), from which the readers estimate p95 within about 12 %. Keep this format
 * in step with histogram.ts, which unpacks it.
 */
export const HISTOGRAM_RATIO = 1.25;
export const HISTOGRAM_MAX_INDEX = 60;

export const LUA_HISTORY_HELPERS = `
-- Locals: a global lookup per call is a hash lookup in Lua 5.1, and these run for every result.
local tonumber, sformat, smatch, sfind, ssub, floor = tonumber, string.format, string.match, string.find, string.sub, math.floor
-- Remembered for the call, like num (see lua-num.ts): the counters of a batch's results share few values.
local formatted = {}
local function fmt(n)
  if n ~= n then return sformat('%d', n) end -- NaN cannot be a table key
  local s = formatted[n]
  if not s then
    s = sformat('%d', n)
    formatted[n] = s
  end
  return s
end

local function redisNowMs()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

local HIST_LOG = math.log(${HISTOGRAM_RATIO})
local HIST_MAX = ${HISTOGRAM_MAX_INDEX}

-- The histogram bucket of a duration (computed once per result, used by both rollups).
local function histIndex(d)
  if d < 1 then return 0 end
  return math.min(HIST_MAX, floor(math.log(d) / HIST_LOG) + 1)
end

-- One run (or one skipped job) as a packed bucket; hi = histIndex(d).
local function packRun(skipped, ok, d, hi)
  if skipped then return '0,0,0,0,0,1|' end
  local dt = fmt(d)
  return '1,' .. (ok and '0' or '1') .. ',' .. dt .. ',' .. dt .. ',' .. dt .. ',0|' .. hi .. ':1'
end

-- Removes the buckets before cutoff (and anything that is not a bucket), so a rollup never grows unbounded.
local function dropOldBuckets(key, cutoff)
  for _, name in ipairs(redis.call('HKEYS', key)) do
    local b = tonumber(name)
    if b == nil or b < cutoff then redis.call('HDEL', key, name) end
  end
end

local BUCKET = '^(%d+),(%d+),(%d+),(%d+),(%d+),(%d+)|(.*)$'

-- Two packed buckets as one (either may be nil; a malformed one counts as empty).
local function mergeBuckets(x, y)
  local a = x and { smatch(x, BUCKET) } or {}
  local b = y and { smatch(y, BUCKET) } or {}
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
  for k, i in ipairs(order) do list[k] = i .. ':' .. fmt(counts[i]) end
  return fmt(c1 + c2) .. ',' .. fmt(a[2] + b[2]) .. ',' .. fmt(a[3] + b[3]) .. ',' .. mn .. ',' .. mx .. ','
    .. fmt(a[6] + b[6]) .. '|' .. table.concat(list, ',')
end

local HOUR_MS, DAY_MS = 3600000, 86400000

-- Adds a packed bucket to the bucket at field; true when that bucket was new (about once an hour or a
-- day per monitor: callers drop old buckets then).
local function addToBucket(key, field, packed)
  local cur = redis.call('HGET', key, field)
  redis.call('HSET', key, field, cur and mergeBuckets(cur, packed) or packed)
  return not cur
end

-- Folds the hourly buckets in [from, to) into the daily rollup, one merge per day touched.
local function foldHours(hourlyKey, dailyKey, from, to, now, dailyKeep)
  local flat = redis.call('HGETALL', hourlyKey)
  local days, order = {}, {}
  for i = 1, #flat, 2 do
    local b = tonumber(flat[i])
    if b and b >= from and b < to then
      local day = b - b % DAY_MS
      if not days[day] then order[#order + 1] = day end
      days[day] = mergeBuckets(days[day], flat[i + 1])
    end
  end
  local created = false
  for _, day in ipairs(order) do
    local field = fmt(day)
    local cur = redis.call('HGET', dailyKey, field)
    created = created or not cur
    redis.call('HSET', dailyKey, field, mergeBuckets(cur, days[day]))
  end
  if created then dropOldBuckets(dailyKey, now - dailyKeep) end
end

-- Runs (packed) of one hour into the rollups. The hourly bucket only: the day is folded from its hours
-- when a new hour starts (the state's dailyFrom: hours from there on are not in the daily rollup yet;
-- readers add them). Until a monitor has dailyFrom (it is new, or its history was written before
-- folding existed) runs go to both, and the first new hour starts the folding. Runs of an hour already
-- folded go to both. Returns whether the hour was new, and dailyFrom as text.
local function addToRollups(hourlyKey, dailyKey, dailyFromText, hour, packed, now, hourlyKeep, dailyKeep)
  local dailyFrom = tonumber(dailyFromText)
  local newHour = addToBucket(hourlyKey, fmt(hour), packed)
  local direct = false
  if dailyFrom == nil then
    if newHour then dailyFrom = hour else direct = true end
  elseif hour < dailyFrom then
    direct = true
  elseif newHour and hour > dailyFrom then
    foldHours(hourlyKey, dailyKey, dailyFrom, hour, now, dailyKeep)
    dailyFrom = hour
  end
  if direct and addToBucket(dailyKey, fmt(hour - hour % DAY_MS), packed) then dropOldBuckets(dailyKey, now - dailyKeep) end
  -- Hours are dropped only after they were folded.
  if newHour then dropOldBuckets(hourlyKey, now - hourlyKeep) end
  return newHour, dailyFrom and fmt(dailyFrom) or nil
end

-- A result's run is kept in the raw runs only at first (its member starts {"t":…,"ok":…,"d":…}, as
-- apply.ts writes it); the runs after the state's rolledTo are folded into the rollups together, one
-- HGET and HSET per hour they span instead of per run, and readers add the ones not folded yet.
-- Skipped jobs (no "ok") went to the rollups when they were recorded and are passed over here.
-- Folds the runs in (fromText, toText] (fire times as text; toText may be '+inf'); returns whether an
-- hour was new, and dailyFrom as text.
local RUN_MEMBER = '^{"t":(%d+),"ok":(%a+),"d":(%d+)'
local function foldRuns(runsKey, hourlyKey, dailyKey, dailyFromText, fromText, toText, now, hourlyKeep, dailyKeep)
  local hours, order = {}, {}
  for _, member in ipairs(redis.call('ZRANGEBYSCORE', runsKey, '(' .. fromText, toText)) do
    local t, okText, dText = smatch(member, RUN_MEMBER)
    if t then
      local fire, d = tonumber(t), tonumber(dText)
      local hour = fire - fire % HOUR_MS
      local b = hours[hour]
      if not b then
        b = { c = 0, f = 0, sum = 0, mn = d, mx = d, hist = {}, bins = {} }
        hours[hour] = b
        order[#order + 1] = hour
      end
      b.c = b.c + 1
      if okText ~= 'true' then b.f = b.f + 1 end
      b.sum = b.sum + d
      if d < b.mn then b.mn = d end
      if d > b.mx then b.mx = d end
      local hi = histIndex(d)
      if not b.hist[hi] then b.bins[#b.bins + 1] = hi; b.hist[hi] = 0 end
      b.hist[hi] = b.hist[hi] + 1
    end
  end
  table.sort(order)
  local anyNew, dailyFrom = false, dailyFromText
  for _, hour in ipairs(order) do
    local b = hours[hour]
    local bins = {}
    for k, hi in ipairs(b.bins) do bins[k] = hi .. ':' .. fmt(b.hist[hi]) end
    local packed = fmt(b.c) .. ',' .. fmt(b.f) .. ',' .. fmt(b.sum) .. ',' .. fmt(b.mn) .. ',' .. fmt(b.mx) .. ',0|' .. table.concat(bins, ',')
    local newHour
    newHour, dailyFrom = addToRollups(hourlyKey, dailyKey, dailyFrom, hour, packed, now, hourlyKeep, dailyKeep)
    anyNew = anyNew or newHour
  end
  return anyNew, dailyFrom
end

local function trimRuns(key, now, keepMs, maxCount)
  redis.call('ZREMRANGEBYSCORE', key, '-inf', '(' .. fmt(now - keepMs))
  redis.call('ZREMRANGEBYRANK', key, 0, -(maxCount + 1))
end
`;

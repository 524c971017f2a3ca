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
local function fmt(n) return sformat('%d', n) end

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

-- Adds one run (or one skipped job) to the bucket that holds fireTime; hi = histIndex(d). Returns true
-- when the bucket was new (about once an hour or a day per monitor: callers drop old buckets then).
-- The histogram pair of the run is bumped in place: pairs are in no particular order (readers sort).
local function addToRollup(key, bucketMs, fireTime, skipped, ok, d, hi)
  local field = fmt(fireTime - (fireTime % bucketMs))
  local cur = redis.call('HGET', key, field)
  -- Counts stay the strings they were read as unless they change (formatting numbers is the cost here).
  local c, f, sum, mn, mx, sk, h = '0', '0', '0', '0', '0', '0', ''
  if cur then
    local a, b, s, lo, up, k, pairs = smatch(cur, '^(%d+),(%d+),(%d+),(%d+),(%d+),(%d+)|(.*)$')
    if a then c, f, sum, mn, mx, sk, h = a, b, s, lo, up, k, pairs end
  end
  if skipped then
    sk = fmt(tonumber(sk) + 1)
  else
    local first = c == '0'
    if first or d < tonumber(mn) then mn = fmt(d) end
    if first or d > tonumber(mx) then mx = fmt(d) end
    c = fmt(tonumber(c) + 1)
    if d > 0 then sum = fmt(tonumber(sum) + d) end
    if not ok then f = fmt(tonumber(f) + 1) end
    local tag = hi .. ':'
    -- Searched in ',' .. h, so the pair at s..e there is at s..e-1 in h.
    local s, e, n = sfind(',' .. h, ',' .. tag .. '(%d+)')
    if s then
      h = ssub(h, 1, s - 1) .. tag .. fmt(tonumber(n) + 1) .. ssub(h, e)
    elseif h == '' then
      h = tag .. '1'
    else
      h = h .. ',' .. tag .. '1'
    end
  end
  redis.call('HSET', key, field, c .. ',' .. f .. ',' .. sum .. ',' .. mn .. ',' .. mx .. ',' .. sk .. '|' .. h)
  return not cur
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

-- One run (or skipped job) into the rollups. Results write the hourly bucket only: the day is folded
-- from its hours when a new hour starts (the state's dailyFrom: hours from there on are not in the
-- daily rollup yet; readers add them). Until a monitor has dailyFrom (it is new, or its history was
-- written before folding existed) runs go to both, and the first new hour starts the folding. A run
-- for an hour already folded goes to both. Returns whether the hour was new, and dailyFrom as text.
local function addToRollups(hourlyKey, dailyKey, dailyFromText, fire, now, hourlyKeep, dailyKeep, skipped, ok, d, hi)
  local hour = fire - fire % HOUR_MS
  local dailyFrom = tonumber(dailyFromText)
  local newHour = addToRollup(hourlyKey, HOUR_MS, fire, skipped, ok, d, hi)
  local direct = false
  if dailyFrom == nil then
    if newHour then dailyFrom = hour else direct = true end
  elseif hour < dailyFrom then
    direct = true
  elseif newHour and hour > dailyFrom then
    foldHours(hourlyKey, dailyKey, dailyFrom, hour, now, dailyKeep)
    dailyFrom = hour
  end
  if direct and addToRollup(dailyKey, DAY_MS, fire, skipped, ok, d, hi) then dropOldBuckets(dailyKey, now - dailyKeep) end
  -- Hours are dropped only after they were folded.
  if newHour then dropOldBuckets(hourlyKey, now - hourlyKeep) end
  return newHour, dailyFrom and fmt(dailyFrom) or nil
end

local function trimRuns(key, now, keepMs, maxCount)
  redis.call('ZREMRANGEBYSCORE', key, '-inf', '(' .. fmt(now - keepMs))
  redis.call('ZREMRANGEBYRANK', key, 0, -(maxCount + 1))
end
`;

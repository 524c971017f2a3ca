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

-- Adds one run (or one skipped job) to the bucket that holds fireTime; hi = histIndex(d). When the
-- bucket is new (once per hour or day per monitor), buckets past retention are removed, so the hash
-- never grows unbounded. Returns true when the bucket was new (callers do their own upkeep then).
-- The histogram pair of the run is bumped in place: pairs are in no particular order (readers sort).
local function addToRollup(key, bucketMs, fireTime, keepMs, now, skipped, ok, d, hi)
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
  if not cur then
    local cutoff = now - keepMs
    for _, name in ipairs(redis.call('HKEYS', key)) do
      local b = tonumber(name)
      if b == nil or b < cutoff then redis.call('HDEL', key, name) end
    end
  end
  return not cur
end

local function trimRuns(key, now, keepMs, maxCount)
  redis.call('ZREMRANGEBYSCORE', key, '-inf', '(' .. fmt(now - keepMs))
  redis.call('ZREMRANGEBYRANK', key, 0, -(maxCount + 1))
end
`;

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
local function fmt(n) return string.format('%d', n) end

local function redisNowMs()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

local HIST_LOG = math.log(${HISTOGRAM_RATIO})
local HIST_MAX = ${HISTOGRAM_MAX_INDEX}

-- Adds one run (or one skipped job) to the bucket that holds fireTime. When the bucket is new (once per
-- hour or day per monitor), buckets past retention are removed, so the hash never grows unbounded.
local function addToRollup(key, bucketMs, fireTime, keepMs, now, skipped, ok, d)
  local field = fmt(fireTime - (fireTime % bucketMs))
  local cur = redis.call('HGET', key, field)
  local c, f, sum, mn, mx, sk, hist = 0, 0, 0, 0, 0, 0, {}
  if cur then
    local a, b, s, lo, hi, k, h = string.match(cur, '^(%d+),(%d+),(%d+),(%d+),(%d+),(%d+)|(.*)$')
    if a then
      c, f, sum, mn, mx, sk = tonumber(a), tonumber(b), tonumber(s), tonumber(lo), tonumber(hi), tonumber(k)
      for i, n in string.gmatch(h, '(%d+):(%d+)') do hist[tonumber(i)] = tonumber(n) end
    end
  end
  if skipped then
    sk = sk + 1
  else
    if c == 0 or d < mn then mn = d end
    if c == 0 or d > mx then mx = d end
    c = c + 1
    sum = sum + d
    if not ok then f = f + 1 end
    local i = 0
    if d >= 1 then i = math.min(HIST_MAX, math.floor(math.log(d) / HIST_LOG) + 1) end
    hist[i] = (hist[i] or 0) + 1
  end
  local parts = {}
  for i = 0, HIST_MAX do
    if hist[i] then parts[#parts + 1] = fmt(i) .. ':' .. fmt(hist[i]) end
  end
  redis.call('HSET', key, field, fmt(c) .. ',' .. fmt(f) .. ',' .. fmt(sum) .. ',' .. fmt(mn) .. ',' .. fmt(mx) .. ',' .. fmt(sk) .. '|' .. table.concat(parts, ','))
  if not cur then
    local cutoff = now - keepMs
    for _, name in ipairs(redis.call('HKEYS', key)) do
      local b = tonumber(name)
      if b == nil or b < cutoff then redis.call('HDEL', key, name) end
    end
  end
end

local function trimRuns(key, now, keepMs, maxCount)
  redis.call('ZREMRANGEBYSCORE', key, '-inf', '(' .. fmt(now - keepMs))
  redis.call('ZREMRANGEBYRANK', key, 0, -(maxCount + 1))
end
`;

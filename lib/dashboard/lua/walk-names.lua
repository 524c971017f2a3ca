-- Walks the name index from a cursor, keeping the monitors in every filter set and whose name has a
-- word starting with each search word, until the page is full, the index ends or max_scan members
-- were read (so Redis is never blocked long).
-- KEYS[1] names_lex — zset (score 0) "lower-cased name\0id"
-- KEYS[2] first_filter — set an id must be in (when filter_count >= 1)
-- KEYS[3] second_filter — set an id must be in (when filter_count >= 2)
-- KEYS[4] third_filter — set an id must be in (when filter_count = 3)
-- ARGV[1] start — where to start, as a ZRANGE BYLEX bound
-- ARGV[2] limit — most members to return
-- ARGV[3] chunk — members read per ZRANGE
-- ARGV[4] max_scan — most members read by this call
-- ARGV[5] filter_count — how many of KEYS[2..4] are filters (unused ones repeat KEYS[1])
-- ARGV[6...] search words: each must start a word of the name, at its start or after a byte that
--   is not an ASCII letter or digit (bytes >= 0x80 count as letters, like the split in JavaScript)
-- Returns {members, the last member read ('' when the index is exhausted)}.
local names_lex = KEYS[1]
local start = ARGV[1]
local limit = tonumber(ARGV[2])
local chunk = tonumber(ARGV[3])
local max_scan = tonumber(ARGV[4])
local filter_count = tonumber(ARGV[5])
local FIRST_WORD = 6
local EXHAUSTED = ''

local function starts_word(name, word)
  local from = 1
  while true do
    local at = string.find(name, word, from, true)
    if not at then return false end
    if at == 1 then return true end
    local b = string.byte(name, at - 1)
    if not ((b >= 48 and b <= 57) or (b >= 97 and b <= 122) or (b >= 65 and b <= 90) or b >= 128) then return true end
    from = at + 1
  end
end

local function matches(member)
  local sep = string.find(member, '\0', 1, true)
  local name, id = string.sub(member, 1, sep - 1), string.sub(member, sep + 1)
  for w = FIRST_WORD, #ARGV do
    if not starts_word(name, ARGV[w]) then return false end
  end
  for k = 2, 1 + filter_count do
    if redis.call('SISMEMBER', KEYS[k], id) == 0 then return false end
  end
  return true
end

local out, scanned = {}, 0
while scanned < max_scan do
  local members = redis.call('ZRANGE', names_lex, start, '+', 'BYLEX', 'LIMIT', 0, chunk)
  if #members == 0 then return {out, EXHAUSTED} end
  for _, member in ipairs(members) do
    scanned = scanned + 1
    if matches(member) then out[#out + 1] = member end
    if #out >= limit then return {out, member} end
    start = '(' .. member
  end
  if #members < chunk then return {out, EXHAUSTED} end
end
return {out, string.sub(start, 2)}

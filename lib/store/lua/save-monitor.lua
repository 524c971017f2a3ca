-- Saves a monitor: its record, name, indexes and place on the schedule change together, so a crash
-- never leaves a monitor half-saved. Refused when the record changed since it was read.
-- KEYS[1] monitor — string holding the monitor's JSON
-- KEYS[2] names — hash lower-cased name -> id
-- KEYS[3] ids — zset id -> created at
-- KEYS[4] schedule — zset id -> next fire time
-- KEYS[5] paused — set of paused ids
-- KEYS[6] name_words — zset (score 0) "word\0id"
-- KEYS[7] kind_index — set of the ids of the monitor's kind
-- KEYS[8] state — hash of the monitor's state
-- KEYS[9] pending — set of the ids whose status is pending
-- KEYS[10] names_lex — zset (score 0) "lower-cased name\0id"
-- KEYS[11] versions — hash id -> write number of its record
-- KEYS[12] writes — counter of record writes
-- KEYS[13] tag_counts — zset tag -> how many monitors carry it
-- ARGV[1] id
-- ARGV[2] expected_json — the record as read ('' = create a new monitor)
-- ARGV[3] json — the record to store
-- ARGV[4] name — lower-cased name
-- ARGV[5] old_name — lower-cased name before ('' = none)
-- ARGV[6] next_fire — next fire time in ms, '' = not scheduled, 'keep' = keep the current score
-- ARGV[7] created_at — ms
-- ARGV[8] enabled — 'enabled' or 'paused'
-- ARGV[9] tag_prefix — a tag's set of ids is this prefix and the tag
-- ARGV[10] old_word_count, ARGV[11] new_word_count — how many name words follow, the old name's first
-- ARGV[12] untag_count — how many of the tags after the words the monitor no longer carries
-- ARGV[13...] the old name's words, the new name's words, the tags removed, then the tags added
-- Returns 'OK', 'EXISTS' (a new monitor's id is taken), 'CONFLICT' (changed meanwhile) or 'NAME_TAKEN'.
local monitor, names, ids, schedule, paused, name_words = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local kind_index, state, pending, names_lex, versions, writes, tag_counts = KEYS[7], KEYS[8], KEYS[9], KEYS[10], KEYS[11], KEYS[12], KEYS[13]
local id = ARGV[1]
local expected_json = ARGV[2]
local json = ARGV[3]
local name = ARGV[4]
local old_name = ARGV[5]
local next_fire = ARGV[6]
local created_at = ARGV[7]
local enabled = ARGV[8]
local tag_prefix = ARGV[9]
local old_word_count, new_word_count, untag_count = tonumber(ARGV[10]), tonumber(ARGV[11]), tonumber(ARGV[12])
local FIRST_WORD = 13
local CREATE, NO_OLD_NAME, UNSCHEDULED, KEEP_SCORE, ENABLED = '', '', '', 'keep', 'enabled'

local current = redis.call('GET', monitor)
if expected_json == CREATE then
  if current then return 'EXISTS' end
elseif current ~= expected_json then
  return 'CONFLICT'
end
local owner = redis.call('HGET', names, name)
if owner and owner ~= id then return 'NAME_TAKEN' end
redis.call('SET', monitor, json)
-- A number no earlier write of any record had: a worker's parsed copy is current while it matches.
redis.call('HSET', versions, id, redis.call('INCR', writes))
if old_name ~= NO_OLD_NAME and old_name ~= name then redis.call('HDEL', names, old_name) end
redis.call('HSET', names, name, id)
redis.call('ZADD', ids, 'NX', created_at, id)
-- Schedule unchanged: a due score the controller has not dispatched yet is kept.
if next_fire == UNSCHEDULED then
  redis.call('ZREM', schedule, id)
elseif next_fire ~= KEEP_SCORE then
  redis.call('ZADD', schedule, next_fire, id)
end
if enabled == ENABLED then redis.call('SREM', paused, id) else redis.call('SADD', paused, id) end
local first_new_word = FIRST_WORD + old_word_count
local first_untag = first_new_word + new_word_count
local first_tag = first_untag + untag_count
for i = FIRST_WORD, first_new_word - 1 do redis.call('ZREM', name_words, ARGV[i] .. '\0' .. id) end
for i = first_new_word, first_untag - 1 do redis.call('ZADD', name_words, 0, ARGV[i] .. '\0' .. id) end
-- A tag's count moves only when its set really changed, so the counts cannot drift.
for i = first_untag, first_tag - 1 do
  if redis.call('SREM', tag_prefix .. ARGV[i], id) == 1 and tonumber(redis.call('ZINCRBY', tag_counts, -1, ARGV[i])) <= 0 then
    redis.call('ZREM', tag_counts, ARGV[i])
  end
end
for i = first_tag, #ARGV do
  if redis.call('SADD', tag_prefix .. ARGV[i], id) == 1 then redis.call('ZINCRBY', tag_counts, 1, ARGV[i]) end
end
redis.call('SADD', kind_index, id)
if expected_json == CREATE then
  redis.call('HSET', state, 'status', 'pending')
  redis.call('SADD', pending, id)
end
if old_name ~= NO_OLD_NAME then redis.call('ZREM', names_lex, old_name .. '\0' .. id) end
redis.call('ZADD', names_lex, 0, name .. '\0' .. id)
return 'OK'

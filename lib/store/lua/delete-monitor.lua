-- Deletes a monitor with everything kept for it (state, history, alerts list, indexes, its job's
-- lock), unless the record changed since it was read.
-- KEYS[1] monitor — string holding the monitor's JSON
-- KEYS[2] names — hash lower-cased name -> id
-- KEYS[3] ids — zset id -> created at
-- KEYS[4] schedule — zset id -> next fire time
-- KEYS[5] paused — set of paused ids
-- KEYS[6] name_words — zset (score 0) "word\0id"
-- KEYS[7] kind_index — set of the ids of the monitor's kind
-- KEYS[8] names_lex — zset (score 0) "lower-cased name\0id"
-- KEYS[9] state — hash of the monitor's state
-- KEYS[10] runs — zset of its recent runs
-- KEYS[11] rollup_hourly — hash of its hourly statistics
-- KEYS[12] rollup_daily — hash of its daily statistics
-- KEYS[13] incidents — list of its incidents
-- KEYS[14] alerts — list of its alert ids
-- KEYS[15] status_pending — set of the ids whose status is pending
-- KEYS[16] status_up — set of the ids whose status is up
-- KEYS[17] status_down — set of the ids whose status is down
-- KEYS[18] locks — hash id -> the lock of its running job
-- KEYS[19] versions — hash id -> write number of its record
-- KEYS[20] ping — hash of its ping record (a Did It Run's token)
-- KEYS[21] ping_tokens — hash ping token hash -> monitor id
-- KEYS[22] tag_counts — zset tag -> how many monitors carry it
-- ARGV[1] id
-- ARGV[2] expected_json — the record as read
-- ARGV[3] name — lower-cased name ('' when the record was unreadable)
-- ARGV[4] tag_prefix — a tag's set of ids is this prefix and the tag
-- ARGV[5] word_count — how many words of its name follow
-- ARGV[6...] the words of its name, then its tags
-- Returns 'OK', 'MISSING' or 'CONFLICT' (changed meanwhile).
local monitor, names, ids, schedule, paused, name_words, kind_index, names_lex = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8]
local locks, versions, ping, ping_tokens, tag_counts = KEYS[18], KEYS[19], KEYS[20], KEYS[21], KEYS[22]
local id = ARGV[1]
local expected_json = ARGV[2]
local name = ARGV[3]
local tag_prefix = ARGV[4]
local FIRST_WORD = 6
local first_tag = FIRST_WORD + tonumber(ARGV[5])
local FIRST_KEPT_KEY, LAST_KEPT_KEY = 9, 14
local FIRST_STATUS_SET, LAST_STATUS_SET = 15, 17

local current = redis.call('GET', monitor)
if not current then return 'MISSING' end
if current ~= expected_json then return 'CONFLICT' end
redis.call('DEL', monitor)
if redis.call('HGET', names, name) == id then redis.call('HDEL', names, name) end
redis.call('ZREM', ids, id)
redis.call('ZREM', schedule, id)
redis.call('SREM', paused, id)
redis.call('SREM', kind_index, id)
redis.call('ZREM', names_lex, name .. '\0' .. id)
for i = FIRST_KEPT_KEY, LAST_KEPT_KEY do redis.call('DEL', KEYS[i]) end
for i = FIRST_STATUS_SET, LAST_STATUS_SET do redis.call('SREM', KEYS[i], id) end
-- The lock of a job still running (or of a worker that died running it) goes with the monitor.
redis.call('HDEL', locks, id)
redis.call('HDEL', versions, id)
-- Its ping URL stops working with it.
local token_hash = redis.call('HGET', ping, 'tokenHash')
if token_hash and redis.call('HGET', ping_tokens, token_hash) == id then redis.call('HDEL', ping_tokens, token_hash) end
redis.call('DEL', ping)
for i = FIRST_WORD, first_tag - 1 do redis.call('ZREM', name_words, ARGV[i] .. '\0' .. id) end
for i = first_tag, #ARGV do
  if redis.call('SREM', tag_prefix .. ARGV[i], id) == 1 and tonumber(redis.call('ZINCRBY', tag_counts, -1, ARGV[i])) <= 0 then
    redis.call('ZREM', tag_counts, ARGV[i])
  end
end
return 'OK'

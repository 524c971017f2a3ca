/** Lua for the end of one send: the channel took the alerts (COMPLETE) or the post failed (FAIL). */
import { CHANNEL_LIST } from './outbox-scripts';

// The channel accepted (or will never get) these alerts. KEYS: outbox, queue, channel, lease ; ARGV: group, channelId,
// status (delivered|digest|dropped), alertPrefix, finalTtlMs, digestId, channelOk (1|0), leaseToken ('' = none), ids...
// Returns 0 when the lease is not the token's (channel health left alone).
export const COMPLETE = `
${CHANNEL_LIST}
local function finalStatus(s) return s == 'delivered' or s == 'digest' or s == 'dropped' end
local t = redis.call('TIME')
local now = tostring(t[1] * 1000 + math.floor(t[2] / 1000))
-- Usually the ids are the head of the queue, in order (what the sender read): one LTRIM for all.
local count = #ARGV - 8
local head = redis.call('LRANGE', KEYS[2], 0, count - 1)
local isHead = #head == count
for i = 1, count do
  if not isHead then break end
  if head[i] ~= ARGV[i + 8] then isHead = false end
end
if isHead then redis.call('LTRIM', KEYS[2], count, -1) end
for i = 9, #ARGV do
  local alertId = ARGV[i]
  if not isHead then
    if redis.call('LINDEX', KEYS[2], 0) == alertId then redis.call('LPOP', KEYS[2]) else redis.call('LREM', KEYS[2], 1, alertId) end
  end
  local akey = ARGV[4] .. alertId
  if redis.call('EXISTS', akey) == 1 then
    redis.call('HSET', akey, 'st:' .. ARGV[2], ARGV[3])
    if ARGV[3] ~= 'dropped' then
      redis.call('HINCRBY', akey, 'attempts', 1)
      redis.call('HSET', akey, 'deliveredAt', now, 'lastError', '')
      if ARGV[6] ~= '' then redis.call('HSET', akey, 'digestId', ARGV[6]) end
    end
    local channels = channelList(redis.call('HGET', akey, 'channels'))
    local done, overall, failing = true, 'dropped', false
    for _, ch in ipairs(channels) do
      local st = redis.call('HGET', akey, 'st:' .. ch)
      if not finalStatus(st) then done = false end
      if st == 'failing' then failing = true end
      if st == 'digest' then overall = 'digest' elseif st == 'delivered' and overall ~= 'digest' then overall = 'delivered' end
    end
    if done then
      redis.call('HSET', akey, 'status', overall)
      redis.call('PEXPIRE', akey, ARGV[5])
      local streamId = redis.call('HGET', akey, 'streamId')
      redis.call('XACK', KEYS[1], ARGV[1], streamId)
      redis.call('XDEL', KEYS[1], streamId)
    else
      redis.call('HSET', akey, 'status', failing and 'failing' or 'queued')
    end
  end
end
if ARGV[8] ~= '' and redis.call('GET', KEYS[4]) ~= ARGV[8] then return 0 end
if ARGV[7] == '1' and redis.call('EXISTS', KEYS[3]) == 1 then
  redis.call('HSET', KEYS[3], 'health', 'ok', 'lastError', '', 'failingSince', '', 'consecutiveFailures', 0, 'nextAttemptAt', 0)
end
return 1
`;

// A send failed. KEYS: channel, lease ; ARGV: alertPrefix, channelId, error, retryAtMs, kind (transient|rate|rejected),
// failingAfter (transient failures before the channel shows failing), leaseToken, ids... Returns -1, writing nothing,
// when the lease is not the token's: its new holder may have sent them.
export const FAIL = `
if redis.call('GET', KEYS[2]) ~= ARGV[7] then return -1 end
local t = redis.call('TIME')
local now = tostring(t[1] * 1000 + math.floor(t[2] / 1000))
for i = 8, #ARGV do
  local akey = ARGV[1] .. ARGV[i]
  if redis.call('EXISTS', akey) == 1 then
    redis.call('HSET', akey, 'st:' .. ARGV[2], 'failing', 'status', 'failing', 'lastError', ARGV[3])
    redis.call('HINCRBY', akey, 'attempts', 1)
  end
end
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'nextAttemptAt', ARGV[4], 'lastError', ARGV[3])
if ARGV[5] == 'rate' then return 1 end
local n = redis.call('HINCRBY', KEYS[1], 'consecutiveFailures', 1)
if ARGV[5] == 'rejected' or n >= tonumber(ARGV[6]) then
  if redis.call('HGET', KEYS[1], 'health') ~= 'failing' then
    redis.call('HSET', KEYS[1], 'health', 'failing', 'failingSince', now)
  end
end
return n
`;

/** Lua for channel records: each write is atomic, so two admins cannot add the same URL twice. */

// KEYS: channel, fingerprints, channelIds, defaultChannel
// ARGV: id, name, encryptedUrl, fingerprint, maskedUrl, now
// Returns the id of the channel that already has this URL, or false when added.
export const ADD_CHANNEL = `
local existing = redis.call('HGET', KEYS[2], ARGV[4])
if existing then return existing end
redis.call('HSET', KEYS[2], ARGV[4], ARGV[1])
redis.call('HSET', KEYS[1], 'id', ARGV[1], 'name', ARGV[2], 'url', ARGV[3], 'fingerprint', ARGV[4],
  'maskedUrl', ARGV[5], 'health', 'ok', 'createdAt', ARGV[6], 'updatedAt', ARGV[6])
redis.call('ZADD', KEYS[3], ARGV[6], ARGV[1])
redis.call('SET', KEYS[4], ARGV[1], 'NX')
return false
`;

// KEYS: channel, fingerprints ; ARGV: id, encryptedUrl, fingerprint, maskedUrl
// Returns OK, MISSING, or the id of another channel that already has this URL.
export const SET_CHANNEL_URL = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 'MISSING' end
local owner = redis.call('HGET', KEYS[2], ARGV[3])
if owner and owner ~= ARGV[1] then return owner end
local old = redis.call('HGET', KEYS[1], 'fingerprint')
if old and old ~= ARGV[3] then redis.call('HDEL', KEYS[2], old) end
redis.call('HSET', KEYS[2], ARGV[3], ARGV[1])
redis.call('HSET', KEYS[1], 'url', ARGV[2], 'fingerprint', ARGV[3], 'maskedUrl', ARGV[4], 'health', 'ok',
  'lastError', '', 'failingSince', '', 'nextAttemptAt', '0', 'consecutiveFailures', '0')
return 'OK'
`;

// KEYS: channel, fingerprints, channelIds, defaultChannel, queue ; ARGV: id
// Returns {removed (0|1), ids of alerts that were waiting for it}.
export const REMOVE_CHANNEL = `
if redis.call('EXISTS', KEYS[1]) == 0 then return {0, {}} end
local fp = redis.call('HGET', KEYS[1], 'fingerprint')
if fp and redis.call('HGET', KEYS[2], fp) == ARGV[1] then redis.call('HDEL', KEYS[2], fp) end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[3], ARGV[1])
if redis.call('GET', KEYS[4]) == ARGV[1] then
  local oldest = redis.call('ZRANGE', KEYS[3], 0, 0)
  if oldest[1] then redis.call('SET', KEYS[4], oldest[1]) else redis.call('DEL', KEYS[4]) end
end
local waiting = redis.call('LRANGE', KEYS[5], 0, -1)
redis.call('DEL', KEYS[5])
return {1, waiting}
`;

// KEYS: channel ; ARGV: name. Returns 0 when the channel no longer exists.
export const RENAME_CHANNEL = "if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end redis.call('HSET', KEYS[1], 'name', ARGV[1]) return 1";

// KEYS: channel, defaultChannel ; ARGV: id. Returns 0 when the channel no longer exists.
export const SET_DEFAULT_CHANNEL = "if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end redis.call('SET', KEYS[2], ARGV[1]) return 1";

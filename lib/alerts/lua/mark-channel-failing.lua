-- A test message failed: the channel is failing since its first failure, with the latest error.
-- KEYS[1] channel — hash of the channel
-- ARGV[1] error — what Slack answered
-- Returns 1 when marked, 0 when the channel no longer exists.
-- include: now-ms, channel-health
local channel = KEYS[1]
local error_text = ARGV[1]

if redis.call('EXISTS', channel) == 0 then return 0 end
mark_channel_failing(channel, now_ms())
redis.call('HSET', channel, 'lastError', error_text)
return 1

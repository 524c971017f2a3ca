-- A send to the channel failed: recorded on the alerts (they stay queued) and on the channel (when
-- to try again, its health), only while the sender still holds the channel's lease: its new holder
-- may have sent them.
-- KEYS[1] channel — hash of the channel
-- KEYS[2] lease — string holding the token of the sender delivering the channel
-- ARGV[1] alert_prefix — key prefix of an alert's status hash
-- ARGV[2] channel_id
-- ARGV[3] error — what went wrong
-- ARGV[4] retry_at_ms — when the channel may be tried again
-- ARGV[5] kind — 'transient', 'rate' (Slack asked to wait) or 'rejected' (Slack refused the message)
-- ARGV[6] failing_after — transient failures in a row before the channel shows as failing
-- ARGV[7] lease_token — the sender's token
-- ARGV[8...] alert ids
-- Returns -1 (nothing written) when the lease is not the token's, 0 when the channel no longer
-- exists, else the channel's failures in a row.
-- include: now-ms, owns-lease, channel-health
local channel, lease = KEYS[1], KEYS[2]
local alert_prefix = ARGV[1]
local channel_id = ARGV[2]
local error_text = ARGV[3]
local retry_at_ms = ARGV[4]
local kind = ARGV[5]
local failing_after = tonumber(ARGV[6])
local lease_token = ARGV[7]
local FIRST_ID = 8
local RATE, REJECTED = 'rate', 'rejected'

if not owns_lease(lease, lease_token) then return -1 end
for i = FIRST_ID, #ARGV do
  local alert = alert_prefix .. ARGV[i]
  if redis.call('EXISTS', alert) == 1 then
    redis.call('HSET', alert, 'st:' .. channel_id, 'failing', 'status', 'failing', 'lastError', error_text)
    redis.call('HINCRBY', alert, 'attempts', 1)
  end
end
if redis.call('EXISTS', channel) == 0 then return 0 end
redis.call('HSET', channel, 'nextAttemptAt', retry_at_ms, 'lastError', error_text)
if kind == RATE then return 1 end
local failures = redis.call('HINCRBY', channel, 'consecutiveFailures', 1)
if kind == REJECTED or failures >= failing_after then mark_channel_failing(channel, now_ms()) end
return failures

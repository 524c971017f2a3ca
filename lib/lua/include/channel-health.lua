-- A channel's health: healthy again after an answer from Slack, failing since its first failure.
local function mark_channel_ok(channel)
  redis.call('HSET', channel, 'health', 'ok', 'lastError', '', 'failingSince', '', 'consecutiveFailures', 0, 'nextAttemptAt', 0)
end

local function mark_channel_failing(channel, now)
  if redis.call('HGET', channel, 'health') ~= 'failing' then
    redis.call('HSET', channel, 'health', 'failing', 'failingSince', now)
  end
end

-- Takes a token from a channel's bucket (Slack takes about one message a second per webhook, with
-- short bursts); every sender shares the bucket, judged by Redis's clock.
-- KEYS[1] bucket — hash {tokens, at}
-- ARGV[1] rate — tokens per second
-- ARGV[2] burst — most tokens the bucket holds
-- Returns {1, tokens left} when a message may go now, else {0, ms to wait}.
-- include: now-ms
local bucket = KEYS[1]
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])

local now = now_ms()
local state = redis.call('HMGET', bucket, 'tokens', 'at')
local tokens, at = tonumber(state[1]), tonumber(state[2])
if not tokens then tokens, at = burst, now end
tokens = math.min(burst, tokens + math.max(0, now - at) * rate / 1000)
local granted = tokens >= 1
if granted then tokens = tokens - 1 end
redis.call('HSET', bucket, 'tokens', tostring(tokens), 'at', now)
redis.call('PEXPIRE', bucket, math.ceil(burst / rate * 1000) + 1000)
if granted then return {1, math.floor(tokens)} end
return {0, math.ceil((1 - tokens) * 1000 / rate)}

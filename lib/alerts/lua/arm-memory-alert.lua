-- While Redis takes writes, arms the "out of memory" alert, so the next refusal raises it once.
-- KEYS[1] memory_alert — hash {seen, armed}: "armed" is deleted (allowed under OOM) to raise it
-- Returns 1 when the alert had been raised (the caller sends its resolution), else 0.
local memory_alert = KEYS[1]

if redis.call('EXISTS', memory_alert) == 0 then
  redis.call('HSET', memory_alert, 'seen', '1', 'armed', '1')
  return 0
end
return redis.call('HSETNX', memory_alert, 'armed', '1')

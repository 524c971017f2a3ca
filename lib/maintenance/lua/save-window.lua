-- Saves a maintenance window and raises the version workers watch, in one step; on a create, the
-- one-off windows that ended long ago are dropped, and a full list is refused.
-- KEYS[1] windows — hash window id -> window JSON
-- KEYS[2] version — counter raised by every window write
-- ARGV[1] id
-- ARGV[2] json — the window to store
-- ARGV[3] mode — 'create' (the id must be new) or 'update' (the window must still exist)
-- ARGV[4] max_windows — most windows kept
-- ARGV[5...] ids of ended windows to drop first (create only)
-- Returns 'OK', 'MISSING' (an update of a window deleted meanwhile), 'EXISTS' or 'FULL'.
local windows, version = KEYS[1], KEYS[2]
local id = ARGV[1]
local json = ARGV[2]
local mode = ARGV[3]
local max_windows = tonumber(ARGV[4])
local FIRST_STALE = 5
local CREATE = 'create'

local exists = redis.call('HEXISTS', windows, id) == 1
if mode == CREATE then
  if exists then return 'EXISTS' end
  for i = FIRST_STALE, #ARGV do redis.call('HDEL', windows, ARGV[i]) end
  if redis.call('HLEN', windows) >= max_windows then return 'FULL' end
elseif not exists then
  return 'MISSING'
end
redis.call('HSET', windows, id, json)
redis.call('INCR', version)
return 'OK'

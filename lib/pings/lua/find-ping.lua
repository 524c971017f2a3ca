-- Finds the monitor a ping token belongs to. Reads only: the caller checks the ping limits (sent in
-- the same round trip) before anything is written.
-- KEYS[1] tokens — hash SHA-256 of a ping token (hex) -> monitor id
-- ARGV[1] token_hash
-- ARGV[2] monitor_key_prefix, ARGV[3] ping_key_prefix — a monitor's keys are its id after these (same hash tag)
-- Returns {monitor id, monitor JSON, startedAt ('' = no start since the last run ended), now ms}, or
-- false: no such token, or its monitor is gone.
-- include: now-ms
local tokens = KEYS[1]
local token_hash = ARGV[1]
local monitor_key_prefix, ping_key_prefix = ARGV[2], ARGV[3]

local id = redis.call('HGET', tokens, token_hash)
if not id then return false end
local json = redis.call('GET', monitor_key_prefix .. id)
if not json then return false end
local started = redis.call('HGET', ping_key_prefix .. id, 'startedAt') or ''
return { id, json, started, string.format('%d', now_ms()) }

-- Whether a monitor's lock "<consumer>|<entry id>|<expires at>" is held by this consumer's delivery of
-- that jobs stream entry: a lock taken over by another delivery is not this one's to free.
local function owns_job(lock, consumer, entry_id)
  if not lock then return false end
  local owner = consumer .. '|' .. entry_id .. '|'
  return string.sub(lock, 1, #owner) == owner
end

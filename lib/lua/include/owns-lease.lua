-- Whether the sender with `token` still holds the lease: only the holder may act for the channel.
local function owns_lease(lease, token)
  return redis.call('GET', lease) == token
end

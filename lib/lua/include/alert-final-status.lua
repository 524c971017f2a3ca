-- A channel's delivery status that will not change any more.
local function is_final_status(status)
  return status == 'delivered' or status == 'digest' or status == 'dropped'
end

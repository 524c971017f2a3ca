-- An alert's channel ids, stored as a JSON array of strings; anything else in it is skipped, so one
-- malformed entry cannot stop the routing of every alert after it.
local function decode_channel_list(json)
  local list = {}
  if not json or json == '' then return list end
  local ok, decoded = pcall(cjson.decode, json)
  if ok and type(decoded) == 'table' then
    for _, channel in ipairs(decoded) do
      if type(channel) == 'string' then list[#list + 1] = channel end
    end
  end
  return list
end

-- cjson writes an empty table as {}, and the readers expect an array.
local function encode_channel_list(channels)
  if #channels == 0 then return '[]' end
  return cjson.encode(channels)
end

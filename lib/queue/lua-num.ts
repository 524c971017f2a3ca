/**
 * Lua: `num(s)`, tonumber remembered for the length of one script call. Lua 5.1's tonumber converts a
 * string twice (lua_isnumber, then lua_tonumber), and a millisecond timestamp takes glibc strtod's
 * slow path: these conversions were about 5 % of Redis's time per job (perf). The jobs of a batch
 * mostly share their fire times, and Lua strings are interned, so a table lookup replaces most of them.
 * Like tonumber, it returns nil for nil, false or text that is not a number.
 */
export const LUA_NUM = `
local numbers = {}
local function num(s)
  if not s then return nil end
  local v = numbers[s]
  if v == nil then
    v = tonumber(s) or false
    numbers[s] = v
  end
  return v or nil
end
`;

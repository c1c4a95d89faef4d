/**
 * Lua run once in a new state, before the sandbox closes it: the names of
 * Lua 5.1 that Redis 7.0 gives scripts (`math.floor` and `math.ceil` giving doubles, as every 5.1 number is; `string.format` printing a number for `%s` as 5.1 does and truncating it for `%d`) and Lua 5.3 lacks or moved
 * (`unpack`, `loadstring`, `table.getn`, `math.pow`, ...), `tostring` formatting numbers as 5.1 does (`%.14g`), without the names
 * 5.1 does not have, and LuaBitOp's `bit` library (32-bit, signed results).
 */
export const compatibility = `
local tointeger, floor, ceil, unpack53, format53 = math.tointeger, math.floor, math.ceil, table.unpack, string.format
string.format = function(fmt, ...)
  local args, i = {...}, 0
  for conversion in tostring(fmt):gmatch('%%[-+ #0-9.]*(.)') do
    if conversion ~= '%' then
      i = i + 1
      local v = args[i]
      if type(v) == 'number' and conversion == 's' then args[i] = tostring(v)
      elseif type(v) == 'number' and conversion:match('[dicoxX]') then args[i] = v >= 0 and floor(v) or ceil(v) end
    end
  end
  return format53(fmt, unpack53(args, 1, select('#', ...)))
end
math.floor = function(x) return floor(x) + 0.0 end
math.ceil = function(x) return ceil(x) + 0.0 end
_VERSION = 'Lua 5.1'
unpack = table.unpack
loadstring = function(s, name) return load(s, name, 't') end
local load53 = load
load = function(chunk, name) return load53(chunk, name, 't') end
table.getn = function(t) return #t end
table.setn = function() error("'setn' is obsolete", 2) end
table.maxn = function(t) local n = 0 for k in pairs(t) do if type(k) == 'number' and k > n then n = k end end return n end
math.pow = function(x, y) return x ^ y end
math.mod = math.fmod
math.log10 = function(x) return math.log(x, 10) end
math.ldexp = function(m, e) return m * 2.0 ^ e end
math.cosh = function(x) return (math.exp(x) + math.exp(-x)) / 2 end
math.sinh = function(x) return (math.exp(x) - math.exp(-x)) / 2 end
math.tanh = function(x) local a, b = math.exp(x), math.exp(-x) return (a - b) / (a + b) end
gcinfo = function() return floor(collectgarbage('count')) end
string.gfind = string.gmatch
local tostring53 = tostring
tostring = function(v) if type(v) == 'number' then return '' .. v end return tostring53(v) end
for _, name in ipairs({'rawlen', 'dofile', 'loadfile', 'print', 'require', 'utf8', 'package'}) do _G[name] = nil end
table.unpack, table.move, table.pack = nil, nil, nil
math.tointeger, math.type, math.ult, math.maxinteger, math.mininteger = nil, nil, nil, nil, nil
string.pack, string.unpack, string.packsize = nil, nil, nil
local function tobit(x)
  x = x % 4294967296
  if x >= 2147483648 then x = x - 4294967296 end
  return tointeger(floor(x))
end
local function n(x) return x + 0.0 end
bit = {
  tobit = function(x) return n(tobit(x)) end,
  bnot = function(x) return n(~tobit(x)) end,
  band = function(x, ...) local r = tobit(x) for _, y in ipairs({...}) do r = r & tobit(y) end return n(r) end,
  bor = function(x, ...) local r = tobit(x) for _, y in ipairs({...}) do r = r | tobit(y) end return n(r) end,
  bxor = function(x, ...) local r = tobit(x) for _, y in ipairs({...}) do r = r ~ tobit(y) end return n(r) end,
  lshift = function(x, s) return n(tobit(tobit(x) << (tobit(s) % 32))) end,
  rshift = function(x, s) return n(tobit((tobit(x) % 4294967296) // (2 ^ (tobit(s) % 32)))) end,
  arshift = function(x, s) return n(tobit(floor(tobit(x) / 2 ^ (tobit(s) % 32)))) end,
  rol = function(x, s) s = tobit(s) % 32 local u = tobit(x) % 4294967296 return n(tobit(u * 2 ^ s + floor(u / 2 ^ (32 - s)))) end,
  ror = function(x, s) s = tobit(s) % 32 local u = tobit(x) % 4294967296 return n(tobit(floor(u / 2 ^ s) + u * 2 ^ (32 - s))) end,
  bswap = function(x) local u = tobit(x) % 4294967296 local r = 0
    for _ = 1, 4 do r = r * 256 + u % 256 u = floor(u / 256) end return n(tobit(r)) end,
  tohex = function(x, digits) digits = digits or 8 local upper = digits < 0 if upper then digits = -digits end
    local u = tobit(x) % 4294967296
    local s = string.format(upper and '%04X%04X' or '%04x%04x', floor(u / 65536), u % 65536) return s:sub(9 - digits) end,
}
`;

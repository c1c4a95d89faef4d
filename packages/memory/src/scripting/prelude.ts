/** The functions the compatibility code defines in Lua, which `sandbox.ts` calls through JavaScript, as a C function is called: never a tail call, so an error names the script's line. */
export const compatibilityFunctions = [
  'unpack', 'tostring', 'gcinfo', 'collectgarbage', 'string.format', 'string.rep', 'math.floor', 'math.ceil', 'math.log', 'math.pow', 'math.log10',
  'math.ldexp', 'math.frexp', 'math.cosh', 'math.sinh', 'math.tanh', 'table.getn', 'table.setn', 'table.maxn', 'bit.tobit', 'bit.bnot', 'bit.band',
  'bit.bor', 'bit.bxor', 'bit.lshift', 'bit.rshift', 'bit.arshift', 'bit.rol', 'bit.ror', 'bit.bswap', 'bit.tohex',
];

/** The functions `readonlyTables` replaces, called through JavaScript as the others. */
export const protectionFunctions = ['rawset', 'rawget', 'next', 'setmetatable'];

/**
 * Makes the libraries and the globals read-only, as Redis 7.0's patched Lua
 * does, with proxies: each library table, and the globals, is replaced by an
 * empty table that reads through to it (`pairs`, `next`, `rawget` and `#`
 * too) and refuses every assignment, `rawset` and `setmetatable` included.
 * Called with the function that raises Redis's error and the real globals;
 * returns the globals' proxy.
 */
export const readonlyTables = `
local readonly, R = ...
local proxies = setmetatable({}, {__mode = 'k'})
local rawget0, rawset0, next0, setmetatable0, error = rawget, rawset, next, setmetatable, error
local function protect(real)
  local proxy = {}
  proxies[proxy] = real
  setmetatable0(proxy, {__index = real, __newindex = readonly, __pairs = function() return next0, real, nil end, __len = function() return #real end})
  return proxy
end
for _, name in ipairs({'string', 'math', 'table', 'coroutine', 'bit', 'cjson', 'cmsgpack', 'struct', 'redis'}) do rawset0(R, name, protect(rawget0(R, name))) end
getmetatable('').__index = rawget0(R, 'string')
local function refuse() error('Attempt to modify a readonly table', 0) end
rawset0(R, 'rawset', function(t, k, v) if proxies[t] then refuse() end return rawset0(t, k, v) end)
rawset0(R, 'rawget', function(t, k) return rawget0(proxies[t] or t, k) end)
rawset0(R, 'next', function(t, k) return next0(proxies[t] or t, k) end)
rawset0(R, 'setmetatable', function(t, mt) if proxies[t] then refuse() end return setmetatable0(t, mt) end)
local G = protect(R)
rawset0(R, '_G', G)
return G
`;

/**
 * Lua run once in a new state, before the sandbox closes it: the names of
 * Lua 5.1 that Redis 7.0 gives scripts (`math.floor` and `math.ceil` giving doubles, as every 5.1 number is; `string.format` printing a number for `%s` as 5.1 does and truncating it for `%d`) and Lua 5.3 lacks or moved
 * (`unpack`, `loadstring`, `table.getn`, `math.pow`, ...), `tostring` formatting numbers as 5.1 does (`%.14g`), without the names
 * 5.1 does not have, and LuaBitOp's `bit` library (32-bit, signed results).
 */
export const compatibility = `
local tointeger, floor, ceil, log, exp, type, select, tonumber, error = math.tointeger, math.floor, math.ceil, math.log, math.exp, type, select, tonumber, error
local S, M, T = {format = string.format, rep = string.rep}, {floor = math.floor, ceil = math.ceil, log = math.log}, {unpack = table.unpack}
local function got(i, ...) return i > select('#', ...) and 'no value' or type((select(i, ...))) end
local function checknumber(name, i, ...)
  local x = tonumber((select(i, ...)))
  if x == nil then error("bad argument #" .. i .. " to '" .. name .. "' (number expected, got " .. got(i, ...) .. ")") end
  return x
end
local function checktable(name, i, ...)
  local t = select(i, ...)
  if type(t) ~= 'table' then error("bad argument #" .. i .. " to '" .. name .. "' (table expected, got " .. got(i, ...) .. ")") end
  return t
end
string.format = function(...)
  if select('#', ...) == 0 then error("bad argument #1 to 'format' (string expected, got no value)") end
  local fmt = ...
  local args, i = {select(2, ...)}, 0
  for conversion in tostring(fmt):gmatch('%%[-+ #0-9.]*(.)') do
    if conversion ~= '%' then
      i = i + 1
      local v = args[i]
      if conversion == 's' and type(v) ~= 'string' and type(v) ~= 'number' and i < select('#', ...) then
        error("bad argument #" .. (i + 1) .. " to 'format' (string expected, got " .. got(i + 1, ...) .. ")")
      end
      if type(v) == 'number' and conversion == 's' then args[i] = tostring(v)
      elseif type(v) == 'number' and conversion:match('[dicoxX]') then args[i] = v >= 0 and floor(v) or ceil(v) end
    end
  end
  return S.format(fmt, T.unpack(args, 1, select('#', ...) - 1))
end
string.rep = function(s, n) return S.rep(s, n) end
math.floor = function(...) return M.floor(...) + 0.0 end
math.ceil = function(...) return M.ceil(...) + 0.0 end
math.log = function(...) return M.log(checknumber('log', 1, ...)) end
_VERSION = 'Lua 5.1'
unpack = function(...) checktable('unpack', 1, ...) return T.unpack(...) end
table.getn = function(...) return #checktable('getn', 1, ...) + 0.0 end
table.setn = function() error("'setn' is obsolete") end
table.maxn = function(...) local n = 0 for k in pairs(checktable('maxn', 1, ...)) do if type(k) == 'number' and k > n then n = k end end return n end
math.pow = function(...) return checknumber('pow', 1, ...) ^ checknumber('pow', 2, ...) end
math.mod = math.fmod
math.log10 = function(...) return log(checknumber('log10', 1, ...), 10) end
math.ldexp = function(...) return checknumber('ldexp', 1, ...) * 2.0 ^ checknumber('ldexp', 2, ...) end
math.frexp = function(...)
  local x = checknumber('frexp', 1, ...)
  if x == 0 or x ~= x or x == math.huge or x == -math.huge then return x, 0.0 end
  local e = floor(log(x < 0 and -x or x, 2)) + 1
  local m = x / 2.0 ^ e
  if m >= 1 or m <= -1 then m, e = m / 2, e + 1 elseif m < 0.5 and m > -0.5 then m, e = m * 2, e - 1 end
  return m, e + 0.0
end
math.cosh = function(...) local x = checknumber('cosh', 1, ...) return (exp(x) + exp(-x)) / 2 end
math.sinh = function(...) local x = checknumber('sinh', 1, ...) return (exp(x) - exp(-x)) / 2 end
math.tanh = function(...) local x = checknumber('tanh', 1, ...) local a, b = exp(x), exp(-x) return (a - b) / (a + b) end
collectgarbage = function(option) if option == 'count' then return 20.0 end return 0.0 end
gcinfo = function() return 20.0 end
string.gfind = string.gmatch
local tostring53 = tostring
tostring = function(...)
  if select('#', ...) == 0 then error("bad argument #1 to 'tostring' (value expected)") end
  local v = ...
  if type(v) == 'number' then return '' .. v end
  return tostring53(v)
end
for _, name in ipairs({'rawlen', 'dofile', 'loadfile', 'print', 'require', 'utf8', 'package', 'load'}) do _G[name] = nil end
table.unpack, table.move, table.pack = nil, nil, nil
math.tointeger, math.type, math.ult, math.maxinteger, math.mininteger = nil, nil, nil, nil, nil
string.pack, string.unpack, string.packsize = nil, nil, nil
local function tobit(name, i, ...)
  local x = checknumber(name, i, ...) % 4294967296
  if x >= 2147483648 then x = x - 4294967296 end
  return tointeger(floor(x))
end
local function n(x) return x + 0.0 end
local function fold(name, op)
  return function(...)
    local r = tobit(name, 1, ...)
    for i = 2, select('#', ...) do r = op(r, tobit(name, i, ...)) end
    return n(r)
  end
end
local function unsigned(x) return x % 4294967296 end
bit = {
  tobit = function(...) return n(tobit('tobit', 1, ...)) end,
  bnot = function(...) return n(~tobit('bnot', 1, ...)) end,
  band = fold('band', function(a, b) return a & b end),
  bor = fold('bor', function(a, b) return a | b end),
  bxor = fold('bxor', function(a, b) return a ~ b end),
  lshift = function(...) return n(tobit('lshift', 1, tobit('lshift', 1, ...) << (tobit('lshift', 2, ...) % 32))) end,
  rshift = function(...) return n(tobit('rshift', 1, unsigned(tobit('rshift', 1, ...)) // (2 ^ (tobit('rshift', 2, ...) % 32)))) end,
  arshift = function(...) return n(tobit('arshift', 1, floor(tobit('arshift', 1, ...) / 2 ^ (tobit('arshift', 2, ...) % 32)))) end,
  rol = function(...) local s, u = tobit('rol', 2, ...) % 32, unsigned(tobit('rol', 1, ...)) return n(tobit('rol', 1, u * 2 ^ s + floor(u / 2 ^ (32 - s)))) end,
  ror = function(...) local s, u = tobit('ror', 2, ...) % 32, unsigned(tobit('ror', 1, ...)) return n(tobit('ror', 1, floor(u / 2 ^ s) + u * 2 ^ (32 - s))) end,
  bswap = function(...) local u, r = unsigned(tobit('bswap', 1, ...)), 0
    for _ = 1, 4 do r = r * 256 + u % 256 u = floor(u / 256) end return n(tobit('bswap', 1, r)) end,
  tohex = function(x, digits)
    digits = digits or 8
    local upper = digits < 0
    if upper then digits = -digits end
    local u = unsigned(tobit('tohex', 1, x))
    local s = S.format(upper and '%04X%04X' or '%04x%04x', floor(u / 65536), u % 65536)
    return s:sub(9 - digits)
  end,
}
`;

import { lauxlib, lua, to_luastring, type JsFunction, type LuaState } from './lua.js';

/** How deep lua-cmsgpack encodes tables; a table deeper is encoded as nil. */
const maxNesting = 16;

/** A header byte then a big-endian unsigned integer of `size` bytes. */
function header(first: number, size: number, value: number): Buffer {
  const bytes = Buffer.alloc(1 + size);
  bytes[0] = first;
  if (size > 0) bytes.writeUIntBE(value, 1, size);
  return bytes;
}

/** An integer as lua-cmsgpack writes it: the smallest of MessagePack's integer forms. */
function packInteger(n: number): Buffer {
  if (n >= 0 && n <= 127) return Buffer.from([n]);
  if (n < 0 && n >= -32) return Buffer.from([0x100 + n]);
  const bytes = Buffer.alloc(9);
  if (n >= 0) {
    if (n <= 0xff) return header(0xcc, 1, n);
    if (n <= 0xffff) return header(0xcd, 2, n);
    if (n <= 0xffffffff) return header(0xce, 4, n);
    bytes[0] = 0xcf;
    bytes.writeBigUInt64BE(BigInt(n), 1);
    return bytes;
  }
  if (n >= -128) return Buffer.from([0xd0, 0x100 + n]);
  if (n >= -32768) return header(0xd1, 2, 0x10000 + n);
  if (n >= -2147483648) return header(0xd2, 4, 0x100000000 + n);
  bytes[0] = 0xd3;
  bytes.writeBigInt64BE(BigInt(n), 1);
  return bytes;
}

/** A number: an integer form when it is a 64-bit integer, else a float32 when exact, else a float64 (NaN as x86's `0/0`, negative). */
function packNumber(n: number): Buffer {
  if (Number.isInteger(n) && n >= -(2 ** 63) && n < 2 ** 63) return packInteger(n);
  if (Math.fround(n) === n || !Number.isFinite(n)) {
    const bytes = Buffer.alloc(5);
    bytes[0] = 0xca;
    bytes.writeFloatBE(n, 1);
    return Number.isNaN(n) ? Buffer.from([0xcb, 0xff, 0xf8, 0, 0, 0, 0, 0, 0]) : bytes;
  }
  const bytes = Buffer.alloc(9);
  bytes[0] = 0xcb;
  bytes.writeDoubleBE(n, 1);
  return bytes;
}

/** A string: fixstr, str8, str16 or str32, then its bytes. */
function packString(bytes: Uint8Array): Buffer {
  const n = bytes.length;
  const head = n < 32 ? Buffer.from([0xa0 | n]) : n <= 0xff ? header(0xd9, 1, n) : n <= 0xffff ? header(0xda, 2, n) : header(0xdb, 4, n);
  return Buffer.concat([head, bytes]);
}

/** Whether the table at `index` is an array as lua-cmsgpack sees it: positive integer keys and no holes; its length. */
function arrayLength(L: LuaState, index: number): number | null {
  let count = 0;
  let max = 0;
  lua.lua_pushnil(L);
  while (lua.lua_next(L, index) !== 0) {
    lua.lua_pop(L, 1);
    const key = lua.lua_type(L, -1) === lua.LUA_TNUMBER ? lua.lua_tonumber(L, -1) : 0;
    if (!(Number.isInteger(key) && key >= 1)) {
      lua.lua_pop(L, 1);
      return null;
    }
    count += 1;
    max = Math.max(max, key);
  }
  return max === count ? count : null;
}

/** A table: an array of its items, or a map of its pairs (in the order Lua walks them). */
function packTable(L: LuaState, index: number, level: number, out: Buffer[]): void {
  lua.lua_checkstack(L, 4);
  const length = arrayLength(L, index);
  if (length !== null) {
    out.push(length < 16 ? Buffer.from([0x90 | length]) : length <= 0xffff ? header(0xdc, 2, length) : header(0xdd, 4, length));
    for (let i = 1; i <= length; i += 1) {
      lua.lua_rawgeti(L, index, i);
      packValue(L, lua.lua_gettop(L), level + 1, out);
      lua.lua_pop(L, 1);
    }
    return;
  }
  const parts: Buffer[] = [];
  let pairs = 0;
  lua.lua_pushnil(L);
  while (lua.lua_next(L, index) !== 0) {
    packValue(L, lua.lua_gettop(L) - 1, level + 1, parts);
    packValue(L, lua.lua_gettop(L), level + 1, parts);
    lua.lua_pop(L, 1);
    pairs += 1;
  }
  out.push(pairs < 16 ? Buffer.from([0x80 | pairs]) : pairs <= 0xffff ? header(0xde, 2, pairs) : header(0xdf, 4, pairs), ...parts);
}

/** The value at `index` as lua-cmsgpack packs it; a function or userdata packs as nil. */
function packValue(L: LuaState, index: number, level: number, out: Buffer[]): void {
  const type = lua.lua_type(L, index);
  if (type === lua.LUA_TNUMBER) out.push(packNumber(lua.lua_tonumber(L, index)));
  else if (type === lua.LUA_TSTRING) out.push(packString(lua.lua_tolstring(L, index) ?? new Uint8Array()));
  else if (type === lua.LUA_TBOOLEAN) out.push(Buffer.from([lua.lua_toboolean(L, index) ? 0xc3 : 0xc2]));
  else if (type === lua.LUA_TTABLE && level < maxNesting) packTable(L, index, level, out);
  else out.push(Buffer.from([0xc0]));
}

/** `cmsgpack.pack(...)`: each argument packed, one after the other. */
export const pack: JsFunction = (L) => {
  const count = lua.lua_gettop(L);
  if (count === 0) lauxlib.luaL_argerror(L, 0, to_luastring('MessagePack pack needs input.'));
  const out: Buffer[] = [];
  for (let i = 1; i <= count; i += 1) packValue(L, i, 0, out);
  lua.lua_pushstring(L, Uint8Array.from(Buffer.concat(out)));
  return 1;
};

import { formatG, lauxlib, lua, to_jsstring, to_luastring, type JsFunction, type LuaState } from './lua.js';
import { raiseHere } from './sandbox.js';

/** How deep tables may nest, as lua-cjson's `encode_max_depth` and `decode_max_depth` default. */
export const maxDepth = 1000;

/** The escape lua-cjson writes for a byte of a string, or `null` to write it as it is. */
function escapeOf(byte: number): string | null {
  const named: Readonly<Record<number, string>> = { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r', 34: '\\"', 47: '\\/', 92: '\\\\' };
  if (named[byte] !== undefined) return named[byte] ?? null;
  return byte < 32 || byte === 127 ? `\\u${byte.toString(16).padStart(4, '0')}` : null;
}

/** A string as lua-cjson quotes it: its bytes as they are but for the escapes. */
function quote(bytes: Uint8Array, out: Buffer[]): void {
  out.push(Buffer.from('"'));
  let start = 0;
  bytes.forEach((byte, i) => {
    const escape = escapeOf(byte);
    if (escape === null) return;
    out.push(Buffer.from(bytes.subarray(start, i)), Buffer.from(escape));
    start = i + 1;
  });
  out.push(Buffer.from(bytes.subarray(start)), Buffer.from('"'));
}

/** A number as lua-cjson writes it (`%.14g`); NaN and infinities are refused. */
function numberText(L: LuaState, n: number): string {
  if (!Number.isFinite(n)) raiseHere(L, 'Cannot serialise number: must not be NaN or Inf');
  return formatG(n, 14);
}

/** The array length lua-cjson sees in the table at `index`: its largest key when every key is a positive integer, else -1; a too sparse array is refused. */
function arrayLength(L: LuaState, index: number): number {
  let max = 0;
  let items = 0;
  lua.lua_pushnil(L);
  while (lua.lua_next(L, index) !== 0) {
    const key = lua.lua_type(L, -2) === lua.LUA_TNUMBER ? lua.lua_tonumber(L, -2) : 0;
    lua.lua_pop(L, 1);
    if (!(key >= 1 && Number.isInteger(key))) {
      lua.lua_pop(L, 1);
      return -1;
    }
    max = Math.max(max, key);
    items += 1;
  }
  if (max > items * 2 && max > 10) raiseHere(L, 'Cannot serialise table: excessively sparse array');
  return max;
}

/** The table at `index` as a JSON array (1 to `length`) or object. */
function encodeTable(L: LuaState, index: number, depth: number, out: Buffer[]): void {
  if (depth > maxDepth) raiseHere(L, `Cannot serialise, excessive nesting (${depth})`);
  lua.lua_checkstack(L, 4);
  const length = arrayLength(L, index);
  if (length > 0) {
    out.push(Buffer.from('['));
    for (let i = 1; i <= length; i += 1) {
      if (i > 1) out.push(Buffer.from(','));
      lua.lua_rawgeti(L, index, i);
      encodeValue(L, lua.lua_gettop(L), depth, out);
      lua.lua_pop(L, 1);
    }
    out.push(Buffer.from(']'));
    return;
  }
  out.push(Buffer.from('{'));
  let first = true;
  lua.lua_pushnil(L);
  while (lua.lua_next(L, index) !== 0) {
    if (!first) out.push(Buffer.from(','));
    first = false;
    encodeKey(L, lua.lua_gettop(L) - 1, out);
    encodeValue(L, lua.lua_gettop(L), depth, out);
    lua.lua_pop(L, 1);
  }
  out.push(Buffer.from('}'));
}

/** An object's key: a string, or a number written as a string. */
function encodeKey(L: LuaState, index: number, out: Buffer[]): void {
  const type = lua.lua_type(L, index);
  if (type === lua.LUA_TSTRING) quote(lua.lua_tolstring(L, index) ?? new Uint8Array(), out);
  else if (type === lua.LUA_TNUMBER) out.push(Buffer.from(`"${numberText(L, lua.lua_tonumber(L, index))}"`));
  else raiseHere(L, `Cannot serialise ${to_jsstring(lauxlib.luaL_typename(L, index))}: table key must be a number or string`);
  out.push(Buffer.from(':'));
}

/** The value at `index` as JSON, as lua-cjson writes it. */
function encodeValue(L: LuaState, index: number, depth: number, out: Buffer[]): void {
  const type = lua.lua_type(L, index);
  if (type === lua.LUA_TSTRING) quote(lua.lua_tolstring(L, index) ?? new Uint8Array(), out);
  else if (type === lua.LUA_TNUMBER) out.push(Buffer.from(numberText(L, lua.lua_tonumber(L, index))));
  else if (type === lua.LUA_TBOOLEAN) out.push(Buffer.from(lua.lua_toboolean(L, index) ? 'true' : 'false'));
  else if (type === lua.LUA_TNIL || type === lua.LUA_TLIGHTUSERDATA) out.push(Buffer.from('null'));
  else if (type === lua.LUA_TTABLE) encodeTable(L, index, depth + 1, out);
  else raiseHere(L, `Cannot serialise ${to_jsstring(lauxlib.luaL_typename(L, index))}: type not supported`);
}

/** `cjson.encode(value)`: the value as JSON. */
export const encode: JsFunction = (L) => {
  if (lua.lua_gettop(L) !== 1) lauxlib.luaL_argerror(L, 1, to_luastring('expected 1 argument'));
  const out: Buffer[] = [];
  encodeValue(L, 1, 0, out);
  lua.lua_pushstring(L, Uint8Array.from(Buffer.concat(out)));
  return 1;
};

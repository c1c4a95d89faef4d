import { decode, jsonNull } from './cjson-decode.js';
import { encode } from './cjson-encode.js';
import { pack } from './cmsgpack.js';
import { unpack, unpackLimit, unpackOne } from './cmsgpack-unpack.js';
import * as struct from './struct.js';
import { lua, type JsFunction, type LuaState } from './lua.js';

/** Makes a global table of functions. */
function openLibrary(L: LuaState, name: string, functions: Readonly<Record<string, JsFunction>>): void {
  lua.lua_createtable(L, 0, Object.keys(functions).length);
  for (const [field, fn] of Object.entries(functions)) {
    lua.lua_pushjsfunction(L, fn);
    lua.lua_setfield(L, -2, field);
  }
  lua.lua_setglobal(L, name);
}

/** Makes the global `cmsgpack` table Redis 7.0 gives scripts, as lua-cmsgpack 0.4. */
export function openCmsgpack(L: LuaState): void {
  openLibrary(L, 'cmsgpack', { pack, unpack, unpack_one: unpackOne, unpack_limit: unpackLimit });
}

/** Makes the global `cjson` table Redis 7.0 gives scripts: `encode`, `decode` and `null`, as lua-cjson 2.1 with Redis's settings. */
export function openCjson(L: LuaState): void {
  lua.lua_createtable(L, 0, 3);
  lua.lua_pushjsfunction(L, encode);
  lua.lua_setfield(L, -2, 'encode');
  lua.lua_pushjsfunction(L, decode);
  lua.lua_setfield(L, -2, 'decode');
  lua.lua_pushlightuserdata(L, jsonNull);
  lua.lua_setfield(L, -2, 'null');
  lua.lua_setglobal(L, 'cjson');
}

/** Makes the global `struct` table Redis 7.0 gives scripts, as Roberto Ierusalimschy's struct library. */
export function openStruct(L: LuaState): void {
  openLibrary(L, 'struct', { pack: struct.pack, unpack: struct.unpack, size: struct.size });
}

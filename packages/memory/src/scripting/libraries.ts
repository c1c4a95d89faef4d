import { decode, jsonNull } from './cjson-decode.js';
import { encode } from './cjson-encode.js';
import { lua, type LuaState } from './lua.js';

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

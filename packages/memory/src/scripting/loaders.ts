import { lauxlib, lua, to_luastring, type JsFunction, type LuaState } from './lua.js';
import { asLua51 } from './syntax51.js';

/** Compiles `source` with Lua 5.1's syntax under `name`: the function, or nil and the message, as 5.1's `load_aux` returns them. */
function loadText(L: LuaState, source: Buffer, name: Uint8Array): number {
  const lua51 = asLua51(source);
  if (lauxlib.luaL_loadbuffer(L, Uint8Array.from(lua51.source), null, name) === lua.LUA_OK) return 1;
  const message = lua51.restore(Buffer.from(lua.lua_tolstring(L, -1) ?? new Uint8Array()).toString('latin1'));
  lua.lua_pop(L, 1);
  lua.lua_pushnil(L);
  lua.lua_pushstring(L, Uint8Array.from(Buffer.from(message, 'latin1')));
  return 2;
}

/** `loadstring(text [, name])`, as Lua 5.1's: the chunk is named by the text itself unless a name is given. */
export const loadstring: JsFunction = (L) => {
  const text = Buffer.from(lauxlib.luaL_checklstring(L, 1));
  const name = lua.lua_type(L, 2) === lua.LUA_TSTRING || lua.lua_type(L, 2) === lua.LUA_TNUMBER ? (lua.lua_tolstring(L, 2) ?? new Uint8Array()) : Uint8Array.from(text);
  return loadText(L, text, Uint8Array.from(name));
};

/** `load(reader [, name])`, as Lua 5.1's: the chunk's pieces come from calling `reader` until it gives nil or an empty string. */
export const load: JsFunction = (L) => {
  if (lua.lua_type(L, 1) !== lua.LUA_TFUNCTION) {
    lauxlib.luaL_argerror(L, 1, to_luastring(`function expected, got ${lua.lua_type(L, 1) === lua.LUA_TNIL && lua.lua_gettop(L) === 0 ? 'no value' : Buffer.from(lauxlib.luaL_typename(L, 1)).toString()}`));
  }
  const name = lua.lua_type(L, 2) === lua.LUA_TSTRING ? Uint8Array.from(lua.lua_tolstring(L, 2) ?? new Uint8Array()) : to_luastring('=(load)');
  const pieces: Buffer[] = [];
  for (;;) {
    lua.lua_pushvalue(L, 1);
    lua.lua_call(L, 0, 1);
    if (lua.lua_type(L, -1) === lua.LUA_TNIL) break;
    if (lua.lua_type(L, -1) !== lua.LUA_TSTRING) lauxlib.luaL_error(L, to_luastring('reader function must return a string'));
    const piece = Buffer.from(lua.lua_tolstring(L, -1) ?? new Uint8Array());
    lua.lua_pop(L, 1);
    if (piece.length === 0) break;
    pieces.push(piece);
  }
  lua.lua_settop(L, 2);
  return loadText(L, Buffer.concat(pieces), name);
};

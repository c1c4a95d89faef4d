import { load, loadstring } from './loaders.js';
import { compatibility, compatibilityFunctions, protectionFunctions, readonlyTables } from './prelude.js';
import { lauxlib, lua, lualib, to_jsstring, to_luastring, type JsFunction, type LuaState } from './lua.js';

/** Raises `message` at the position of the Lua code that called the function running, as `luaL_error` does. */
export function raiseHere(L: LuaState, message: string): never {
  lauxlib.luaL_where(L, 1);
  lua.lua_pushstring(L, to_luastring(message));
  lua.lua_concat(L, 2);
  return lua.lua_error(L);
}

/** The globals' `__index`: reading a global that does not exist is an error, as in Redis 7.0. */
export const missingGlobal: JsFunction = (L) => {
  const name = lua.lua_type(L, 2) === lua.LUA_TSTRING ? to_jsstring(lauxlib.luaL_checklstring(L, 2)) : '?';
  return raiseHere(L, `Script attempted to access nonexistent global variable '${name}'`);
};

/** The globals' `__newindex`: setting a global is an error, as in Redis 7.0. */
export const readonlyGlobals: JsFunction = (L) => raiseHere(L, 'Attempt to modify a readonly table');

/** Closes the globals as Redis 7.0 does; the metatable cannot be changed. */
function closeGlobals(L: LuaState): void {
  lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, lua.LUA_RIDX_GLOBALS);
  lua.lua_createtable(L, 0, 3);
  lua.lua_pushjsfunction(L, missingGlobal);
  lua.lua_setfield(L, -2, '__index');
  lua.lua_pushjsfunction(L, readonlyGlobals);
  lua.lua_setfield(L, -2, '__newindex');
  lua.lua_pushboolean(L, false);
  lua.lua_setfield(L, -2, '__metatable');
  lua.lua_setmetatable(L, -2);
  lua.lua_pop(L, 1);
}

/**
 * Replaces the compatibility function at `path` (`name` or `table.name`)
 * with a JavaScript function that calls it: a script's `return f(x)` is then
 * no tail call, as with Redis's C functions, so an error still has the
 * script's line.
 */
function callThroughJs(L: LuaState, path: string): void {
  const [table, name] = path.includes('.') ? path.split('.') : [null, path];
  if (table === null) lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, lua.LUA_RIDX_GLOBALS);
  else lua.lua_getglobal(L, table ?? '');
  lua.lua_getfield(L, -1, name ?? '');
  lua.lua_setfield(L, lua.LUA_REGISTRYINDEX, `compat:${path}`);
  lua.lua_pushjsfunction(L, (inner) => {
    lua.lua_getfield(inner, lua.LUA_REGISTRYINDEX, `compat:${path}`);
    lua.lua_insert(inner, 1);
    lua.lua_call(inner, lua.lua_gettop(inner) - 1, lua.LUA_MULTRET);
    return lua.lua_gettop(inner);
  });
  lua.lua_setfield(L, -2, name ?? '');
  lua.lua_pop(L, 1);
}

/** Where the registry keeps the real globals table, once scripts see only its read-only proxy. */
export const realGlobals = 'real_globals';

/** Runs `readonlyTables`: the libraries become read-only proxies; the globals' proxy is kept in the registry as `globals_proxy`. */
function protectTables(L: LuaState): void {
  if (lauxlib.luaL_loadbuffer(L, to_luastring(readonlyTables), null, to_luastring('=compatibility')) !== lua.LUA_OK) throw new Error('the read-only tables do not compile');
  lua.lua_pushjsfunction(L, readonlyGlobals);
  lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, lua.LUA_RIDX_GLOBALS);
  if (lua.lua_pcall(L, 2, 1, 0) !== lua.LUA_OK) throw new Error(`the read-only tables failed: ${String(lua.lua_tolstring(L, -1))}`);
  lua.lua_setfield(L, lua.LUA_REGISTRYINDEX, 'globals_proxy');
}

/** Runs setup code in the state, which must not fail. */
function runSetup(L: LuaState, code: string, name: string): void {
  const status = lauxlib.luaL_loadbuffer(L, to_luastring(code), null, to_luastring(`=${name}`));
  if (status !== lua.LUA_OK || lua.lua_pcall(L, 0, 0, 0) !== lua.LUA_OK) {
    throw new Error(`the scripting ${name} failed: ${String(lua.lua_tolstring(L, -1))}`);
  }
}

/**
 * A new Lua state with the libraries Redis 7.0 gives scripts (base, table,
 * string, math, coroutine, `bit`, the 5.1 names) and none of the others (no
 * `os`, `io`, `debug`, `require`); `openExtras` adds the `redis` table and
 * other libraries before the globals close.
 */
export function newSandbox(openExtras: (L: LuaState) => void): LuaState {
  const L = lauxlib.luaL_newstate();
  const libraries: [string, typeof lualib.luaopen_base][] = [
    ['_G', lualib.luaopen_base],
    ['table', lualib.luaopen_table],
    ['string', lualib.luaopen_string],
    ['math', lualib.luaopen_math],
    ['coroutine', lualib.luaopen_coroutine],
  ];
  for (const [name, open] of libraries) {
    lauxlib.luaL_requiref(L, to_luastring(name), open, true);
    lua.lua_pop(L, 1);
  }
  runSetup(L, compatibility, 'compatibility');
  for (const path of compatibilityFunctions) callThroughJs(L, path);
  for (const [name, fn] of [['loadstring', loadstring], ['load', load]] as const) {
    lua.lua_pushjsfunction(L, fn);
    lua.lua_setglobal(L, name);
  }
  openExtras(L);
  protectTables(L);
  for (const path of protectionFunctions) callThroughJs(L, path);
  closeGlobals(L);
  lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, lua.LUA_RIDX_GLOBALS);
  lua.lua_setfield(L, lua.LUA_REGISTRYINDEX, realGlobals);
  lua.lua_getfield(L, lua.LUA_REGISTRYINDEX, 'globals_proxy');
  lua.lua_rawseti(L, lua.LUA_REGISTRYINDEX, lua.LUA_RIDX_GLOBALS);
  return L;
}

/** Sets a global without the sandbox's check, as Redis sets `KEYS` and `ARGV`: the value at the top is popped. */
export function rawSetGlobal(L: LuaState, name: string): void {
  lua.lua_getfield(L, lua.LUA_REGISTRYINDEX, realGlobals);
  lua.lua_insert(L, -2);
  lua.lua_pushstring(L, to_luastring(name));
  lua.lua_insert(L, -2);
  lua.lua_rawset(L, -3);
  lua.lua_pop(L, 1);
}

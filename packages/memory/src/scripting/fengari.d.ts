// The part of fengari's API (Lua 5.3 in JavaScript, which ships no types) that the double's scripting uses.

declare module 'fengari' {
  /** A Lua thread: the state every API function works on. */
  export interface LuaState {
    readonly __luaState: never;
  }
  /** A function Lua can call: takes its arguments from the stack, pushes its results, returns how many. */
  export type JsFunction = (L: LuaState) => number;

  /** What `lua_getinfo` fills in about a function on the call stack. */
  export interface LuaDebug {
    what: Uint8Array | null;
    source: Uint8Array | null;
    currentline: number;
  }

  export const lua: {
    readonly lua_Debug: new () => LuaDebug;
    lua_getstack(L: LuaState, level: number, ar: LuaDebug): number;
    lua_getinfo(L: LuaState, what: string | Uint8Array, ar: LuaDebug): number;
    readonly LUA_OK: number;
    readonly LUA_TNIL: number;
    readonly LUA_TBOOLEAN: number;
    readonly LUA_TNUMBER: number;
    readonly LUA_TSTRING: number;
    readonly LUA_TTABLE: number;
    readonly LUA_TFUNCTION: number;
    readonly LUA_TLIGHTUSERDATA: number;
    lua_absindex(L: LuaState, index: number): number;
    lua_checkstack(L: LuaState, n: number): boolean;
    lua_pushlightuserdata(L: LuaState, p: object): void;
    readonly LUA_REGISTRYINDEX: number;
    readonly LUA_RIDX_GLOBALS: number;
    lua_gettop(L: LuaState): number;
    lua_settop(L: LuaState, index: number): void;
    lua_pop(L: LuaState, n: number): void;
    lua_type(L: LuaState, index: number): number;
    lua_toboolean(L: LuaState, index: number): boolean;
    lua_tonumber(L: LuaState, index: number): number;
    lua_tolstring(L: LuaState, index: number): Uint8Array | null;
    lua_pushnil(L: LuaState): void;
    lua_pushnumber(L: LuaState, n: number): void;
    lua_settable(L: LuaState, index: number): void;
    lua_pushinteger(L: LuaState, n: number): void;
    lua_pushboolean(L: LuaState, b: boolean): void;
    lua_pushstring(L: LuaState, s: Uint8Array): void;
    lua_pushvalue(L: LuaState, index: number): void;
    lua_pushjsfunction(L: LuaState, fn: JsFunction): void;
    lua_createtable(L: LuaState, narr: number, nrec: number): void;
    lua_setfield(L: LuaState, index: number, k: string | Uint8Array): void;
    lua_getfield(L: LuaState, index: number, k: string | Uint8Array): number;
    lua_rawgeti(L: LuaState, index: number, n: number): number;
    lua_rawseti(L: LuaState, index: number, n: number): void;
    lua_rawlen(L: LuaState, index: number): number;
    lua_next(L: LuaState, index: number): number;
    lua_setglobal(L: LuaState, name: string | Uint8Array): void;
    lua_getglobal(L: LuaState, name: string | Uint8Array): number;
    lua_setmetatable(L: LuaState, index: number): void;
    lua_rawset(L: LuaState, index: number): void;
    lua_rawget(L: LuaState, index: number): number;
    lua_setupvalue(L: LuaState, funcindex: number, n: number): Uint8Array | null;
    lua_pcall(L: LuaState, nargs: number, nresults: number, msgh: number): number;
    lua_call(L: LuaState, nargs: number, nresults: number): void;
    readonly LUA_MULTRET: number;
    lua_error(L: LuaState): never;
    lua_insert(L: LuaState, index: number): void;
    lua_concat(L: LuaState, n: number): void;
    lua_sethook(L: LuaState, hook: ((L: LuaState, ar: LuaDebug) => void) | null, mask: number, count: number): void;
    readonly LUA_MASKCOUNT: number;
  };

  export const lauxlib: {
    luaL_newstate(): LuaState;
    luaL_loadbuffer(L: LuaState, buff: Uint8Array, size: number | null, name: Uint8Array): number;
    luaL_checklstring(L: LuaState, arg: number): Uint8Array;
    luaL_error(L: LuaState, message: Uint8Array): never;
    luaL_checknumber(L: LuaState, arg: number): number;
    luaL_checkinteger(L: LuaState, arg: number): number;
    luaL_optinteger(L: LuaState, arg: number, def: number): number;
    luaL_where(L: LuaState, level: number): void;
    luaL_tolstring(L: LuaState, index: number): Uint8Array;
    luaL_argerror(L: LuaState, arg: number, extramsg: Uint8Array): never;
    luaL_typename(L: LuaState, index: number): Uint8Array;
    luaL_requiref(L: LuaState, name: Uint8Array, open: JsFunction, global: boolean): void;
  };

  export const lualib: {
    luaopen_base: JsFunction;
    luaopen_table: JsFunction;
    luaopen_string: JsFunction;
    luaopen_math: JsFunction;
    luaopen_coroutine: JsFunction;
  };

  export function to_luastring(s: string): Uint8Array;
  export function to_jsstring(s: Uint8Array): string;
}

declare module 'fengari/src/lobject.js' {
  /** One Lua value in a stack slot. */
  interface TValue {
    readonly value: number;
    ttisinteger(): boolean;
    setsvalue(s: unknown): void;
    setfltvalue(n: number): void;
  }
  /** The module object itself, whose conversion of numbers to strings the rest of fengari calls through it. */
  const lobject: {
    luaO_tostring: (L: import('fengari').LuaState, obj: TValue) => void;
    luaO_str2num: (s: Uint8Array, obj: TValue) => number;
  };
  export = lobject;
}

declare module 'fengari/src/lstring.js' {
  export function luaS_bless(L: import('fengari').LuaState, s: Uint8Array): unknown;
}

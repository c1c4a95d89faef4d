import { createHash } from 'node:crypto';
import { exists } from '@ioredis/commands';
import type { CallCommand } from './call.js';
import { errorReply, pushReply, pushSingleField } from './convert.js';
import { notRun } from '../refusal.js';
import { bytesAt, formatG, lauxlib, lua, raise, to_luastring, type JsFunction, type LuaState } from './lua.js';

/** The Redis version scripts see, as `redis.REDIS_VERSION` (and `REDIS_VERSION_NUM`, 0x07000f): the 7.0 release the double is compared with. */
const redisVersion = '7.0.15';


/** The arguments of `redis.call` as Redis 7.0 takes them (strings, and numbers as `%.17g` prints them), or the error they make. */
function callArgs(L: LuaState): Buffer[] | string {
  const count = lua.lua_gettop(L);
  if (count === 0) return 'ERR Please specify at least one argument for this redis lib call';
  const args: Buffer[] = [];
  for (let i = 1; i <= count; i += 1) {
    const type = lua.lua_type(L, i);
    if (type === lua.LUA_TNUMBER) args.push(Buffer.from(formatG(lua.lua_tonumber(L, i), 17)));
    else if (type === lua.LUA_TSTRING) args.push(bytesAt(L, i) ?? Buffer.alloc(0));
    else return 'ERR Lua redis lib command arguments must be strings or integers';
  }
  return args;
}

/** Raises an error table `{err = text}`, as Redis raises a command's error inside a script. */
export function raiseError(L: LuaState, text: string): never {
  pushSingleField(L, 'err', to_luastring(text));
  return lua.lua_error(L);
}

/** `redis.call` (`raises` true: an error is raised) or `redis.pcall` (it is returned as `{err = ...}`). */
function callFunction(call: () => CallCommand, raises: boolean): JsFunction {
  return (L) => {
    const args = callArgs(L);
    const reply = typeof args === 'string' ? errorReply(Buffer.from(args)) : call()(args);
    if (raises && reply instanceof Error) raiseError(L, reply.message);
    pushReply(L, reply);
    return 1;
  };
}

/** `redis.error_reply(text)`: `{err = text}`, with `ERR` before a text that has no code; `redis.status_reply(text)`: `{ok = text}`. */
function replyFunction(field: 'ok' | 'err'): JsFunction {
  return (L) => {
    if (lua.lua_gettop(L) !== 1 || lua.lua_type(L, 1) !== lua.LUA_TSTRING) {
      pushSingleField(L, 'err', to_luastring('ERR wrong number or type of arguments'));
      return 1;
    }
    const text = bytesAt(L, 1) ?? Buffer.alloc(0);
    pushSingleField(L, field, field === 'ok' ? text : Buffer.from(errorText(text)));
    return 1;
  };
}

/** `redis.error_reply`'s text as Redis 7.0 makes it: `-` before it unless there, then the first word as the code (`ERR` when it is one word), trailing line breaks trimmed. */
export function errorText(text: Buffer): string {
  const given = text.toString('utf8');
  const bare = given.startsWith('-') ? given.slice(1) : given;
  const space = bare.indexOf(' ');
  const [code, message] = space >= 0 ? [bare.slice(0, space), bare.slice(space + 1)] : ['ERR', bare];
  return `${code} ${message.replace(/[\r\n]+$/, '')}`;
}

/** `redis.sha1hex(text)`: the SHA-1 of the text, in lower-case hex. */
const sha1hex: JsFunction = (L) => {
  if (lua.lua_gettop(L) !== 1) raise(L, 'wrong number of arguments');
  const text = bytesAt(L, 1) ?? Buffer.alloc(0);
  lua.lua_pushstring(L, to_luastring(createHash('sha1').update(text).digest('hex')));
  return 1;
};

/** `redis.log(level, ...)`: checks its arguments as Redis does; the double keeps no log. */
const log: JsFunction = (L) => {
  if (lua.lua_gettop(L) < 2) raise(L, 'redis.log() requires two arguments or more.');
  const level = lua.lua_type(L, 1) === lua.LUA_TNUMBER ? lua.lua_tonumber(L, 1) : -1;
  if (!(level >= 0 && level <= 3)) raise(L, 'Invalid debug level.');
  return 0;
};

/**
 * `redis.setresp(2 | 3)`: checks its argument as Redis does. RESP3's
 * conversions (maps, sets, doubles) the double does not make, so `3` is
 * refused in its own words rather than answered with RESP2's.
 */
const setresp: JsFunction = (L) => {
  if (lua.lua_gettop(L) !== 1) raise(L, 'redis.setresp() requires one argument.');
  const resp = lauxlib.luaL_checkinteger(L, 1);
  if (resp !== 2 && resp !== 3) raise(L, 'RESP version must be 2 or 3.');
  if (resp === 3) raiseError(L, notRun('redis.setresp(3) in scripts').message);
  return 0;
};

/** `redis.acl_check_cmd(command, ...)`: whether the user may run it; the double's one user may run every command Redis has. */
const aclCheckCmd: JsFunction = (L) => {
  const args = callArgs(L);
  if (typeof args === 'string') raiseError(L, args);
  const name = (args[0] ?? Buffer.alloc(0)).toString('latin1').toLowerCase();
  if (!exists(name)) raiseError(L, 'ERR Invalid command passed to redis.acl_check_cmd()');
  lua.lua_pushboolean(L, true);
  return 1;
};

/** Sets field `name` of the table at the top to a function. */
function setFunction(L: LuaState, name: string, fn: JsFunction): void {
  lua.lua_pushjsfunction(L, fn);
  lua.lua_setfield(L, -2, name);
}

/** Sets field `name` of the table at the top to a number. */
function setNumber(L: LuaState, name: string, n: number): void {
  lua.lua_pushinteger(L, n);
  lua.lua_setfield(L, -2, name);
}

/** Makes the global `redis` table Redis 7.0 gives scripts; `call` says what runs the commands of the script now running. */
export function openRedis(L: LuaState, call: () => CallCommand): void {
  lua.lua_createtable(L, 0, 24);
  setFunction(L, 'call', callFunction(call, true));
  setFunction(L, 'pcall', callFunction(call, false));
  setFunction(L, 'error_reply', replyFunction('err'));
  setFunction(L, 'status_reply', replyFunction('ok'));
  setFunction(L, 'sha1hex', sha1hex);
  setFunction(L, 'log', log);
  setFunction(L, 'setresp', setresp);
  setFunction(L, 'replicate_commands', (inner) => (lua.lua_pushboolean(inner, true), 1));
  setFunction(L, 'set_repl', () => 0);
  setFunction(L, 'breakpoint', (inner) => (lua.lua_pushboolean(inner, false), 1));
  setFunction(L, 'debug', () => 0);
  setFunction(L, 'acl_check_cmd', aclCheckCmd);
  lua.lua_pushstring(L, to_luastring(redisVersion));
  lua.lua_setfield(L, -2, 'REDIS_VERSION');
  setNumber(L, 'REDIS_VERSION_NUM', 0x07000f);
  const levels = { LOG_DEBUG: 0, LOG_VERBOSE: 1, LOG_NOTICE: 2, LOG_WARNING: 3 };
  const repl = { REPL_NONE: 0, REPL_AOF: 1, REPL_SLAVE: 2, REPL_REPLICA: 2, REPL_ALL: 3 };
  for (const [name, value] of Object.entries({ ...levels, ...repl })) setNumber(L, name, value);
  lua.lua_setglobal(L, 'redis');
}

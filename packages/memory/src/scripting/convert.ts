import { ReplyError } from 'aioredis-abc-kit';
import { isStatus, type RawReply } from '../reply.js';
import { bytesAt, lua, luaBytes, to_luastring, type LuaState } from './lua.js';

/** Pushes a table `{ [field] = text }`, as a script sees a status or an error reply. */
export function pushSingleField(L: LuaState, field: 'ok' | 'err', text: Uint8Array): void {
  lua.lua_createtable(L, 0, 1);
  lua.lua_pushstring(L, luaBytes(text));
  lua.lua_setfield(L, -2, field);
}

/**
 * Pushes a command's reply as Redis 7.0 (RESP2) gives it to a script: an
 * integer as a number, a bulk string as a string, a missing one as `false`,
 * a status as `{ok = ...}`, an error as `{err = ...}`, an array as a table.
 */
export function pushReply(L: LuaState, reply: RawReply): void {
  if (reply === null) lua.lua_pushboolean(L, false);
  else if (typeof reply === 'number') lua.lua_pushnumber(L, reply);
  else if (reply instanceof ReplyError) pushSingleField(L, 'err', to_luastring(reply.message));
  else if (Array.isArray(reply)) {
    lua.lua_createtable(L, reply.length, 0);
    reply.forEach((item, i) => {
      pushReply(L, item);
      lua.lua_rawseti(L, -2, i + 1);
    });
  } else if (isStatus(reply)) pushSingleField(L, 'ok', reply);
  else lua.lua_pushstring(L, luaBytes(reply));
}

/** The string field `name` of the table at the top, or `null` when it is not a string. */
function stringField(L: LuaState, name: string): Buffer | null {
  lua.lua_getfield(L, -1, name);
  const value = lua.lua_type(L, -1) === lua.LUA_TSTRING ? bytesAt(L, -1) : null;
  lua.lua_pop(L, 1);
  return value;
}

/** An error reply from the text of an `err` field, as Redis sends it: line breaks as spaces. */
export function errorReply(text: Buffer): ReplyError {
  return new ReplyError(text.toString('utf8').replace(/[\r\n]/g, ' '));
}

/** The table at the top as a reply: `{err = ...}`, `{ok = ...}`, or an array up to its first nil. */
function tableReply(L: LuaState): RawReply {
  const err = stringField(L, 'err');
  if (err !== null) return errorReply(err);
  const ok = stringField(L, 'ok');
  if (ok !== null) return ok;
  const items: RawReply[] = [];
  for (let i = 1; ; i += 1) {
    lua.lua_rawgeti(L, -1, i);
    if (lua.lua_type(L, -1) === lua.LUA_TNIL) {
      lua.lua_pop(L, 1);
      return items;
    }
    items.push(popReply(L));
  }
}

/**
 * Pops the value at the top as the reply Redis 7.0 makes of it: a number
 * truncated to an integer, `true` as 1, `false` and `nil` as a missing bulk
 * string, a table as `tableReply` says, anything else as nil.
 */
export function popReply(L: LuaState): RawReply {
  const type = lua.lua_type(L, -1);
  let reply: RawReply = null;
  if (type === lua.LUA_TNUMBER) reply = integerOf(lua.lua_tonumber(L, -1));
  else if (type === lua.LUA_TSTRING) reply = bytesAt(L, -1);
  else if (type === lua.LUA_TBOOLEAN) reply = lua.lua_toboolean(L, -1) ? 1 : null;
  else if (type === lua.LUA_TTABLE) reply = tableReply(L);
  lua.lua_pop(L, 1);
  return reply;
}

/** A Lua number as C's cast to `long long` makes it on x86: truncated toward zero; NaN and numbers out of range give the smallest integer. */
function integerOf(n: number): number {
  return n >= -(2 ** 63) && n < 2 ** 63 ? Math.trunc(n) : -(2 ** 63);
}

import { createHash } from 'node:crypto';
import { ReplyError } from 'aioredis-abc-kit';
import type { RawReply } from '../reply.js';
import { popReply } from './convert.js';
import { bytesAt, lauxlib, lua, luaBytes, raise, to_jsstring, to_luastring, type JsFunction, type LuaState } from './lua.js';
import { openCjson, openCmsgpack, openStruct } from './libraries.js';
import type { CallCommand } from './call.js';
import { openRedis } from './redis-lib.js';
import { openRandom } from './random.js';
import { newSandbox, rawSetGlobal } from './sandbox.js';
import { asLua51 } from './syntax51.js';

/** The SHA-1 of a script's body, in lower-case hex, as EVALSHA names it. */
export function sha1(body: Buffer): string {
  return createHash('sha1').update(body).digest('hex');
}

/** Sets the string field `name` of the table at the top. */
function setString(L: LuaState, name: string, value: Uint8Array): void {
  lua.lua_pushstring(L, luaBytes(value));
  lua.lua_setfield(L, -2, name);
}

/** A runtime error's message as Lua 5.1 words it: `attempt to index local 't' (a nil value)`, where 5.3 says `attempt to index a nil value (local 't')`. */
export function lua51Message(message: string): string {
  return message.replace(/attempt to (.+?) an? (\w+) value \((\w+) '(.*)'\)$/, "attempt to $1 $3 '$4' (a $2 value)");
}

/** The source and line of the script's code nearest the top of the stack: JavaScript functions and the compatibility code are skipped, as Redis skips its C functions. */
function userFrame(L: LuaState): { readonly source: Uint8Array; readonly line: number } | null {
  const ar = new lua.lua_Debug();
  for (let level = 1; lua.lua_getstack(L, level, ar) === 1; level += 1) {
    lua.lua_getinfo(L, 'Sl', ar);
    const source = ar.source === null ? '' : to_jsstring(ar.source);
    if (ar.what !== null && to_jsstring(ar.what) !== 'J' && source !== '=compatibility' && ar.source !== null) return { source: ar.source, line: ar.currentline };
  }
  return null;
}

/**
 * The message handler Redis 7.0 runs on a script's error: the error as a
 * table `{err = ...}` (a string error gets `ERR ` before it, and the
 * position of the script's line where the compatibility code raised it),
 * with the source and line of the script's code that raised it.
 */
const errorHandler: JsFunction = (L) => {
  const frame = userFrame(L);
  if (lua.lua_type(L, 1) === lua.LUA_TTABLE) {
    lua.lua_settop(L, 1);
  } else {
    const where = frame === null ? '' : `${to_jsstring(frame.source).replace(/^@/, '')}:${frame.line}: `;
    const text = to_jsstring(lauxlib.luaL_tolstring(L, 1)).replace(/^compatibility:\d+: /, where);
    lua.lua_settop(L, 0);
    lua.lua_createtable(L, 0, 3);
    setString(L, 'err', to_luastring(`ERR ${lua51Message(text)}`));
  }
  if (frame !== null) {
    setString(L, 'source', frame.source);
    setString(L, 'line', to_luastring(String(frame.line)));
  }
  return 1;
};

/** Reads the string field `name` of the table at the top. */
function field(L: LuaState, name: string): string | null {
  lua.lua_getfield(L, -1, name);
  const value = bytesAt(L, -1);
  lua.lua_pop(L, 1);
  return value === null ? null : value.toString('utf8');
}

/** A Lua table of strings, pushed. */
export function pushStrings(L: LuaState, items: readonly Buffer[]): void {
  lua.lua_createtable(L, items.length, 0);
  items.forEach((item, i) => {
    lua.lua_pushstring(L, luaBytes(item));
    lua.lua_rawseti(L, -2, i + 1);
  });
}

/**
 * One Lua state as a Redis server keeps it: the compiled scripts by SHA-1,
 * the sandbox, and the `redis` library whose commands run on what the
 * running script's caller says.
 */
export class LuaEngine {
  protected readonly L: LuaState;
  /** What runs the running script's commands; `null` between scripts. */
  #call: CallCommand | null = null;
  /** When the running script is stopped (`performance.now()` ms), as SCRIPT KILL would stop it. */
  #deadline = Infinity;

  /** @param timeLimit - How long a script may run (ms) before it is stopped with SCRIPT KILL's error: nothing else can run meanwhile. */
  constructor(readonly timeLimit: number) {
    this.L = newSandbox((L) => {
      openRedis(L, () => this.#running());
      openCjson(L);
      openCmsgpack(L);
      openStruct(L);
      openRandom(L);
    });
    lua.lua_sethook(this.L, (L) => this.#checkTime(L), lua.LUA_MASKCOUNT, 10_000);
  }

  /** The count hook: stops a script past its time, as SCRIPT KILL does. */
  #checkTime(L: LuaState): void {
    if (performance.now() > this.#deadline) raise(L, 'Script killed by user with SCRIPT KILL...');
  }

  /** What runs the commands of the script now running; only a script calls `redis.call`. */
  #running(): CallCommand {
    if (this.#call === null) throw new Error('redis.call outside a script');
    return this.#call;
  }

  /** Compiles a body as `@<chunk>` with Lua 5.1's syntax, leaving the function on the stack; throws Redis's compile error, worded as 5.1 words it. */
  protected loadChunk(source: Buffer, chunk: string, what: string): void {
    const L = this.L;
    const lua51 = asLua51(source);
    if (lauxlib.luaL_loadbuffer(L, luaBytes(lua51.source), null, to_luastring(`@${chunk}`)) !== lua.LUA_OK) {
      const message = lua51.restore(bytesAt(L, -1)?.toString('utf8') ?? '');
      lua.lua_settop(L, 0);
      throw new ReplyError(`ERR Error compiling ${what}: ${message}`.replace(/[\r\n]/g, ' '));
    }
  }

  /** Compiles a script's body as `@user_script` and keeps it by `name`; throws Redis's compile error. */
  compile(name: string, source: Buffer): void {
    this.loadChunk(source, 'user_script', 'script (new function)');
    lua.lua_setfield(this.L, lua.LUA_REGISTRYINDEX, `f_${name}`);
  }

  /** Runs the script compiled as `name` with `KEYS` and `ARGV`; its reply, or throws Redis's error for it. */
  run(name: string, keys: readonly Buffer[], args: readonly Buffer[], call: CallCommand): RawReply {
    return this.invoke(name, call, (L) => {
      lua.lua_getfield(L, lua.LUA_REGISTRYINDEX, `f_${name}`);
      pushStrings(L, keys);
      rawSetGlobal(L, 'KEYS');
      pushStrings(L, args);
      rawSetGlobal(L, 'ARGV');
      return 0;
    });
  }

  /**
   * Calls the function `push` pushes (with the arguments it pushes; it
   * returns how many) under Redis's message handler: its reply, or throws
   * the error as Redis words it for `label` (`null`: the error alone).
   */
  protected invoke(label: string | null, call: CallCommand | null, push: (L: LuaState) => number): RawReply {
    const L = this.L;
    lua.lua_settop(L, 0);
    lua.lua_pushjsfunction(L, errorHandler);
    const count = push(L);
    this.#call = call;
    this.#deadline = performance.now() + this.timeLimit;
    try {
      const status = lua.lua_pcall(L, count, 1, 1);
      if (status === lua.LUA_OK) return popReply(L);
      throw this.#failure(label);
    } finally {
      this.#call = null;
      this.#deadline = Infinity;
      lua.lua_settop(L, 0);
    }
  }

  /** The error at the top as the reply Redis gives: `<err> script: <label>, on <source>:<line>.` */
  #failure(label: string | null): ReplyError {
    const L = this.L;
    if (lua.lua_type(L, -1) !== lua.LUA_TTABLE) return new ReplyError(`ERR ${bytesAt(L, -1)?.toString('utf8') ?? 'unknown error'}`);
    const err = field(L, 'err') ?? 'ERR unknown error';
    const source = field(L, 'source');
    const where = source === null || label === null ? '' : ` script: ${label}, on ${source}:${field(L, 'line') ?? '?'}.`;
    return new ReplyError(`${err}${where}`.replace(/[\r\n]/g, ' '));
  }
}

import { ReplyError } from 'aioredis-abc-kit';
import type { RawReply } from '../reply.js';
import { LuaEngine, pushStrings } from './engine.js';
import { bytesAt, lua, to_jsstring, type LuaState } from './lua.js';
import type { CallCommand, Registered } from './call.js';
import { raiseError } from './redis-lib.js';
import { missingGlobal, raiseHere, readonlyGlobals, realGlobals } from './sandbox.js';


/** The flags a function may declare. */
export const functionFlags = ['no-writes', 'allow-oom', 'allow-stale', 'no-cluster', 'allow-cross-slot-keys'];

/** Whether a library or function name is letters, digits and underscores, at least one. */
export const validName = (name: string): boolean => /^[A-Za-z0-9_]+$/.test(name);

/** The flags at `index` (a table of strings), or Redis's error. */
function readFlags(L: LuaState, index: number): string[] {
  if (lua.lua_type(L, index) !== lua.LUA_TTABLE) raiseError(L, 'ERR flags argument to redis.register_function must be a table representing function flags');
  const flags: string[] = [];
  for (let i = 1; lua.lua_rawgeti(L, index, i) !== lua.LUA_TNIL; i += 1) {
    const flag = bytesAt(L, -1)?.toString('utf8') ?? '';
    lua.lua_pop(L, 1);
    if (!functionFlags.includes(flag)) raiseError(L, 'ERR unknown flag given');
    flags.push(flag);
  }
  lua.lua_pop(L, 1);
  return flags;
}

/** Reads `register_function{...}`'s named arguments; leaves the callback at the top. */
function namedArguments(L: LuaState): { name: string; registered: Registered } {
  let name: string | null = null;
  let flags: string[] = [];
  let description: Buffer | null = null;
  let callback = false;
  lua.lua_pushnil(L);
  while (lua.lua_next(L, 1) !== 0) {
    const key = lua.lua_type(L, -2) === lua.LUA_TSTRING ? (bytesAt(L, -2)?.toString('utf8') ?? '') : '';
    if (key === 'function_name') name = bytesAt(L, -1)?.toString('utf8') ?? null;
    else if (key === 'description') description = bytesAt(L, -1);
    else if (key === 'flags') flags = readFlags(L, lua.lua_gettop(L));
    else if (key === 'callback') callback = lua.lua_type(L, -1) === lua.LUA_TFUNCTION || raiseError(L, 'ERR callback argument given to redis.register_function must be a function');
    else raiseError(L, 'ERR unknown argument given to redis.register_function');
    if (key === 'callback') lua.lua_setfield(L, lua.LUA_REGISTRYINDEX, 'pending_callback');
    else lua.lua_pop(L, 1);
  }
  if (name === null) raiseError(L, 'ERR redis.register_function must get a function name argument');
  if (!callback) raiseError(L, 'ERR redis.register_function must get a callback argument');
  lua.lua_getfield(L, lua.LUA_REGISTRYINDEX, 'pending_callback');
  return { name, registered: { flags, description } };
}

/** Reads `register_function(name, callback)` or `register_function{...}`; leaves the callback at the top. */
function registration(L: LuaState): { name: string; registered: Registered } {
  const count = lua.lua_gettop(L);
  if (count === 1 && lua.lua_type(L, 1) !== lua.LUA_TTABLE) {
    raiseError(L, 'ERR calling redis.register_function with a single argument is only applicable to Lua table (representing named arguments).');
  }
  if (count === 1) return namedArguments(L);
  if (count !== 2) raiseError(L, 'ERR wrong number of arguments to redis.register_function');
  if (lua.lua_type(L, 1) !== lua.LUA_TSTRING) raiseError(L, 'ERR first argument to redis.register_function must be a string');
  if (lua.lua_type(L, 2) !== lua.LUA_TFUNCTION) raiseError(L, 'ERR second argument to redis.register_function must be a function');
  return { name: bytesAt(L, 1)?.toString('utf8') ?? '', registered: { flags: [], description: null } };
}

/**
 * Functions as Redis 7.0 keeps them, in a Lua state of their own (no `KEYS`
 * or `ARGV`): a library's code runs once, seeing only `redis.register_function`
 * and `redis.log`; the callbacks it registers see the whole sandbox.
 */
export class FunctionEngine extends LuaEngine {
  /** The functions the library being loaded registered, in order; `null` when none is loading. */
  #pending: Map<string, Registered> | null = null;

  /** @param timeLimit - How long a library's code or a function may run (ms) before SCRIPT KILL's error stops it. */
  constructor(timeLimit: number) {
    super(timeLimit);
    this.#makeEnvironment();
  }

  /** The table a library's code and callbacks read globals through: the load-time names while loading, the sandbox after. */
  #makeEnvironment(): void {
    const L = this.L;
    lua.lua_createtable(L, 0, 0);
    lua.lua_createtable(L, 0, 3);
    lua.lua_pushjsfunction(L, (inner) => this.#lookup(inner));
    lua.lua_setfield(L, -2, '__index');
    lua.lua_pushjsfunction(L, readonlyGlobals);
    lua.lua_setfield(L, -2, '__newindex');
    lua.lua_setmetatable(L, -2);
    lua.lua_setfield(L, lua.LUA_REGISTRYINDEX, 'function_env');
    this.#makeLoadRedis();
  }

  /** The `redis` table a library's code sees while it loads. */
  #makeLoadRedis(): void {
    const L = this.L;
    lua.lua_createtable(L, 0, 6);
    lua.lua_pushjsfunction(L, (inner) => this.#register(inner));
    lua.lua_setfield(L, -2, 'register_function');
    lua.lua_getglobal(L, 'redis');
    for (const name of ['log', 'LOG_DEBUG', 'LOG_VERBOSE', 'LOG_NOTICE', 'LOG_WARNING']) {
      lua.lua_getfield(L, -1, name);
      lua.lua_setfield(L, -3, name);
    }
    lua.lua_pop(L, 1);
    lua.lua_createtable(L, 0, 1);
    lua.lua_pushjsfunction(L, missingGlobal);
    lua.lua_setfield(L, -2, '__index');
    lua.lua_setmetatable(L, -2);
    lua.lua_setfield(L, lua.LUA_REGISTRYINDEX, 'load_redis');
  }

  /** The environment's `__index`: `redis` alone while loading, else the sandbox's globals; any other name is Redis's error. */
  #lookup(L: LuaState): number {
    const name = lua.lua_type(L, 2) === lua.LUA_TSTRING ? to_jsstring(lua.lua_tolstring(L, 2) ?? new Uint8Array()) : '?';
    if (this.#pending !== null) {
      if (name !== 'redis') raiseHere(L, `Script attempted to access nonexistent global variable '${name}'`);
      lua.lua_getfield(L, lua.LUA_REGISTRYINDEX, 'load_redis');
      return 1;
    }
    lua.lua_getfield(L, lua.LUA_REGISTRYINDEX, realGlobals);
    lua.lua_pushvalue(L, 2);
    if (lua.lua_rawget(L, -2) === lua.LUA_TNIL) raiseHere(L, `Script attempted to access nonexistent global variable '${name}'`);
    return 1;
  }

  /** `redis.register_function`: checks the registration as Redis 7.0 does (a bad function name gets its error about library names) and keeps the callback as pending. */
  #register(L: LuaState): number {
    const pending = this.#pending;
    if (pending === null) return raiseError(L, 'ERR redis.register_function can only be called on FUNCTION LOAD command');
    const { name, registered } = registration(L);
    if (!validName(name)) raiseError(L, 'ERR Library names can only contain letters, numbers, or underscores(_) and must be at least one character long');
    if (pending.has(name)) raiseError(L, 'ERR Function already exists in the library');
    lua.lua_getfield(L, lua.LUA_REGISTRYINDEX, 'pending_functions');
    lua.lua_insert(L, -2);
    lua.lua_setfield(L, -2, name);
    pending.set(name, registered);
    return 0;
  }

  /** Runs a library's code (its shebang line emptied) and returns the functions it registers, kept as pending; throws Redis's error. */
  loadLibrary(source: Buffer): Map<string, Registered> {
    const pending = new Map<string, Registered>();
    this.loadChunk(source, 'user_function', 'function');
    lua.lua_getfield(this.L, lua.LUA_REGISTRYINDEX, 'function_env');
    lua.lua_setupvalue(this.L, -2, 1);
    lua.lua_setfield(this.L, lua.LUA_REGISTRYINDEX, 'pending_chunk');
    lua.lua_createtable(this.L, 0, 0);
    lua.lua_setfield(this.L, lua.LUA_REGISTRYINDEX, 'pending_functions');
    this.#pending = pending;
    try {
      this.invoke(null, null, (L) => (lua.lua_getfield(L, lua.LUA_REGISTRYINDEX, 'pending_chunk'), 0));
    } catch (error) {
      if (error instanceof ReplyError) throw new ReplyError(`ERR Error registering functions: ${error.message}`);
      throw error;
    } finally {
      this.#pending = null;
    }
    return pending;
  }

  /** Keeps the pending functions by name, after forgetting `removed`. */
  commit(removed: readonly string[], added: readonly string[]): void {
    const L = this.L;
    for (const name of removed) {
      lua.lua_pushnil(L);
      lua.lua_setfield(L, lua.LUA_REGISTRYINDEX, `fn_${name}`);
    }
    lua.lua_getfield(L, lua.LUA_REGISTRYINDEX, 'pending_functions');
    for (const name of added) {
      lua.lua_getfield(L, -1, name);
      lua.lua_setfield(L, lua.LUA_REGISTRYINDEX, `fn_${name}`);
    }
    lua.lua_settop(L, 0);
  }

  /** Calls a function with its keys and arguments; its reply, or throws Redis's error for it. */
  callFunction(name: string, keys: readonly Buffer[], args: readonly Buffer[], call: CallCommand): RawReply {
    return this.invoke(name, call, (L) => {
      lua.lua_getfield(L, lua.LUA_REGISTRYINDEX, `fn_${name}`);
      pushStrings(L, keys);
      pushStrings(L, args);
      return 2;
    });
  }
}

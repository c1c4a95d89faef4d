import { lauxlib, lua, to_luastring, type JsFunction, type LuaState } from './lua.js';

/** The largest number Redis's `redisLrand48` draws from, `INT32_MAX`. */
const lrand48Max = 2147483647;

/** A number as Lua 5.1's `luaL_checkint` makes it on x86-64: truncated to 64 bits (the smallest when out of range), then to its low 32. */
function cInt(n: number): number {
  const wide = n >= -(2 ** 63) && n < 2 ** 63 ? BigInt(Math.trunc(n)) : -(2n ** 63n);
  return Number(BigInt.asIntN(32, wide));
}

/**
 * Redis's own rand48 generator, which its Lua's `math.random` and
 * `math.randomseed` use: the same seed gives the same numbers as on a server.
 */
export class Rand48 {
  #state = 0x1234abcd330en;

  /** `redisSrand48`: the state from a seed. */
  seed(value: number): void {
    this.#state = (BigInt.asUintN(32, BigInt(value)) << 16n) | 0x330en;
  }

  /** `redisLrand48`: the next 31-bit number. */
  next(): number {
    this.#state = BigInt.asUintN(48, this.#state * 0x5deece66dn + 0xbn);
    return Number(this.#state >> 17n);
  }

  /** `math.random([m [, n]])` as Redis's Lua 5.1: a float in [0, 1), or an integer in [1, m] or [m, n]. */
  readonly random: JsFunction = (L) => {
    const r = (this.next() % lrand48Max) / lrand48Max;
    const count = lua.lua_gettop(L);
    if (count === 0) {
      lua.lua_pushnumber(L, r);
      return 1;
    }
    if (count > 2) return lauxlib.luaL_error(L, to_luastring('wrong number of arguments'));
    const low = count === 1 ? 1 : cInt(lauxlib.luaL_checknumber(L, 1));
    const high = cInt(lauxlib.luaL_checknumber(L, count));
    if (low > high) lauxlib.luaL_argerror(L, count, to_luastring('interval is empty'));
    lua.lua_pushnumber(L, Math.floor(r * (high - low + 1)) + low);
    return 1;
  };

  /** `math.randomseed(x)`: seeds the generator. */
  readonly randomseed: JsFunction = (L) => {
    this.seed(cInt(lauxlib.luaL_checknumber(L, 1)));
    return 0;
  };
}

/** Replaces `math.random` and `math.randomseed` with Redis's, on a generator of the state's own. */
export function openRandom(L: LuaState): void {
  const generator = new Rand48();
  lua.lua_getglobal(L, 'math');
  lua.lua_pushjsfunction(L, generator.random);
  lua.lua_setfield(L, -2, 'random');
  lua.lua_pushjsfunction(L, generator.randomseed);
  lua.lua_setfield(L, -2, 'randomseed');
  lua.lua_pop(L, 1);
}

import * as fengari from 'fengari';
import lobject = require('fengari/src/lobject.js');
import { luaS_bless } from 'fengari/src/lstring.js';

/**
 * A number as C's `printf("%.<precision>g")` prints it, as Lua 5.1 and Redis
 * format numbers: `%.14g` for `tostring` and `..`, `%.17g` for an argument of
 * `redis.call`. A NaN prints as x86's `0/0` does, `-nan`.
 */
export function formatG(n: number, precision: number): string {
  if (Number.isNaN(n)) return '-nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  const [mantissa = '', exponentText = '0'] = n.toExponential(precision - 1).split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= precision) {
    const digits = stripZeros(mantissa);
    return `${digits}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return stripZeros(n.toFixed(Math.max(0, precision - 1 - exponent)));
}

/** A decimal without the trailing zeros of its fraction, nor a trailing point. */
function stripZeros(decimal: string): string {
  return decimal.includes('.') ? decimal.replace(/0+$/, '').replace(/\.$/, '') : decimal;
}

/**
 * Makes fengari turn numbers into strings as Lua 5.1 does (`%.14g`: `3.0` is
 * `3`, `2^63` is `9.2233720368548e+18`), for `tostring`, `..` and every
 * conversion of the API. It replaces fengari's own conversion, once.
 */
function formatNumbersAsLua51(): void {
  lobject.luaO_tostring = (L, obj) => {
    const text = obj.ttisinteger() ? String(obj.value) : formatG(obj.value, 14);
    obj.setsvalue(luaS_bless(L, fengari.to_luastring(text)));
  };
}

/**
 * Makes every numeral fengari reads (in source, `tonumber`, coercions) a
 * float, as every Lua 5.1 number is a double: fengari's integers have 32
 * bits, so `2147483647 + 1` would wrap where Redis's Lua gives 2147483648.
 */
function readNumbersAsDoubles(): void {
  const read = lobject.luaO_str2num;
  lobject.luaO_str2num = (s, obj) => {
    const size = read(s, obj);
    if (size !== 0 && obj.ttisinteger()) obj.setfltvalue(obj.value);
    return size;
  };
}

formatNumbersAsLua51();
readNumbersAsDoubles();

export const { lua, lauxlib, lualib, to_luastring, to_jsstring } = fengari;
export type { LuaState, JsFunction } from 'fengari';

/** Bytes as a Lua string can take them: a copy, since fengari keeps the array it is given. */
export function luaBytes(bytes: Uint8Array): Uint8Array {
  return Uint8Array.from(bytes);
}

/** The Lua string at `index` as bytes of its own, or `null` when the value is not a string or a number. */
export function bytesAt(L: fengari.LuaState, index: number): Buffer | null {
  const bytes = fengari.lua.lua_tolstring(L, index);
  return bytes === null ? null : Buffer.from(bytes);
}

/** Raises a Lua error whose value is the message as a plain string, without a position. */
export function raise(L: fengari.LuaState, message: string): never {
  fengari.lua.lua_pushstring(L, fengari.to_luastring(message));
  return fengari.lua.lua_error(L);
}

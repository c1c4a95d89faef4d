import { lauxlib, lua, to_luastring, type JsFunction, type LuaState } from './lua.js';
import { raiseHere } from './sandbox.js';

/** The largest integer size `i` and `I` take, and the alignment `!` sets without a number, as Redis's lua_struct.c on x86-64. */
const maxIntSize = 32;
const maxAlign = 8;

/** The byte order and the largest alignment a format has set so far. */
interface Options {
  little: boolean;
  align: number;
}

/** A cursor over a format string. */
class Format {
  /** Where the next option is, from 0. */
  index = 0;
  constructor(
    readonly L: LuaState,
    readonly text: Buffer,
  ) {}

  /** Whether every option has been read. */
  get done(): boolean {
    return this.index >= this.text.length;
  }

  /** The next option's character, consumed. */
  next(): string {
    const option = String.fromCharCode(this.text[this.index] ?? 0);
    this.index += 1;
    return option;
  }

  /** The number after an option, or `fallback` when there is none. */
  number(fallback: number): number {
    const digits = /^\d+/.exec(this.text.subarray(this.index).toString('latin1'))?.[0];
    if (digits === undefined) return fallback;
    this.index += digits.length;
    if (Number(digits) > 2147483647) raiseHere(this.L, 'integral size overflow');
    return Number(digits);
  }
}

/** How many bytes an option takes (0 for the control options and `s`). */
function sizeOf(format: Format, option: string): number {
  const fixed: Readonly<Record<string, number>> = { b: 1, B: 1, h: 2, H: 2, l: 8, L: 8, T: 8, f: 4, d: 8, x: 1 };
  if (fixed[option] !== undefined) return fixed[option] ?? 0;
  if (option === 'c') return format.number(1);
  if (option !== 'i' && option !== 'I') return 0;
  const size = format.number(4);
  if (size > maxIntSize) raiseHere(format.L, `integral size ${size} is larger than limit of ${maxIntSize}`);
  return size;
}

/** How many padding bytes come before an option of `size` at `position`. */
function padding(L: LuaState, position: number, options: Options, option: string, size: number): number {
  if (size <= 1 || option === 'c' || option === 's') return 0;
  const align = Math.min(size, options.align);
  if ((align & (align - 1)) !== 0) raiseHere(L, `alignment ${align} is not a power of 2`);
  return (align - (position & (align - 1))) & (align - 1);
}

/** Applies a control option (`>`, `<`, `!`, space), or refuses an unknown one. */
function control(format: Format, option: string, options: Options): void {
  if (option === '>' || option === '<') options.little = option === '<';
  else if (option === '!') {
    const align = format.number(maxAlign);
    if ((align & (align - 1)) !== 0) raiseHere(format.L, `alignment ${align} is not a power of 2`);
    options.align = align;
  } else if (option !== ' ') lauxlib.luaL_argerror(format.L, 1, to_luastring(`invalid format option '${option}'`));
}

/** An integer of `size` bytes as C's casts make it from a Lua number. */
function integerBytes(n: number, size: number, little: boolean): Buffer {
  let value = BigInt.asUintN(64, BigInt(Math.trunc(Number.isFinite(n) ? n : 0)));
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i += 1) {
    bytes[little ? i : size - 1 - i] = Number(value & 0xffn);
    value >>= 8n;
  }
  return bytes;
}

/** A float or double in the format's byte order. */
function floatBytes(n: number, size: number, little: boolean): Buffer {
  const bytes = Buffer.alloc(size);
  if (size === 4 && little) bytes.writeFloatLE(n);
  else if (size === 4) bytes.writeFloatBE(n);
  else if (little) bytes.writeDoubleLE(n);
  else bytes.writeDoubleBE(n);
  return bytes;
}

/** Packs one value option's argument. */
function packOne(L: LuaState, option: string, size: number, arg: number, options: Options): Buffer {
  if ('bBhHlLTiI'.includes(option)) return integerBytes(lauxlib.luaL_checknumber(L, arg), size, options.little);
  if (option === 'f' || option === 'd') return floatBytes(lauxlib.luaL_checknumber(L, arg), size, options.little);
  const text = Buffer.from(lauxlib.luaL_checklstring(L, arg));
  const length = size === 0 ? text.length : size;
  if (text.length < length) lauxlib.luaL_argerror(L, arg + 1, to_luastring('string too short'));
  return Buffer.concat([text.subarray(0, length), Buffer.alloc(option === 's' ? 1 : 0)]);
}

/** `struct.pack(format, ...)`: the values as bytes; a missing value is nil, as lua_struct.c's own nil after the arguments makes it. */
export const pack: JsFunction = (L) => {
  const format = new Format(L, Buffer.from(lauxlib.luaL_checklstring(L, 1)));
  lua.lua_pushnil(L);
  const options: Options = { little: true, align: 1 };
  const out: Buffer[] = [];
  let total = 0;
  for (let arg = 2; !format.done; ) {
    const option = format.next();
    const size = sizeOf(format, option);
    const pad = padding(L, total, options, option, size);
    out.push(Buffer.alloc(pad));
    total += pad;
    let bytes: Buffer = Buffer.alloc(0);
    if (option === 'x') bytes = Buffer.alloc(1);
    else if ('bBhHlLTiIfdcs'.includes(option)) bytes = packOne(L, option, size, arg++, options);
    else control(format, option, options);
    out.push(bytes);
    total += bytes.length;
  }
  lua.lua_pushstring(L, Uint8Array.from(Buffer.concat(out)));
  return 1;
};

/** An integer of `size` bytes read as C's `unsigned long` (64 bits), sign-extended for a signed option. */
function readInteger(bytes: Buffer, little: boolean, signed: boolean): number {
  let value = 0n;
  for (let i = 0; i < bytes.length; i += 1) value = BigInt.asUintN(64, (value << 8n) | BigInt(bytes[little ? bytes.length - 1 - i : i] ?? 0));
  if (!signed || bytes.length === 0) return Number(value);
  const mask = BigInt.asUintN(64, ~0n << BigInt(bytes.length * 8 - 1));
  return Number(BigInt.asIntN(64, (value & mask) !== 0n ? value | mask : value));
}

/** Pushes the value one option reads at `position`; the bytes it took. */
function unpackOne(L: LuaState, data: Buffer, position: number, option: string, size: number, options: Options): number {
  const check = (n: number): void => {
    if (n > data.length || position > data.length - n) lauxlib.luaL_argerror(L, 2, to_luastring('data string too short'));
  };
  check(size);
  if ('bBhHlLTiI'.includes(option)) lua.lua_pushnumber(L, readInteger(data.subarray(position, position + size), options.little, option === option.toLowerCase()));
  else if (option === 'f') lua.lua_pushnumber(L, options.little ? data.readFloatLE(position) : data.readFloatBE(position));
  else if (option === 'd') lua.lua_pushnumber(L, options.little ? data.readDoubleLE(position) : data.readDoubleBE(position));
  else if (option === 'c') return unpackChars(L, data, position, size, check);
  else if (option === 's') {
    const end = data.indexOf(0, position);
    if (end < 0) raiseHere(L, 'unfinished string in data');
    lua.lua_pushstring(L, Uint8Array.from(data.subarray(position, end)));
    return end - position + 1;
  }
  return size;
}

/** Pushes `c<n>`'s bytes; `c0` takes its length from the number read before it. */
function unpackChars(L: LuaState, data: Buffer, position: number, size: number, check: (n: number) => void): number {
  let length = size;
  if (length === 0) {
    if (lua.lua_type(L, -1) !== lua.LUA_TNUMBER) raiseHere(L, "format 'c0' needs a previous size");
    length = Math.trunc(lua.lua_tonumber(L, -1));
    lua.lua_pop(L, 1);
    check(length);
  }
  lua.lua_pushstring(L, Uint8Array.from(data.subarray(position, position + length)));
  return length;
}

/** `struct.unpack(format, data, [init])`: the values, then the position after them. */
export const unpack: JsFunction = (L) => {
  const format = new Format(L, Buffer.from(lauxlib.luaL_checklstring(L, 1)));
  const data = Buffer.from(lauxlib.luaL_checklstring(L, 2));
  let position = lauxlib.luaL_optinteger(L, 3, 1) - 1;
  if (position < 0) lauxlib.luaL_argerror(L, 3, to_luastring('offset must be 1 or greater'));
  const options: Options = { little: true, align: 1 };
  lua.lua_settop(L, 2);
  while (!format.done) {
    const option = format.next();
    const size = sizeOf(format, option);
    position += padding(L, position, options, option, size);
    lua.lua_checkstack(L, 2);
    if ('bBhHlLTiIfdcsx'.includes(option)) position += unpackOne(L, data, position, option, size, options);
    else control(format, option, options);
  }
  lua.lua_pushinteger(L, position + 1);
  return lua.lua_gettop(L) - 2;
};

/** `struct.size(format)`: how many bytes the format packs. */
export const size: JsFunction = (L) => {
  const format = new Format(L, Buffer.from(lauxlib.luaL_checklstring(L, 1)));
  const options: Options = { little: true, align: 1 };
  let position = 0;
  while (!format.done) {
    const option = format.next();
    const bytes = sizeOf(format, option);
    position += padding(L, position, options, option, bytes);
    if (option === 's' || (option === 'c' && bytes === 0)) lauxlib.luaL_argerror(L, 1, to_luastring(`option '${option === 's' ? 's' : 'c0'}' has no fixed size`));
    if (!/[A-Za-z0-9]/.test(option)) control(format, option, options);
    position += bytes;
  }
  lua.lua_pushinteger(L, position);
  return 1;
};

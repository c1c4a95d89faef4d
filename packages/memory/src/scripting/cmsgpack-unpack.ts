import { lauxlib, lua, type JsFunction, type LuaState } from './lua.js';
import { raiseHere } from './sandbox.js';

/** Why a MessagePack text could not be read, as lua-cmsgpack tells it. */
class UnpackError extends Error {}
const missingBytes = (): UnpackError => new UnpackError('Missing bytes in input.');

/** A cursor over MessagePack bytes. */
class Cursor {
  constructor(
    readonly bytes: Buffer,
    public offset: number,
  ) {}

  /** How many bytes are left to read. */
  get left(): number {
    return this.bytes.length - this.offset;
  }

  /** The next `n` bytes, consumed; `Missing bytes` when there are fewer. */
  take(n: number): Buffer {
    if (this.left < n) throw missingBytes();
    const taken = this.bytes.subarray(this.offset, this.offset + n);
    this.offset += n;
    return taken;
  }
}

/** The fixed-size forms: how many bytes follow, and the number they make. */
const numbers: Readonly<Record<number, readonly [number, (b: Buffer) => number]>> = {
  0xcc: [1, (b) => b.readUInt8(0)],
  0xcd: [2, (b) => b.readUInt16BE(0)],
  0xce: [4, (b) => b.readUInt32BE(0)],
  0xcf: [8, (b) => Number(b.readBigUInt64BE(0))],
  0xd0: [1, (b) => b.readInt8(0)],
  0xd1: [2, (b) => b.readInt16BE(0)],
  0xd2: [4, (b) => b.readInt32BE(0)],
  0xd3: [8, (b) => Number(b.readBigInt64BE(0))],
  0xca: [4, (b) => b.readFloatBE(0)],
  0xcb: [8, (b) => b.readDoubleBE(0)],
};

/** The length a str, array or map header gives (its fixed form's bits, or the bytes after it); `null` for another byte. */
function lengthOf(cursor: Cursor, first: number, fixed: number, forms: readonly number[]): number | null {
  if ((first & (fixed === 0xa0 ? 0xe0 : 0xf0)) === fixed) return first & (fixed === 0xa0 ? 0x1f : 0x0f);
  const size = [1, 2, 4][forms.indexOf(first)];
  return size === undefined ? null : cursor.take(size).readUIntBE(0, size);
}

/** Pushes the next value, as lua-cmsgpack decodes it (every number a Lua number). */
function pushNext(L: LuaState, cursor: Cursor): void {
  lua.lua_checkstack(L, 4);
  const first = cursor.take(1)[0] ?? 0;
  const number = numbers[first];
  if (first <= 0x7f || first >= 0xe0) lua.lua_pushnumber(L, first <= 0x7f ? first : first - 0x100);
  else if (number !== undefined) lua.lua_pushnumber(L, number[1](cursor.take(number[0])));
  else if (first === 0xc0) lua.lua_pushnil(L);
  else if (first === 0xc2 || first === 0xc3) lua.lua_pushboolean(L, first === 0xc3);
  else pushCompound(L, cursor, first);
}

/** Pushes a string, an array or a map; `Bad data format` for any other header. */
function pushCompound(L: LuaState, cursor: Cursor, first: number): void {
  const text = lengthOf(cursor, first, 0xa0, [0xd9, 0xda, 0xdb]);
  if (text !== null) return lua.lua_pushstring(L, Uint8Array.from(cursor.take(text)));
  const items = lengthOf(cursor, first, 0x90, [-1, 0xdc, 0xdd]);
  const pairs = items === null ? lengthOf(cursor, first, 0x80, [-1, 0xde, 0xdf]) : null;
  if (items === null && pairs === null) throw new UnpackError('Bad data format in input.');
  lua.lua_createtable(L, items ?? 0, pairs ?? 0);
  for (let i = 1; i <= (items ?? 0); i += 1) {
    pushNext(L, cursor);
    lua.lua_rawseti(L, -2, i);
  }
  for (let i = 0; i < (pairs ?? 0); i += 1) {
    pushNext(L, cursor);
    pushNext(L, cursor);
    lua.lua_settable(L, -3);
  }
}

/**
 * Decodes up to `limit` values from `offset` of the string argument (all of
 * them when both are 0), as lua-cmsgpack's `mp_unpack_full`: with a limit or
 * an offset, the offset to go on from comes first (-1 at the end).
 */
function unpackFrom(L: LuaState, limit: number, offset: number): number {
  const bytes = Buffer.from(lauxlib.luaL_checklstring(L, 1));
  lua.lua_settop(L, 1);
  if (offset < 0 || limit < 0) raiseHere(L, `Invalid request to unpack with offset of ${offset} and limit of ${bytes.length}.`);
  if (offset > bytes.length) raiseHere(L, `Start offset ${offset} greater than input length ${bytes.length}.`);
  const all = limit === 0 && offset === 0;
  const cursor = new Cursor(bytes, offset);
  let count = 0;
  try {
    for (; cursor.left > 0 && (all || count < limit); count += 1) pushNext(L, cursor);
  } catch (error) {
    if (error instanceof UnpackError) raiseHere(L, error.message);
    throw error;
  }
  if (all) return count;
  lua.lua_pushinteger(L, cursor.left === 0 ? -1 : cursor.offset);
  lua.lua_insert(L, 2);
  return count + 1;
}

/** `cmsgpack.unpack(text)`: every value the text holds. */
export const unpack: JsFunction = (L) => unpackFrom(L, 0, 0);

/** `cmsgpack.unpack_one(text, offset)`: the offset after the first value from `offset`, and that value. */
export const unpackOne: JsFunction = (L) => unpackFrom(L, 1, lauxlib.luaL_optinteger(L, 2, 0));

/** `cmsgpack.unpack_limit(text, limit, offset)`: the offset after the values, and up to `limit` values from `offset`. */
export const unpackLimit: JsFunction = (L) => unpackFrom(L, lauxlib.luaL_checkinteger(L, 2), lauxlib.luaL_optinteger(L, 3, 0));

import { maxDepth } from './cjson-encode.js';
import { lauxlib, lua, to_luastring, type JsFunction, type LuaState } from './lua.js';
import { raiseHere } from './sandbox.js';

/** `cjson.null`: the light userdata JSON's `null` decodes to; a reply makes nil of it. */
export const jsonNull = Object.freeze({ cjson: 'null' });

/** A token as lua-cjson reads it: its type name, where it starts, and its value or its error. */
interface Token {
  readonly type: string;
  readonly index: number;
  readonly value?: Uint8Array | number | boolean;
  readonly error?: string;
}

/** The escapes a JSON string may hold, but `\u`. */
const escapes: Readonly<Record<string, number>> = { b: 8, f: 12, n: 10, r: 13, t: 9, '"': 34, '\\': 92, '/': 47 };

/** What C's `strtod` reads at the start of a text, as lua-cjson reads numbers (hexadecimal, `inf` and `nan` too). */
const strtod = /^[\t\n\v\f\r ]*[-+]?(0[xX][0-9a-fA-F]+|(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?|inf(inity)?|nan)/i;

/** A cursor over a JSON text, reading lua-cjson's tokens. */
class Lexer {
  /** Where the next token starts, from 0. */
  index = 0;
  constructor(readonly text: Buffer) {}

  /** Reads the next token, past white space; `T_END` at the end. */
  next(): Token {
    const text = this.text;
    while ([32, 9, 10, 13].includes(text[this.index] ?? 0)) this.index += 1;
    const start = this.index;
    const ch = text[start];
    if (ch === undefined) return { type: 'T_END', index: start };
    const single: Readonly<Record<number, string>> = { 123: 'T_OBJ_BEGIN', 125: 'T_OBJ_END', 91: 'T_ARR_BEGIN', 93: 'T_ARR_END', 58: 'T_COLON', 44: 'T_COMMA' };
    const type = single[ch];
    if (type !== undefined) {
      this.index += 1;
      return { type, index: start };
    }
    if (ch === 34) return this.#string();
    const rest = text.subarray(start, start + 400).toString('latin1');
    if (ch === 45 || (ch >= 48 && ch <= 57) || /^(inf|nan)/i.test(rest)) return this.#number(rest);
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (!rest.startsWith(word)) continue;
      this.index += word.length;
      return value === null ? { type: 'T_NULL', index: start } : { type: 'T_BOOLEAN', index: start, value };
    }
    return { type: 'T_ERROR', index: start, error: 'invalid token' };
  }

  /** A number as C's `strtod` reads it from `rest`, or the `invalid number` error. */
  #number(rest: string): Token {
    const found = strtod.exec(rest);
    if (found === null) return { type: 'T_ERROR', index: this.index, error: 'invalid number' };
    const matched = found[0] ?? '';
    const text = matched.trim();
    const value = /^[-+]?0x/i.test(text) ? Number.parseInt(text, 16) : /nan/i.test(text) ? Number.NaN : /inf/i.test(text) ? (text.startsWith('-') ? -Infinity : Infinity) : Number(text);
    const token = { type: 'T_NUMBER', index: this.index, value };
    this.index += matched.length;
    return token;
  }

  /** A string after its opening quote, escapes read; an error at its unfinished end or a bad escape. */
  #string(): Token {
    const start = this.index;
    const bytes: number[] = [];
    this.index += 1;
    for (;;) {
      const ch = this.text[this.index];
      if (ch === undefined) return { type: 'T_ERROR', index: this.index, error: 'unexpected end of string' };
      this.index += 1;
      if (ch === 34) return { type: 'T_STRING', index: start, value: Uint8Array.from(bytes) };
      if (ch !== 92) {
        bytes.push(ch);
        continue;
      }
      const error = this.#escape(bytes);
      if (error !== null) return { type: 'T_ERROR', index: this.index, error };
    }
  }

  /** Reads an escape after its backslash into `bytes`; `null`, or the error, with the cursor back on the backslash. */
  #escape(bytes: number[]): string | null {
    const backslash = this.index - 1;
    const code = String.fromCharCode(this.text[this.index] ?? 0);
    this.index += 1;
    const byte = escapes[code];
    const point = byte === undefined && code === 'u' ? this.#codePoint() : -1;
    if (byte === undefined && point < 0) {
      this.index = backslash;
      return code === 'u' ? 'invalid unicode escape code' : 'invalid escape code';
    }
    bytes.push(...(byte === undefined ? Buffer.from(String.fromCodePoint(point)) : [byte]));
    return null;
  }

  /** The code point of a `\u` escape (a surrogate pair's two), or -1 for an invalid one. */
  #codePoint(): number {
    const point = this.#hex4();
    if (point < 0xd800 || point > 0xdfff) return point;
    if (point >= 0xdc00 || this.text.subarray(this.index, this.index + 2).toString() !== '\\u') return -1;
    this.index += 2;
    const low = this.#hex4();
    return low < 0xdc00 || low > 0xdfff ? -1 : 0x10000 + ((point - 0xd800) << 10) + (low - 0xdc00);
  }

  /** Four hexadecimal digits, consumed; -1 when they are not. */
  #hex4(): number {
    const digits = this.text.subarray(this.index, this.index + 4).toString('latin1');
    this.index += 4;
    return /^[0-9a-fA-F]{4}$/.test(digits) ? Number.parseInt(digits, 16) : -1;
  }
}

/** Raises lua-cjson's parse error. */
function expected(L: LuaState, what: string, token: Token): never {
  return raiseHere(L, `Expected ${what} but found ${token.error ?? token.type} at character ${token.index + 1}`);
}

/** Pushes the value `token` starts. */
function pushValue(L: LuaState, lexer: Lexer, token: Token, depth: number): void {
  lua.lua_checkstack(L, 4);
  if (token.type === 'T_OBJ_BEGIN' || token.type === 'T_ARR_BEGIN') {
    if (depth + 1 > maxDepth) raiseHere(L, `Found too many nested data structures (${depth + 1}) at character ${token.index + 1}`);
    lua.lua_createtable(L, 0, 0);
    if (token.type === 'T_OBJ_BEGIN') fillObject(L, lexer, depth + 1);
    else fillArray(L, lexer, depth + 1);
  } else if (token.type === 'T_STRING' && token.value instanceof Uint8Array) lua.lua_pushstring(L, token.value);
  else if (token.type === 'T_NUMBER' && typeof token.value === 'number') lua.lua_pushnumber(L, token.value);
  else if (token.type === 'T_BOOLEAN') lua.lua_pushboolean(L, token.value === true);
  else if (token.type === 'T_NULL') lua.lua_pushlightuserdata(L, jsonNull);
  else expected(L, 'value', token);
}

/** Reads an object's members into the table at the top. */
function fillObject(L: LuaState, lexer: Lexer, depth: number): void {
  let token = lexer.next();
  if (token.type === 'T_OBJ_END') return;
  for (;;) {
    if (token.type !== 'T_STRING' || !(token.value instanceof Uint8Array)) expected(L, 'object key string', token);
    lua.lua_pushstring(L, token.value);
    token = lexer.next();
    if (token.type !== 'T_COLON') expected(L, 'colon', token);
    pushValue(L, lexer, lexer.next(), depth);
    lua.lua_rawset(L, -3);
    token = lexer.next();
    if (token.type === 'T_OBJ_END') return;
    if (token.type !== 'T_COMMA') expected(L, 'comma or object end', token);
    token = lexer.next();
  }
}

/** Reads an array's items into the table at the top. */
function fillArray(L: LuaState, lexer: Lexer, depth: number): void {
  let token = lexer.next();
  if (token.type === 'T_ARR_END') return;
  for (let i = 1; ; i += 1) {
    pushValue(L, lexer, token, depth);
    lua.lua_rawseti(L, -2, i);
    token = lexer.next();
    if (token.type === 'T_ARR_END') return;
    if (token.type !== 'T_COMMA') expected(L, 'comma or array end', token);
    token = lexer.next();
  }
}

/** `cjson.decode(text)`: the JSON text as Lua values, `null` as `cjson.null`. */
export const decode: JsFunction = (L) => {
  if (lua.lua_gettop(L) !== 1) lauxlib.luaL_argerror(L, 1, to_luastring('expected 1 argument'));
  const lexer = new Lexer(Buffer.from(lauxlib.luaL_checklstring(L, 1)));
  pushValue(L, lexer, lexer.next(), 0);
  const end = lexer.next();
  if (end.type !== 'T_END') expected(L, 'the end', end);
  return 1;
};

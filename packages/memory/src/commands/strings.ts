import { ReplyError } from 'aioredis-abc-kit';
import type { Database } from '../keyspace.js';
import { addLongDouble, formatLongDouble, readLongDouble, zero } from '../long-double.js';
import { inRange, integerArg, readInteger } from '../numbers.js';
import { ok, syntaxError, wrongArity, type RawReply } from '../reply.js';
import { arg, text, type CommandTable } from './command.js';
import { expiryOptions, invalidExpire, optionExpiry } from './expiry.js';

/** The options of SET or GETEX as given: the flags, and the expiry word with its argument. */
interface StringOptions {
  readonly flags: ReadonlySet<string>;
  readonly expiry: { readonly word: string; readonly value: Buffer } | null;
}

const expiryWords = Object.keys(expiryOptions);

/** The longest string Redis stores, by default (`proto-max-bulk-len`, 512 MB). */
const maxString = 512n * 1024n * 1024n;

/** Which earlier flags forbid a flag, as Redis's option parser checks them. */
const conflicts: Readonly<Record<string, readonly string[]>> = {
  NX: ['XX'],
  XX: ['NX'],
  GET: [],
  KEEPTTL: ['PERSIST', ...expiryWords],
  PERSIST: ['KEEPTTL', ...expiryWords],
  EX: ['KEEPTTL', 'PERSIST', 'EXAT', 'PX', 'PXAT'],
  PX: ['KEEPTTL', 'PERSIST', 'EX', 'EXAT', 'PXAT'],
  EXAT: ['KEEPTTL', 'PERSIST', 'EX', 'PX', 'PXAT'],
  PXAT: ['KEEPTTL', 'PERSIST', 'EX', 'EXAT', 'PX'],
};

/** Parses SET's or GETEX's options as Redis does: a word out of place, repeated in conflict, or missing its value is `ERR syntax error`. */
function parseOptions(words: readonly Buffer[], allowed: readonly string[]): StringOptions {
  const flags = new Set<string>();
  let expiry: StringOptions['expiry'] = null;
  for (let i = 0; i < words.length; i += 1) {
    const word = text(arg(words, i)).toUpperCase();
    const blocked = conflicts[word];
    if (!allowed.includes(word) || blocked === undefined || blocked.some((flag) => flags.has(flag))) throw syntaxError();
    if (word in expiryOptions) {
      const value = words[i + 1];
      if (value === undefined) throw syntaxError();
      expiry = { word, value };
      i += 1;
    }
    flags.add(word);
  }
  return { flags, expiry };
}

/** The expiry the options set, in ms since the epoch, or `null` for none. */
function expiryOf(options: StringOptions, now: number, command: string): number | null {
  if (options.expiry === null) return null;
  const unit = expiryOptions[options.expiry.word];
  return unit === undefined ? null : optionExpiry(options.expiry.value, unit, now, command);
}

/** The string at `key`, `null` when missing; `WRONGTYPE` for another type. */
function getString(db: Database, key: Buffer): Buffer | null {
  return db.read(text(key), 'string')?.bytes ?? null;
}

/** Stores a string, then its expiry (a past one is kept until the key is next looked at, as Redis 7.0 does). */
function setString(db: Database, key: string, bytes: Buffer, expiresAt: number | null, keepTtl: boolean): void {
  db.set(key, { type: 'string', bytes }, keepTtl);
  if (expiresAt !== null) db.setExpiry(key, expiresAt);
}

/** The integer a string key holds (0 when missing), or Redis's error. */
function storedInteger(db: Database, key: string): bigint {
  const current = db.read(key, 'string');
  if (current === undefined) return 0n;
  const value = readInteger(current.bytes);
  if (value === null) throw new ReplyError('ERR value is not an integer or out of range');
  return value;
}

/** INCRBY's core: adds `by` keeping the key's expiry, with Redis's overflow error. */
function increment(db: Database, key: Buffer, by: bigint): number {
  const name = text(key);
  const result = storedInteger(db, name) + by;
  if (!inRange(result)) throw new ReplyError('ERR increment or decrement would overflow');
  db.set(name, { type: 'string', bytes: Buffer.from(result.toString()) }, true);
  return Number(result);
}

/** SETEX and PSETEX: a value with a relative expiry in seconds or milliseconds. */
function setWithExpiry(word: 'EX' | 'PX', command: string): CommandTable[string] {
  return {
    arity: 4,
    run({ db }, args) {
      const unit = expiryOptions[word];
      if (unit === undefined) throw invalidExpire(command);
      const at = optionExpiry(arg(args, 1), unit, db.now(), command);
      setString(db, text(arg(args, 0)), arg(args, 2), at, false);
      return ok();
    },
  };
}

/** MSET and MSETNX take keys and values in pairs. */
function checkPairs(args: readonly Buffer[], command: string): void {
  if (args.length % 2 !== 0) throw wrongArity(command);
}

/** The string commands. */
export const strings: CommandTable = {
  GET: { arity: 2, run: ({ db }, args) => getString(db, arg(args, 0)) },
  SET: {
    arity: -3,
    run({ db }, args) {
      const options = parseOptions(args.slice(2), ['NX', 'XX', 'GET', 'KEEPTTL', ...expiryWords]);
      const at = expiryOf(options, db.now(), 'set');
      const key = arg(args, 0);
      const previous: RawReply = options.flags.has('GET') ? getString(db, key) : null;
      const exists = db.has(text(key));
      if ((options.flags.has('NX') && exists) || (options.flags.has('XX') && !exists)) return previous;
      setString(db, text(key), arg(args, 1), at, options.flags.has('KEEPTTL'));
      return options.flags.has('GET') ? previous : ok();
    },
  },
  SETNX: {
    arity: 3,
    run({ db }, args) {
      const key = text(arg(args, 0));
      if (db.has(key)) return 0;
      setString(db, key, arg(args, 1), null, false);
      return 1;
    },
  },
  SETEX: setWithExpiry('EX', 'setex'),
  PSETEX: setWithExpiry('PX', 'psetex'),
  GETSET: {
    arity: 3,
    run({ db }, args) {
      const previous = getString(db, arg(args, 0));
      setString(db, text(arg(args, 0)), arg(args, 1), null, false);
      return previous;
    },
  },
  GETDEL: {
    arity: 2,
    run({ db }, args) {
      const value = getString(db, arg(args, 0));
      if (value !== null) db.delete(text(arg(args, 0)));
      return value;
    },
  },
  GETEX: {
    arity: -2,
    run({ db }, args) {
      const options = parseOptions(args.slice(1), ['PERSIST', ...expiryWords]);
      const key = text(arg(args, 0));
      const value = getString(db, arg(args, 0));
      if (value === null) return null;
      const at = expiryOf(options, db.now(), 'getex');
      if (at !== null) db.expire(key, at);
      else if (options.flags.has('PERSIST') && db.expiresAt(key) !== null) db.expire(key, null);
      return value;
    },
  },
  MGET: {
    arity: -2,
    run: ({ db }, args) =>
      args.map((key) => {
        const value = db.get(text(key));
        return value?.type === 'string' ? value.bytes : null;
      }),
  },
  MSET: {
    arity: -3,
    run({ db }, args) {
      checkPairs(args, 'mset');
      for (let i = 0; i < args.length; i += 2) setString(db, text(arg(args, i)), arg(args, i + 1), null, false);
      return ok();
    },
  },
  MSETNX: {
    arity: -3,
    run({ db }, args) {
      checkPairs(args, 'msetnx');
      for (let i = 0; i < args.length; i += 2) if (db.has(text(arg(args, i)))) return 0;
      for (let i = 0; i < args.length; i += 2) setString(db, text(arg(args, i)), arg(args, i + 1), null, false);
      return 1;
    },
  },
  INCR: { arity: 2, run: ({ db }, args) => increment(db, arg(args, 0), 1n) },
  DECR: { arity: 2, run: ({ db }, args) => increment(db, arg(args, 0), -1n) },
  INCRBY: { arity: 3, run: ({ db }, args) => increment(db, arg(args, 0), integerArg(arg(args, 1))) },
  DECRBY: {
    arity: 3,
    run({ db }, args) {
      const by = integerArg(arg(args, 1));
      if (by === -(2n ** 63n)) throw new ReplyError('ERR decrement would overflow');
      return increment(db, arg(args, 0), -by);
    },
  },
  INCRBYFLOAT: {
    arity: 3,
    run({ db }, args) {
      const key = text(arg(args, 0));
      const stored = getString(db, arg(args, 0));
      const current = stored === null ? zero : readLongDouble(text(stored));
      const by = readLongDouble(text(arg(args, 1)));
      if (current === null || by === null) throw new ReplyError('ERR value is not a valid float');
      const result = addLongDouble(current, by);
      if (result === null || result.kind === 'infinite') throw new ReplyError('ERR increment would produce NaN or Infinity');
      const bytes = Buffer.from(formatLongDouble(result));
      db.set(key, { type: 'string', bytes }, true);
      return bytes;
    },
  },
  APPEND: {
    arity: 3,
    run({ db }, args) {
      const key = text(arg(args, 0));
      const bytes = Buffer.concat([getString(db, arg(args, 0)) ?? Buffer.alloc(0), arg(args, 1)]);
      db.set(key, { type: 'string', bytes }, true);
      return bytes.length;
    },
  },
  GETRANGE: {
    arity: 4,
    run({ db }, args) {
      let start = integerArg(arg(args, 1));
      let end = integerArg(arg(args, 2));
      const value = getString(db, arg(args, 0)) ?? Buffer.alloc(0);
      const length = BigInt(value.length);
      if (start < 0n && end < 0n && start > end) return Buffer.alloc(0);
      if (start < 0n) start += length;
      if (end < 0n) end += length;
      if (start < 0n) start = 0n;
      if (end < 0n) end = 0n;
      if (end >= length) end = length - 1n;
      if (start > end || length === 0n) return Buffer.alloc(0);
      return Buffer.from(value.subarray(Number(start), Number(end) + 1));
    },
  },
  SETRANGE: {
    arity: 4,
    run({ db }, args) {
      const offset = integerArg(arg(args, 1));
      if (offset < 0n) throw new ReplyError('ERR offset is out of range');
      const key = text(arg(args, 0));
      const patch = arg(args, 2);
      const current = getString(db, arg(args, 0));
      if (patch.length === 0) return current?.length ?? 0;
      if (offset + BigInt(patch.length) > maxString) throw new ReplyError('ERR string exceeds maximum allowed size (proto-max-bulk-len)');
      const start = Number(offset);
      const bytes = Buffer.alloc(Math.max(current?.length ?? 0, start + patch.length));
      current?.copy(bytes);
      patch.copy(bytes, start);
      db.set(key, { type: 'string', bytes }, true);
      return bytes.length;
    },
  },
  STRLEN: { arity: 2, run: ({ db }, args) => getString(db, arg(args, 0))?.length ?? 0 },
};

import { ReplyError } from 'aioredis-abc-kit';
import type { Database, ValueOf } from '../keyspace.js';
import { addLongDouble, formatLongDouble, readLongDouble, zero } from '../long-double.js';
import { inRange, integerArg, readInteger } from '../numbers.js';
import { ok, wrongArity } from '../reply.js';
import { arg, bytesOf, text, type CommandTable } from './command.js';
import { keyScan, matches } from './scan.js';

/** The hash at `key`, `undefined` when missing; `WRONGTYPE` for another type. */
function hash(db: Database, key: Buffer): ValueOf<'hash'> | undefined {
  return db.read(text(key), 'hash');
}

/** Sets the field-value pairs that follow the key; how many fields are new. */
function setFields(db: Database, args: readonly Buffer[], command: string): number {
  if (args.length % 2 === 0) throw wrongArity(command);
  const key = arg(args, 0);
  const value = db.readOrCreate(text(key), 'hash', () => ({ type: 'hash', fields: new Map() }));
  let added = 0;
  for (let i = 1; i < args.length; i += 2) {
    const field = text(arg(args, i));
    if (!value.fields.has(field)) added += 1;
    value.fields.set(field, arg(args, i + 1));
  }
  db.store(text(key), value);
  return added;
}

/** The hash commands. Fields keep the order they were added in, as Redis's small hashes do. */
export const hashes: CommandTable = {
  HSET: { arity: -4, run: ({ db }, args) => setFields(db, args, 'hset') },
  HMSET: {
    arity: -4,
    run({ db }, args) {
      setFields(db, args, 'hmset');
      return ok();
    },
  },
  HSETNX: {
    arity: 4,
    run({ db }, args) {
      const key = text(arg(args, 0));
      const value = db.readOrCreate(key, 'hash', () => ({ type: 'hash', fields: new Map() }));
      const field = text(arg(args, 1));
      if (value.fields.has(field)) return 0;
      value.fields.set(field, arg(args, 2));
      db.store(key, value);
      return 1;
    },
  },
  HGET: { arity: 3, run: ({ db }, args) => hash(db, arg(args, 0))?.fields.get(text(arg(args, 1))) ?? null },
  HMGET: {
    arity: -3,
    run({ db }, args) {
      const value = hash(db, arg(args, 0));
      return args.slice(1).map((field) => value?.fields.get(text(field)) ?? null);
    },
  },
  HGETALL: {
    arity: 2,
    run: ({ db }, args) => [...(hash(db, arg(args, 0))?.fields ?? [])].flatMap(([field, value]) => [bytesOf(field), value]),
  },
  HKEYS: { arity: 2, run: ({ db }, args) => [...(hash(db, arg(args, 0))?.fields.keys() ?? [])].map(bytesOf) },
  HVALS: { arity: 2, run: ({ db }, args) => [...(hash(db, arg(args, 0))?.fields.values() ?? [])] },
  HLEN: { arity: 2, run: ({ db }, args) => hash(db, arg(args, 0))?.fields.size ?? 0 },
  HEXISTS: { arity: 3, run: ({ db }, args) => (hash(db, arg(args, 0))?.fields.has(text(arg(args, 1))) ? 1 : 0) },
  HSTRLEN: { arity: 3, run: ({ db }, args) => hash(db, arg(args, 0))?.fields.get(text(arg(args, 1)))?.length ?? 0 },
  HDEL: {
    arity: -3,
    run({ db }, args) {
      const value = hash(db, arg(args, 0));
      if (value === undefined) return 0;
      const deleted = args.slice(1).filter((field) => value.fields.delete(text(field))).length;
      if (deleted > 0) db.store(text(arg(args, 0)), value);
      return deleted;
    },
  },
  HINCRBYFLOAT: {
    arity: 4,
    run({ db }, args) {
      const by = readLongDouble(text(arg(args, 2)));
      if (by === null) throw new ReplyError('ERR value is not a valid float');
      if (by.kind === 'infinite') throw new ReplyError('ERR value is NaN or Infinity');
      const key = text(arg(args, 0));
      const value = db.readOrCreate(key, 'hash', () => ({ type: 'hash', fields: new Map() }));
      const field = text(arg(args, 1));
      const stored = value.fields.get(field);
      const current = stored === undefined ? zero : readLongDouble(text(stored));
      if (current === null) throw new ReplyError('ERR hash value is not a float');
      const result = addLongDouble(current, by);
      if (result === null || result.kind === 'infinite') throw new ReplyError('ERR increment would produce NaN or Infinity');
      const bytes = Buffer.from(formatLongDouble(result));
      value.fields.set(field, bytes);
      db.store(key, value);
      return bytes;
    },
  },
  HSCAN: keyScan('hash', (value, options) => [...value.fields].filter(([field]) => matches(options, field)).flatMap(([field, bytes]) => [bytesOf(field), bytes])),
  HINCRBY: {
    arity: 4,
    run({ db }, args) {
      const by = integerArg(arg(args, 2));
      const key = text(arg(args, 0));
      const value = db.readOrCreate(key, 'hash', () => ({ type: 'hash', fields: new Map() }));
      const field = text(arg(args, 1));
      const stored = value.fields.get(field);
      const current = stored === undefined ? 0n : readInteger(stored);
      if (current === null) throw new ReplyError('ERR hash value is not an integer');
      const result = current + by;
      if (!inRange(result)) throw new ReplyError('ERR increment or decrement would overflow');
      value.fields.set(field, Buffer.from(result.toString()));
      db.store(key, value);
      return Number(result);
    },
  },
};

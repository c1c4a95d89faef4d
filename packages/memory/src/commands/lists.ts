import { ReplyError } from 'aioredis-abc-kit';
import type { Database, ValueOf } from '../keyspace.js';
import { integerArg, smallIntegerArg } from '../numbers.js';
import { ok, syntaxError, wrongArity, type RawReply } from '../reply.js';
import { arg, bytesOf, isWord, text, type Command, type CommandTable, type Context, type End } from './command.js';
import { timeoutArg } from './timeout.js';

/** The list at `key`, `undefined` when missing; `WRONGTYPE` for another type. */
function list(db: Database, key: Buffer): ValueOf<'list'> | undefined {
  return db.read(text(key), 'list');
}

/** Index `index` of a list of `length` counted from the end when negative, as Redis reads list indexes. */
function absolute(index: number, length: number): number {
  return index < 0 ? length + index : index;
}

/** The inclusive range `[start, stop]` of LRANGE and LTRIM, clamped; `null` when empty. */
function clampRange(start: number, stop: number, length: number): [number, number] | null {
  const from = Math.max(absolute(start, length), 0);
  const to = Math.min(absolute(stop, length), length - 1);
  return from > to || from >= length ? null : [from, to];
}

/** Pops one element from the `end` of a list stored at `key`, deleting the key once empty. */
export function popFrom(db: Database, key: string, value: ValueOf<'list'>, end: End): Buffer | undefined {
  const item = end === 'left' ? value.items.shift() : value.items.pop();
  db.store(key, value);
  return item;
}

/** LPUSH, RPUSH, LPUSHX and RPUSHX. */
function push(end: End, onlyExisting: boolean): Command {
  return {
    arity: -3,
    run({ db }, args) {
      const key = text(arg(args, 0));
      const found = db.read(key, 'list');
      if (found === undefined && onlyExisting) return 0;
      const value = found ?? { type: 'list', items: [] };
      for (const item of args.slice(1)) {
        if (end === 'left') value.items.unshift(item);
        else value.items.push(item);
      }
      db.store(key, value);
      return value.items.length;
    },
  };
}

/** LPOP and RPOP, with their optional count. */
function pop(end: End, command: string): Command {
  return {
    arity: -2,
    run({ db }, args) {
      if (args.length > 2) throw wrongArity(command);
      const positive = (): ReplyError => new ReplyError('ERR value is out of range, must be positive');
      const count = args[1] === undefined ? null : integerArg(args[1], positive);
      if (count !== null && count < 0n) throw positive();
      const key = text(arg(args, 0));
      const value = db.read(key, 'list');
      if (value === undefined) return null;
      if (count === null) return popFrom(db, key, value, end) ?? null;
      const popped: Buffer[] = [];
      while (BigInt(popped.length) < count && value.items.length > 0) {
        const item = popFrom(db, key, value, end);
        if (item !== undefined) popped.push(item);
      }
      return popped;
    },
  };
}

/** A pop from the list at `key` for a blocked BLPOP or BRPOP: `[key, element]`, or `undefined` while it holds no list. */
function popAttempt(db: Database, end: End): (key: string) => RawReply | undefined {
  return (key) => {
    const value = db.get(key);
    if (value?.type !== 'list') return undefined;
    const item = popFrom(db, key, value, end);
    return item === undefined ? undefined : [bytesOf(key), item];
  };
}

/** BLPOP and BRPOP: pop from the first non-empty list, or wait for one (not inside EXEC). */
function blockingPop(end: End): Command {
  return {
    arity: -3,
    run(context, args): RawReply | Promise<RawReply> {
      const timeout = timeoutArg(arg(args, args.length - 1));
      const keys = args.slice(0, -1);
      for (const key of keys) {
        const value = list(context.db, key);
        if (value !== undefined && value.items.length > 0) return popAttempt(context.db, end)(text(key)) ?? null;
      }
      if (context.inExec) return null;
      return context.block(keys.map(text), popAttempt(context.db, end), timeout);
    },
  };
}

/** LMOVE's and BLMOVE's `LEFT` or `RIGHT`, or `ERR syntax error`. */
function endArg(bytes: Buffer): End {
  if (isWord(bytes, 'LEFT')) return 'left';
  if (isWord(bytes, 'RIGHT')) return 'right';
  throw syntaxError();
}

/** LMOVE's core: pops from `from` of one list and pushes onto `to` of another (or the same); the element, or `null` when the source is empty. */
function move(db: Database, source: Buffer, destination: Buffer, from: End, to: End): Buffer | null {
  const [sourceKey, destinationKey] = [text(source), text(destination)];
  const value = db.read(sourceKey, 'list');
  if (value === undefined || value.items.length === 0) return null;
  const target = sourceKey === destinationKey ? value : (db.read(destinationKey, 'list') ?? { type: 'list', items: [] });
  const item = from === 'left' ? value.items.shift() : value.items.pop();
  if (item === undefined) return null;
  if (to === 'left') target.items.unshift(item);
  else target.items.push(item);
  db.store(destinationKey, target);
  db.store(sourceKey, value);
  return item;
}

/** BLMOVE and BRPOPLPUSH: LMOVE, or wait for the source to get an element (not inside EXEC). */
function blockingMove(context: Context, args: readonly Buffer[], from: End, to: End, timeout: number): RawReply | Promise<RawReply> {
  const [source, destination] = [arg(args, 0), arg(args, 1)];
  if (list(context.db, source) !== undefined) return move(context.db, source, destination, from, to);
  if (context.inExec) return null;
  return context.block([text(source)], (key) => (context.db.get(key)?.type === 'list' ? (move(context.db, source, destination, from, to) ?? undefined) : undefined), timeout);
}

/** The list commands. */
export const lists: CommandTable = {
  LPUSH: push('left', false),
  RPUSH: push('right', false),
  LPUSHX: push('left', true),
  RPUSHX: push('right', true),
  LPOP: pop('left', 'lpop'),
  RPOP: pop('right', 'rpop'),
  BLPOP: blockingPop('left'),
  BRPOP: blockingPop('right'),
  LMOVE: {
    arity: 5,
    run({ db }, args) {
      const from = endArg(arg(args, 2));
      const to = endArg(arg(args, 3));
      return move(db, arg(args, 0), arg(args, 1), from, to);
    },
  },
  RPOPLPUSH: { arity: 3, run: ({ db }, args) => move(db, arg(args, 0), arg(args, 1), 'right', 'left') },
  BLMOVE: {
    arity: 6,
    run(context, args) {
      const from = endArg(arg(args, 2));
      const to = endArg(arg(args, 3));
      return blockingMove(context, args, from, to, timeoutArg(arg(args, 4)));
    },
  },
  BRPOPLPUSH: { arity: 4, run: (context, args) => blockingMove(context, args, 'right', 'left', timeoutArg(arg(args, 2))) },
  LLEN: { arity: 2, run: ({ db }, args) => list(db, arg(args, 0))?.items.length ?? 0 },
  LRANGE: {
    arity: 4,
    run({ db }, args) {
      const start = smallIntegerArg(arg(args, 1));
      const stop = smallIntegerArg(arg(args, 2));
      const items = list(db, arg(args, 0))?.items ?? [];
      const range = clampRange(start, stop, items.length);
      return range === null ? [] : items.slice(range[0], range[1] + 1);
    },
  },
  LINDEX: {
    arity: 3,
    run({ db }, args) {
      const value = list(db, arg(args, 0));
      if (value === undefined) return null;
      const index = absolute(smallIntegerArg(arg(args, 1)), value.items.length);
      return value.items[index] ?? null;
    },
  },
  LSET: {
    arity: 4,
    run({ db }, args) {
      const key = text(arg(args, 0));
      const value = db.read(key, 'list');
      if (value === undefined) throw new ReplyError('ERR no such key');
      const index = absolute(smallIntegerArg(arg(args, 1)), value.items.length);
      if (index < 0 || index >= value.items.length) throw new ReplyError('ERR index out of range');
      value.items[index] = arg(args, 2);
      db.store(key, value);
      return ok();
    },
  },
  LREM: {
    arity: 4,
    run({ db }, args) {
      const count = smallIntegerArg(arg(args, 1));
      const key = text(arg(args, 0));
      const value = db.read(key, 'list');
      if (value === undefined) return 0;
      const target = arg(args, 2);
      const order = count < 0 ? [...value.items.keys()].reverse() : [...value.items.keys()];
      const limit = count === 0 ? Infinity : Math.abs(count);
      const removed = new Set<number>();
      for (const index of order) {
        if (removed.size >= limit) break;
        if (value.items[index]?.equals(target)) removed.add(index);
      }
      if (removed.size === 0) return 0;
      const kept = value.items.filter((_, index) => !removed.has(index));
      value.items.splice(0, value.items.length, ...kept);
      db.store(key, value);
      return removed.size;
    },
  },
  LTRIM: {
    arity: 4,
    run({ db }, args) {
      const start = smallIntegerArg(arg(args, 1));
      const stop = smallIntegerArg(arg(args, 2));
      const key = text(arg(args, 0));
      const value = db.read(key, 'list');
      if (value === undefined) return ok();
      const range = clampRange(start, stop, value.items.length);
      const kept = range === null ? [] : value.items.slice(range[0], range[1] + 1);
      value.items.splice(0, value.items.length, ...kept);
      db.store(key, value);
      return ok();
    },
  },
  LINSERT: {
    arity: 5,
    run({ db }, args) {
      const where = isWord(args[1], 'BEFORE') ? 0 : isWord(args[1], 'AFTER') ? 1 : null;
      if (where === null) throw syntaxError();
      const key = text(arg(args, 0));
      const value = db.read(key, 'list');
      if (value === undefined) return 0;
      const index = value.items.findIndex((item) => item.equals(arg(args, 2)));
      if (index < 0) return -1;
      value.items.splice(index + where, 0, arg(args, 3));
      db.store(key, value);
      return value.items.length;
    },
  },
};

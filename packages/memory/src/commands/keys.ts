import { globMatch, ReplyError } from 'aioredis-abc-kit';
import { checkCursor, matches, scanOptions } from './scan.js';
import { databases, keyBytes } from '../keyspace.js';
import { integerArg, readInteger } from '../numbers.js';
import { cString, errorOf, ok, status, syntaxError } from '../reply.js';
import { arg, isWord, text, type CommandTable } from './command.js';
import { invalidExpire } from './expiry.js';

const longMax = 2n ** 63n - 1n;
const longMin = -(2n ** 63n);

/** EXPIRE's NX, XX, GT and LT, as Redis parses and checks them. */
function expireFlags(words: readonly Buffer[]): ReadonlySet<string> {
  const flags = new Set<string>();
  for (const word of words) {
    const flag = text(word).toUpperCase();
    if (!['NX', 'XX', 'GT', 'LT'].includes(flag)) throw errorOf(Buffer.concat([Buffer.from('ERR Unsupported option '), cString(word)]));
    flags.add(flag);
  }
  if (flags.has('NX') && (flags.has('XX') || flags.has('GT') || flags.has('LT'))) {
    throw new ReplyError('ERR NX and XX, GT or LT options at the same time are not compatible');
  }
  if (flags.has('GT') && flags.has('LT')) throw new ReplyError('ERR GT and LT options at the same time are not compatible');
  return flags;
}

/** EXPIRE, PEXPIRE, EXPIREAT and PEXPIREAT: the time in seconds or milliseconds, from now or since the epoch. */
function expireCommand(command: string, unit: 's' | 'ms', absolute: boolean): CommandTable[string] {
  return {
    arity: -3,
    run({ db }, args) {
      const flags = expireFlags(args.slice(2));
      let when = integerArg(arg(args, 1));
      if (unit === 's') {
        if (when > longMax / 1000n || when < longMin / 1000n) throw invalidExpire(command);
        when *= 1000n;
      }
      const base = absolute ? 0n : BigInt(db.now());
      if (when > longMax - base) throw invalidExpire(command);
      when += base;
      const key = text(arg(args, 0));
      const current = db.expiresAt(key);
      if (current === undefined) return 0;
      if (flags.has('NX') && current !== null) return 0;
      if (flags.has('XX') && current === null) return 0;
      if (flags.has('GT') && (current === null || when <= BigInt(current))) return 0;
      if (flags.has('LT') && current !== null && when >= BigInt(current)) return 0;
      db.expire(key, Number(when));
      return 1;
    },
  };
}

/** TTL, PTTL, EXPIRETIME and PEXPIRETIME: -2 for a missing key, -1 for one with no expiry. */
function ttlCommand(unit: 's' | 'ms', absolute: boolean): CommandTable[string] {
  return {
    arity: 2,
    run({ db }, args) {
      const at = db.expiresAt(text(arg(args, 0)));
      if (at === undefined) return -2;
      if (at === null) return -1;
      const ms = Math.max(absolute ? at : at - db.now(), 0);
      return unit === 'ms' ? ms : Math.floor((ms + 500) / 1000);
    },
  };
}

/** RENAME and RENAMENX: the value and its expiry move to the new name. */
function renameCommand(onlyNew: boolean): CommandTable[string] {
  return {
    arity: 3,
    run({ db }, args) {
      const [from, to] = [text(arg(args, 0)), text(arg(args, 1))];
      const value = db.get(from);
      if (value === undefined) throw new ReplyError('ERR no such key');
      if (from === to) return onlyNew ? 0 : ok();
      const expiresAt = db.expiresAt(from) ?? null;
      if (db.has(to)) {
        if (onlyNew) return 0;
        db.delete(to);
      }
      db.set(to, value);
      if (expiresAt !== null) db.expire(to, expiresAt);
      db.delete(from);
      return onlyNew ? 1 : ok();
    },
  };
}

/** FLUSHDB's and FLUSHALL's one optional word. */
function checkFlushMode(args: readonly Buffer[]): void {
  if (args.length > 1 || (args.length === 1 && !isWord(args[0], 'ASYNC') && !isWord(args[0], 'SYNC'))) throw syntaxError();
}

/** The commands on keys of any type, and on whole databases. */
export const keys: CommandTable = {
  DEL: { arity: -2, run: ({ db }, args) => args.filter((key) => db.delete(text(key))).length },
  UNLINK: { arity: -2, run: ({ db }, args) => args.filter((key) => db.delete(text(key))).length },
  TOUCH: { arity: -2, run: ({ db }, args) => args.filter((key) => db.has(text(key))).length },
  EXISTS: { arity: -2, run: ({ db }, args) => args.filter((key) => db.has(text(key))).length },
  EXPIRE: expireCommand('expire', 's', false),
  PEXPIRE: expireCommand('pexpire', 'ms', false),
  EXPIREAT: expireCommand('expireat', 's', true),
  PEXPIREAT: expireCommand('pexpireat', 'ms', true),
  TTL: ttlCommand('s', false),
  PTTL: ttlCommand('ms', false),
  EXPIRETIME: ttlCommand('s', true),
  PEXPIRETIME: ttlCommand('ms', true),
  PERSIST: {
    arity: 2,
    run({ db }, args) {
      const key = text(arg(args, 0));
      const at = db.expiresAt(key);
      if (at === null || at === undefined) return 0;
      db.expire(key, null);
      return 1;
    },
  },
  TYPE: { arity: 2, run: ({ db }, args) => status(db.get(text(arg(args, 0)))?.type ?? 'none') },
  RENAME: renameCommand(false),
  RENAMENX: renameCommand(true),
  KEYS: {
    arity: 2,
    run({ db }, args) {
      const pattern = text(arg(args, 0));
      return db.keys(false).filter((key) => globMatch(pattern, key)).map(keyBytes);
    },
  },
  SCAN: {
    arity: -2,
    note: 'every match in one call, with cursor 0 back (as Redis does for a small database); COUNT is checked, and a hint',
    run({ db }, args) {
      checkCursor(arg(args, 0));
      const options = scanOptions(args.slice(1), true);
      const found = db
        .storedKeys()
        .filter((key) => matches(options, key))
        .filter((key) => {
          const value = db.get(key);
          return value !== undefined && (options.type === null || value.type === options.type);
        });
      return [Buffer.from('0'), found.map(keyBytes)];
    },
  },
  DBSIZE: { arity: 1, run: ({ db }) => db.size },
  FLUSHDB: {
    arity: -1,
    run({ db }, args) {
      checkFlushMode(args);
      db.flush();
      return ok();
    },
  },
  FLUSHALL: {
    arity: -1,
    run(context, args) {
      checkFlushMode(args);
      context.flushAll();
      return ok();
    },
  },
  SELECT: {
    arity: 2,
    run(context, args) {
      const index = readInteger(arg(args, 0));
      if (index === null || index > 2n ** 31n - 1n || index < -(2n ** 31n)) throw new ReplyError('ERR value is not an integer or out of range');
      if (index < 0n || index >= BigInt(databases)) throw new ReplyError('ERR DB index is out of range');
      context.select(Number(index));
      return ok();
    },
  },
};

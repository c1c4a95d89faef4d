import { globMatch, ReplyError } from 'aioredis-abc-kit';
import type { Database, ValueOf, ValueType } from '../keyspace.js';
import { integerArg } from '../numbers.js';
import { syntaxError, type RawReply } from '../reply.js';
import { arg, isWord, text, type Command } from './command.js';

/** The options of SCAN and its key forms: a pattern, and a type for SCAN. */
export interface ScanOptions {
  readonly pattern: string | null;
  readonly type: string | null;
}

/** A cursor as C's `strtoul` reads it, or `ERR invalid cursor`. */
export function checkCursor(cursor: Buffer): void {
  const value = text(cursor);
  if (!/^([+-]?[0-9]+)?$/.test(value) || (value !== '' && BigInt(value.replace(/^[+-]/, '')) > 2n ** 64n - 1n)) {
    throw new ReplyError('ERR invalid cursor');
  }
}

/** Parses MATCH, COUNT and (for SCAN only) TYPE, as Redis does: COUNT below 1, an unknown word or a missing value is `ERR syntax error`. */
export function scanOptions(words: readonly Buffer[], allowType: boolean): ScanOptions {
  let pattern: string | null = null;
  let type: string | null = null;
  for (let i = 0; i < words.length; i += 2) {
    const value = words[i + 1];
    if (value === undefined) throw syntaxError();
    if (isWord(words[i], 'COUNT')) {
      if (integerArg(value) < 1n) throw syntaxError();
    } else if (isWord(words[i], 'MATCH')) pattern = text(value);
    else if (allowType && isWord(words[i], 'TYPE')) type = text(value).toLowerCase();
    else throw syntaxError();
  }
  return { pattern, type };
}

/** Whether a name passes the MATCH pattern. */
export function matches(options: ScanOptions, name: string): boolean {
  return options.pattern === null || globMatch(options.pattern, name);
}

/**
 * HSCAN, SSCAN and ZSCAN: the whole collection in one reply with cursor 0,
 * as Redis answers for a small one. The cursor is read first, then the key,
 * then the options.
 */
export function keyScan<T extends ValueType>(type: T, entries: (value: ValueOf<T>, options: ScanOptions) => RawReply[]): Command {
  return {
    arity: -3,
    note: 'the whole collection in one call, with cursor 0 back, as Redis does for a small one',
    run({ db }: { readonly db: Database }, args: readonly Buffer[]) {
      checkCursor(arg(args, 1));
      const value = db.read(text(arg(args, 0)), type);
      if (value === undefined) return [Buffer.from('0'), []];
      const options = scanOptions(args.slice(2), false);
      return [Buffer.from('0'), entries(value, options)];
    },
  };
}

import { ReplyError } from 'aioredis-abc-kit';
import type { Database } from '../keyspace.js';
import { integerArg, readInteger } from '../numbers.js';
import { syntaxError } from '../reply.js';
import { arg, isWord, text, type CommandTable } from './command.js';
import { strings } from './strings.js';

/** Redis's error for a bit offset. */
const badOffset = (): ReplyError => new ReplyError('ERR bit offset is not an integer or out of range');

/** A bit offset as GETBIT and SETBIT read it: below 512 MB's worth of bits (Redis's `proto-max-bulk-len`). */
function offsetArg(bytes: Buffer): number {
  const offset = readInteger(bytes);
  if (offset === null || offset < 0n || offset >> 3n >= 536_870_912n) throw badOffset();
  return Number(offset);
}

/** The string at `key`'s bytes, `undefined` when missing; `WRONGTYPE` for another type. */
function stringAt(db: Database, key: Buffer): Buffer | undefined {
  return db.read(text(key), 'string')?.bytes;
}

/** How many bits are set in `bytes`. */
function popcount(bytes: Buffer): number {
  let count = 0;
  for (let byte of bytes) {
    for (; byte > 0; byte &= byte - 1) count += 1;
  }
  return count;
}

/** BITCOUNT's range, in bytes or bits, as Redis clamps it; `null` when empty. */
function bitRange(args: readonly Buffer[], length: number): { start: number; end: number; bits: boolean } | null {
  let start = integerArg(arg(args, 1));
  let end = integerArg(arg(args, 2));
  const unit = args[3];
  if (unit !== undefined && !isWord(unit, 'BIT') && !isWord(unit, 'BYTE')) throw syntaxError();
  const bits = unit !== undefined && isWord(unit, 'BIT');
  const total = BigInt(bits ? length * 8 : length);
  if (start < 0n && end < 0n && start > end) return null;
  if (start < 0n) start += total;
  if (end < 0n) end += total;
  if (start < 0n) start = 0n;
  if (end < 0n) end = 0n;
  if (end >= total) end = total - 1n;
  return start > end ? null : { start: Number(start), end: Number(end), bits };
}

/** BITCOUNT over a range: whole bytes, less the bits outside a BIT range at either edge. */
function countRange(bytes: Buffer, range: { start: number; end: number; bits: boolean }): number {
  if (!range.bits) return popcount(bytes.subarray(range.start, range.end + 1));
  let count = 0;
  for (let bit = range.start; bit <= range.end; bit += 1) count += ((bytes[bit >> 3] ?? 0) >> (7 - (bit & 7))) & 1;
  return count;
}

/** GETRANGE, which SUBSTR is another name of. */
const getrange = strings['GETRANGE'];
if (getrange === undefined) throw new Error('the strings table has no GETRANGE for SUBSTR to share');

/** The string commands the double adds to its first ones: bits, and SUBSTR (GETRANGE's old name). */
export const stringExtras: CommandTable = {
  GETBIT: {
    arity: 3,
    run({ db }, args) {
      const offset = offsetArg(arg(args, 1));
      const bytes = stringAt(db, arg(args, 0));
      if (bytes === undefined) return 0;
      return ((bytes[offset >> 3] ?? 0) >> (7 - (offset & 7))) & 1;
    },
  },
  SETBIT: {
    arity: 4,
    run({ db }, args) {
      const offset = offsetArg(arg(args, 1));
      const on = readInteger(arg(args, 2));
      if (on === null || (on !== 0n && on !== 1n)) throw new ReplyError('ERR bit is not an integer or out of range');
      const key = text(arg(args, 0));
      const old = stringAt(db, arg(args, 0)) ?? Buffer.alloc(0);
      const bytes = Buffer.alloc(Math.max(old.length, (offset >> 3) + 1));
      old.copy(bytes);
      const mask = 1 << (7 - (offset & 7));
      const previous = ((bytes[offset >> 3] ?? 0) & mask) === 0 ? 0 : 1;
      bytes[offset >> 3] = on === 1n ? (bytes[offset >> 3] ?? 0) | mask : (bytes[offset >> 3] ?? 0) & ~mask;
      db.set(key, { type: 'string', bytes }, true);
      return previous;
    },
  },
  BITCOUNT: {
    arity: -2,
    run({ db }, args) {
      const bytes = stringAt(db, arg(args, 0));
      if (bytes === undefined) return 0;
      if (args.length === 1) return popcount(bytes);
      if (args.length !== 3 && args.length !== 4) throw syntaxError();
      const range = bitRange(args, bytes.length);
      return range === null ? 0 : countRange(bytes, range);
    },
  },
  SUBSTR: getrange,
};

import { ReplyError } from 'aioredis-abc-kit';
import { integerArg } from '../numbers.js';
import { syntaxError, type RawReply } from '../reply.js';
import { arg, isWord, text, type CommandTable } from './command.js';
import { popFrom } from './lists.js';
import { signedCount } from './random.js';

/** A non-negative count, refused with `message` when it is not one (Redis's `getPositiveLongFromObjectOrReply`). */
function positive(bytes: Buffer, message: string): bigint {
  const value = integerArg(bytes, () => new ReplyError(`ERR ${message}`));
  if (value < 0n) throw new ReplyError(`ERR ${message}`);
  return value;
}

/** LPOS's options: RANK, COUNT (-1 when not given) and MAXLEN. */
function lposOptions(args: readonly Buffer[]): { rank: bigint; count: bigint; maxlen: bigint } {
  const options = { rank: 1n, count: -1n, maxlen: 0n };
  for (let index = 2; index < args.length; index += 1) {
    const more = index + 1 < args.length;
    if (isWord(args[index], 'RANK') && more) {
      options.rank = signedCount(arg(args, ++index));
      if (options.rank === 0n) throw new ReplyError("ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list");
    } else if (isWord(args[index], 'COUNT') && more) options.count = positive(arg(args, ++index), "COUNT can't be negative");
    else if (isWord(args[index], 'MAXLEN') && more) options.maxlen = positive(arg(args, ++index), "MAXLEN can't be negative");
    else throw syntaxError();
  }
  return options;
}

/** The count a value in Redis's `1..LONG_MAX`, refused with `message`. */
function atLeastOne(bytes: Buffer, message: string): bigint {
  const value = integerArg(bytes, () => new ReplyError(`ERR ${message}`));
  if (value < 1n) throw new ReplyError(`ERR ${message}`);
  return value;
}

/** The list commands the double adds to its first ones: LPOS and LMPOP. */
export const listExtras: CommandTable = {
  LPOS: {
    arity: -3,
    run({ db }, args): RawReply {
      const { rank, count, maxlen } = lposOptions(args);
      const items = db.read(text(arg(args, 0)), 'list')?.items;
      if (items === undefined) return count === -1n ? null : [];
      const order = rank < 0n ? [...items.keys()].reverse() : [...items.keys()];
      const found: number[] = [];
      let matches = 0n;
      for (const [scanned, index] of order.entries()) {
        if (maxlen > 0n && BigInt(scanned) >= maxlen) break;
        if (!items[index]?.equals(arg(args, 1))) continue;
        matches += 1n;
        if (matches < (rank < 0n ? -rank : rank)) continue;
        found.push(index);
        if (count === -1n || (count > 0n && BigInt(found.length) >= count)) break;
      }
      if (count !== -1n) return found;
      return found[0] ?? null;
    },
  },
  LMPOP: {
    arity: -4,
    run({ db }, args): RawReply {
      const numkeys = atLeastOne(arg(args, 0), 'numkeys should be greater than 0');
      if (numkeys + 1n >= BigInt(args.length)) throw syntaxError();
      const keys = Number(numkeys);
      const where = arg(args, keys + 1);
      if (!isWord(where, 'LEFT') && !isWord(where, 'RIGHT')) throw syntaxError();
      let count = -1n;
      for (let index = keys + 2; index < args.length; index += 1) {
        if (count === -1n && isWord(args[index], 'COUNT') && index + 1 < args.length) count = atLeastOne(arg(args, ++index), 'count should be greater than 0');
        else throw syntaxError();
      }
      for (const key of args.slice(1, keys + 1)) {
        const value = db.read(text(key), 'list');
        if (value === undefined) continue;
        const popped: Buffer[] = [];
        while (BigInt(popped.length) < (count === -1n ? 1n : count) && value.items.length > 0) {
          const item = popFrom(db, text(key), value, isWord(where, 'LEFT') ? 'left' : 'right');
          if (item !== undefined) popped.push(item);
        }
        return [key, popped];
      }
      return null;
    },
  },
};

import { ReplyError } from 'aioredis-abc-kit';
import { syntaxError, type RawReply } from '../reply.js';
import { arg, bytesOf, isWord, text, type CommandTable } from './command.js';
import { randomPick, signedCount } from './random.js';

/** The hash commands the double adds to its first ones: HRANDFIELD, whose fields are any Redis could give. */
export const hashExtras: CommandTable = {
  HRANDFIELD: {
    arity: -2,
    note: "random fields, any Redis could give",
    run({ db }, args): RawReply {
      const count = args[1] === undefined ? null : signedCount(args[1]);
      if (args.length > 3 || (args.length === 3 && !isWord(args[2], 'WITHVALUES'))) throw syntaxError();
      const withValues = args.length === 3;
      if (withValues && count !== null && (count < -(2n ** 62n - 1n) || count > 2n ** 62n - 1n)) throw new ReplyError('ERR value is out of range');
      const fields = [...(db.read(text(arg(args, 0)), 'hash')?.fields ?? [])];
      if (count === null) return fields.length === 0 ? null : bytesOf(randomPick(fields, 1n)[0]?.[0] ?? '');
      return randomPick(fields, count).flatMap(([field, value]) => (withValues ? [bytesOf(field), value] : [bytesOf(field)]));
    },
  },
};

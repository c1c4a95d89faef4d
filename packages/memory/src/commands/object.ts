import { ReplyError } from 'aioredis-abc-kit';
import { redisSubcommands } from '../redis-subcommands.js';
import { notRun } from '../refusal.js';
import { arg, text, type CommandTable } from './command.js';
import { helpReply } from './stream-groups.js';

/** OBJECT HELP's lines, as Redis 7.0 words them. */
const objectHelp = [
  'ENCODING <key>',
  '    Return the kind of internal representation used in order to store the value',
  '    associated with a <key>.',
  'FREQ <key>',
  '    Return the access frequency index of the <key>. The returned integer is',
  '    proportional to the logarithm of the recent access frequency of the key.',
  'IDLETIME <key>',
  '    Return the idle time of the <key>, that is the approximated number of',
  '    seconds elapsed since the last access to the key.',
  'REFCOUNT <key>',
  '    Return the number of references of the value associated with the specified',
  '    <key>.',
];

/** OBJECT: null for a missing key, FREQ's error under the default `noeviction` policy, and HELP; what the double does not model (encodings, idle times, shared objects) is its refusal. */
export const object: CommandTable = {
  OBJECT: {
    arity: -2,
    subcommands: redisSubcommands.OBJECT,
    note: "`HELP`, null for a missing key, and `FREQ`'s error under the default `noeviction` policy, as Redis 7.0; `ENCODING`, `IDLETIME` and `REFCOUNT` of a key are refused in the double's words, as it keeps no encodings, access times or shared objects",
    run({ db }, args) {
      const sub = text(arg(args, 0)).toUpperCase();
      if (sub === 'HELP') return helpReply('OBJECT', objectHelp);
      if (db.get(text(arg(args, 1))) === undefined) return null;
      if (sub === 'FREQ') {
        throw new ReplyError('ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.');
      }
      throw notRun(`OBJECT ${sub}`);
    },
  },
};

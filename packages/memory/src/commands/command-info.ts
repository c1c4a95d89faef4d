import { globMatch } from 'aioredis-abc-kit';
import { syntaxError, type RawReply } from '../reply.js';
import { redisCommands, redisSubcommands } from '../redis-subcommands.js';
import { notRun } from '../refusal.js';
import { arg, isWord, text, type CommandTable } from './command.js';
import { helpReply } from './stream-groups.js';

/** COMMAND HELP's lines, as Redis 7.0 words them. */
const commandHelp = [
  '(no subcommand)',
  '    Return details about all Redis commands.',
  'COUNT',
  '    Return the total number of commands in this Redis server.',
  'LIST',
  '    Return a list of all commands in this Redis server.',
  'INFO [<command-name> ...]',
  '    Return details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'DOCS [<command-name> ...]',
  '    Return documentation details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'GETKEYS <full-command>',
  '    Return the keys from a full Redis command.',
  'GETKEYSANDFLAGS <full-command>',
  '    Return the keys and the access flags from a full Redis command.',
];

/** Every Redis 7.0 command's name and every subcommand's (`config|get`), lower case, as COMMAND LIST gives them. */
function names(): string[] {
  const subcommands = Object.entries(redisSubcommands).flatMap(([name, subs]) => Object.keys(subs).map((sub) => `${name}|${sub}`.toLowerCase()));
  return [...redisCommands.map((name) => name.toLowerCase()), ...subcommands];
}

/** COMMAND LIST, whole or FILTERBY PATTERN or MODULE (there are none); FILTERBY ACLCAT is the double's refusal. */
function list(args: readonly Buffer[]): RawReply {
  if (args.length === 0) return names().map((name) => Buffer.from(name));
  if (args.length !== 3 || !isWord(args[0], 'FILTERBY')) throw syntaxError();
  const value = text(arg(args, 2));
  if (isWord(args[1], 'MODULE')) return [];
  if (isWord(args[1], 'PATTERN')) return names().filter((name) => globMatch(value.toLowerCase(), name)).map((name) => Buffer.from(name));
  if (isWord(args[1], 'ACLCAT')) throw notRun('COMMAND LIST FILTERBY ACLCAT');
  throw syntaxError();
}

/** COMMAND: COUNT and LIST of Redis 7.0's commands, and HELP; the command table itself (COMMAND, INFO, DOCS, GETKEYS) is the double's refusal. */
export const commandInfo: CommandTable = {
  COMMAND: {
    arity: -1,
    subcommands: redisSubcommands.COMMAND,
    note: "`COUNT`, `LIST` and `HELP` as Redis 7.0; the details of each command (`COMMAND` alone, `INFO`, `DOCS`, `GETKEYS`, `GETKEYSANDFLAGS`, and `LIST FILTERBY ACLCAT`) are refused in the double's words",
    run(_context, args) {
      const sub = args[0] === undefined ? '' : text(args[0]).toUpperCase();
      if (sub === 'HELP') return helpReply('COMMAND', commandHelp);
      if (sub === 'COUNT') return redisCommands.length;
      if (sub === 'LIST') return list(args.slice(1));
      throw notRun(sub === '' ? 'COMMAND without a subcommand' : `COMMAND ${sub}`);
    },
  },
};

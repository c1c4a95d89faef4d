import { ReplyError } from 'aioredis-abc-kit';
import { ok, type RawReply } from '../reply.js';
import { arg, isWord, text, type Command, type CommandTable, type Context } from './command.js';
import { fits, keysAndArgs, luaNote, scriptCaller } from './scripting.js';

/** FUNCTION LOAD's options before the code: REPLACE, any number of times. */
function loadFunction(context: Context, args: readonly Buffer[]): RawReply {
  const options = args.slice(1, -1);
  for (const option of options) {
    if (!isWord(option, 'REPLACE')) throw new ReplyError(`ERR Unknown option given: ${text(option)}`);
  }
  return Buffer.from(context.functions.load(arg(args, args.length - 1), options.length > 0));
}

/** FUNCTION LIST's options: WITHCODE and LIBRARYNAME <pattern>, each at most once. */
function listFunctions(context: Context, args: readonly Buffer[]): RawReply {
  let withCode = false;
  let pattern: string | null = null;
  for (let i = 1; i < args.length; i += 1) {
    const word = text(arg(args, i));
    if (word.toUpperCase() === 'WITHCODE' && !withCode) withCode = true;
    else if (word.toUpperCase() === 'LIBRARYNAME' && pattern === null) {
      const given = args[i + 1];
      if (given === undefined) throw new ReplyError('ERR library name argument was not given');
      pattern = text(given);
      i += 1;
    } else throw new ReplyError(`ERR Unknown argument ${word}`);
  }
  return context.functions.list(pattern, withCode);
}

/** FUNCTION's subcommands, by upper-case name, with their arity (the subcommand's own words counted, as Redis counts `function|load`). */
const functionSubcommands: Readonly<Record<string, { readonly arity: number; run(context: Context, args: readonly Buffer[]): RawReply }>> = {
  LOAD: { arity: -3, run: loadFunction },
  LIST: { arity: -2, run: listFunctions },
  DELETE: { arity: 3, run: (context, args) => (context.functions.delete(text(arg(args, 1))), ok()) },
  FLUSH: {
    arity: -2,
    run(context, args) {
      if (args.length > 2 || (args.length === 2 && !isWord(args[1], 'ASYNC') && !isWord(args[1], 'SYNC'))) {
        throw new ReplyError('ERR FUNCTION FLUSH only supports SYNC|ASYNC option');
      }
      context.functions.flush();
      return ok();
    },
  },
  KILL: {
    arity: 2,
    run() {
      throw new ReplyError('NOTBUSY No scripts in execution right now.');
    },
  },
};

/** FCALL and FCALL_RO: a function FUNCTION LOAD registered, read-only when it says `no-writes` or the command is FCALL_RO. */
function fcall(readOnly: boolean): Command {
  return {
    arity: -3,
    note: luaNote,
    run(context, args): RawReply {
      const name = text(arg(args, 0));
      const found = context.functions.find(name);
      if (found === undefined) throw new ReplyError('ERR Function not found');
      const { keys, argv } = keysAndArgs(args, () => new ReplyError('ERR Bad number of keys provided'));
      const noWrites = found.flags.includes('no-writes');
      if (readOnly && !noWrites) throw new ReplyError('ERR Can not execute a script with write flag using *_ro command.');
      return context.functions.call(name, keys, argv, scriptCaller(context, readOnly || noWrites));
    },
  };
}

/** Functions, as Redis 7.0 runs them: FUNCTION LOAD, LIST, DELETE, FLUSH and KILL, FCALL and FCALL_RO. */
export const functions: CommandTable = {
  FUNCTION: {
    arity: -2,
    note: 'LIST gives libraries and functions in the order they were loaded; Redis gives its hash tables\' order',
    refuse(args) {
      const word = text(arg(args, 0));
      const subcommand = functionSubcommands[word.toUpperCase()];
      if (subcommand === undefined) return new ReplyError(`ERR unknown subcommand '${word}'. Try FUNCTION HELP.`);
      return fits(subcommand.arity, args.length + 1) ? null : new ReplyError(`ERR wrong number of arguments for 'function|${word.toLowerCase()}' command`);
    },
    run(context, args) {
      const subcommand = functionSubcommands[text(arg(args, 0)).toUpperCase()];
      if (subcommand === undefined) throw new Error('FUNCTION ran a subcommand its refuse() let through');
      return subcommand.run(context, args);
    },
  },
  FCALL: fcall(false),
  FCALL_RO: fcall(true),
};

import { exists, hasFlag } from '@ioredis/commands';
import { ReplyError } from 'aioredis-abc-kit';
import { integerArg } from '../numbers.js';
import { ok, type RawReply } from '../reply.js';
import type { CallCommand } from '../scripting/call.js';
import { arg, isWord, text, type Command, type CommandTable, type Context } from './command.js';

/** What the README says beside the commands that run Lua: where a script can still tell the double's Lua from Redis's. */
export const luaNote =
  "Lua 5.3 (fengari) made to behave as Redis's 5.1; a script can still tell: `pairs` and the maps cjson and cmsgpack make of several keys follow fengari's order, `redis.setresp(3)` is refused in the double's words";

/** Whether Redis refuses the command inside a script: flagged `noscript`, or blocking (the stream reads aside). */
function notForScripts(name: string): boolean {
  const lower = name.toLowerCase();
  if (!exists(lower)) return false;
  return hasFlag(lower, 'noscript') || (hasFlag(lower, 'blocking') && !lower.startsWith('xread'));
}

/** Whether `args` (the name counted) fit Redis's `arity`. */
export function fits(arity: number, count: number): boolean {
  return arity >= 0 ? count === arity : count >= -arity;
}

/** The command a script calls, or the error Redis 7.0 gives the script instead, in Redis's order of checks. */
function lookup(context: Context, name: string, count: number, readOnly: boolean): Command | ReplyError {
  const command = context.command(name);
  if (command === undefined && !notForScripts(name)) return new ReplyError('ERR Unknown Redis command called from script');
  if (command !== undefined && !fits(command.arity, count)) return new ReplyError('ERR Wrong number of args calling Redis command from script');
  if (command === undefined || notForScripts(name)) return new ReplyError('ERR This Redis command is not allowed from script');
  if (readOnly && exists(name.toLowerCase()) && hasFlag(name.toLowerCase(), 'write')) return new ReplyError('ERR Write commands are not allowed from read-only scripts.');
  return command;
}

/** What runs a script's commands: on the caller's database (a SELECT lasts until the script ends), each answering at once as inside EXEC. */
export function scriptCaller(context: Context, readOnly: boolean): CallCommand {
  let db = context.db;
  const inScript: Context = { ...context, inExec: true, select: (index) => (db = context.database(index)) };
  Object.defineProperty(inScript, 'db', { get: () => db });
  return (args) => {
    const name = text(arg(args, 0)).toUpperCase();
    const command = lookup(context, name, args.length, readOnly);
    if (command instanceof ReplyError) return command;
    try {
      const reply = command.run(inScript, args.slice(1));
      if (reply instanceof Promise) throw new Error(`${name} did not answer at once inside a script`);
      return reply;
    } catch (error) {
      if (error instanceof ReplyError) return error;
      throw error;
    }
  };
}

/** The keys and arguments after EVAL's or FCALL's `numkeys`, checked as Redis 7.0 checks them; `notInteger` is the error for a `numkeys` that is not one. */
export function keysAndArgs(args: readonly Buffer[], notInteger?: () => ReplyError): { readonly keys: Buffer[]; readonly argv: Buffer[] } {
  const count = integerArg(arg(args, 1), notInteger);
  if (count > BigInt(args.length - 2)) throw new ReplyError("ERR Number of keys can't be greater than number of args");
  if (count < 0n) throw new ReplyError("ERR Number of keys can't be negative");
  return { keys: args.slice(2, 2 + Number(count)), argv: args.slice(2 + Number(count)) };
}

/** EVAL, EVALSHA and their read-only forms: `bySha` finds the script by SHA-1, else compiles the body. */
function evalCommand(bySha: boolean, readOnly: boolean): Command {
  return {
    arity: -3,
    note: luaNote,
    run(context, args): RawReply {
      const { keys, argv } = keysAndArgs(args);
      const given = arg(args, 0);
      const sha = bySha ? text(given) : context.scripts.load(given);
      const flags = context.scripts.flagsOf(sha);
      if (flags === undefined) throw new ReplyError('NOSCRIPT No matching script. Please use EVAL.');
      if (readOnly && flags.shebang && !flags.noWrites) throw new ReplyError('ERR Can not execute a script with write flag using *_ro command.');
      return context.scripts.run(sha, keys, argv, scriptCaller(context, readOnly || flags.noWrites));
    },
  };
}

/** SCRIPT's subcommands, by upper-case name, with their arity (the subcommand's own words counted, as Redis counts `script|load`). */
const scriptSubcommands: Readonly<Record<string, { readonly arity: number; run(context: Context, args: readonly Buffer[]): RawReply }>> = {
  LOAD: { arity: 3, run: (context, args) => Buffer.from(context.scripts.load(arg(args, 1))) },
  EXISTS: { arity: -3, run: (context, args) => args.slice(1).map((sha) => (context.scripts.flagsOf(text(sha)) === undefined ? 0 : 1)) },
  FLUSH: {
    arity: -2,
    run(context, args) {
      if (args.length > 2 || (args.length === 2 && !isWord(args[1], 'ASYNC') && !isWord(args[1], 'SYNC'))) {
        throw new ReplyError('ERR SCRIPT FLUSH only support SYNC|ASYNC option');
      }
      context.scripts.flush();
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

/** Scripts, as Redis 7.0 runs them: EVAL, EVALSHA, their read-only forms, and SCRIPT LOAD, EXISTS, FLUSH and KILL. */
export const scripting: CommandTable = {
  EVAL: evalCommand(false, false),
  EVALSHA: evalCommand(true, false),
  EVAL_RO: evalCommand(false, true),
  EVALSHA_RO: evalCommand(true, true),
  SCRIPT: {
    arity: -2,
    refuse(args) {
      const word = text(arg(args, 0));
      const subcommand = scriptSubcommands[word.toUpperCase()];
      if (subcommand === undefined) return new ReplyError(`ERR unknown subcommand '${word}'. Try SCRIPT HELP.`);
      return fits(subcommand.arity, args.length + 1) ? null : new ReplyError(`ERR wrong number of arguments for 'script|${word.toLowerCase()}' command`);
    },
    run(context, args) {
      const subcommand = scriptSubcommands[text(arg(args, 0)).toUpperCase()];
      if (subcommand === undefined) throw new Error('SCRIPT ran a subcommand its refuse() let through');
      return subcommand.run(context, args);
    },
  },
};

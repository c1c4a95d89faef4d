import { globMatch, ReplyError } from 'aioredis-abc-kit';
import { ok, syntaxError, type RawReply } from '../reply.js';
import { redisConfig } from '../redis-config.js';
import { redisSubcommands } from '../redis-subcommands.js';
import { notRun } from '../refusal.js';
import { arg, text, type CommandTable } from './command.js';
import { helpReply } from './stream-groups.js';

/** CONFIG HELP's lines, as Redis 7.0 words them. */
const configHelp = [
  'GET <pattern>',
  '    Return parameters matching the glob-like <pattern> and their values.',
  'SET <directive> <value>',
  '    Set the configuration <directive> to <value>.',
  'RESETSTAT',
  '    Reset statistics reported by the INFO command.',
  'REWRITE',
  '    Rewrite the configuration file.',
];

/** Every parameter and its value, by lower-case name: Redis 7.0's, as a server that listens on no port; `dir` is the process's working directory. */
function parameters(): Map<string, string> {
  return new Map([...redisConfig, ['dir', process.cwd()]]);
}

/** CONFIG GET: each parameter named, or matching a glob (case ignored), once, as name and value; in no set order, as in Redis. */
function get(words: readonly Buffer[]): RawReply {
  const all = parameters();
  const found = new Map<string, [string, string]>();
  for (const word of words.map(text)) {
    if (!/[[*?]/.test(word)) {
      const value = all.get(word.toLowerCase());
      if (value !== undefined && !found.has(word.toLowerCase())) found.set(word.toLowerCase(), [word, value]);
      continue;
    }
    for (const [name, value] of all) {
      if (!found.has(name) && globMatch(word.toLowerCase(), name)) found.set(name, [name, value]);
    }
  }
  return [...found.values()].flatMap(([name, value]) => [Buffer.from(name, 'latin1'), Buffer.from(value)]);
}

/** CONFIG SET: an unknown parameter as Redis refuses it; any known one is the double's refusal, as it keeps no configuration. */
function set(words: readonly Buffer[]): never {
  if (words.length % 2 === 1) throw syntaxError();
  const all = parameters();
  for (let index = 0; index < words.length; index += 2) {
    const name = text(arg(words, index));
    if (!all.has(name.toLowerCase())) throw new ReplyError(`ERR Unknown option or number of arguments for CONFIG SET - '${name}'`);
  }
  throw notRun('CONFIG SET');
}

/** CONFIG: GET from Redis 7.0's own parameters, RESETSTAT, REWRITE and HELP as a server without a config file; SET is the double's refusal. */
export const config: CommandTable = {
  CONFIG: {
    arity: -2,
    subcommands: redisSubcommands.CONFIG,
    note: "`GET` answers Redis 7.0's parameters as a server listening on no port (a hidden one, which Redis gives only by its exact name, is not there); `SET` of a parameter Redis has is refused in the double's words",
    run(_context, args) {
      const sub = text(arg(args, 0)).toUpperCase();
      if (sub === 'HELP') return helpReply('CONFIG', configHelp);
      if (sub === 'GET') return get(args.slice(1));
      if (sub === 'SET') return set(args.slice(1));
      if (sub === 'RESETSTAT') return ok();
      throw new ReplyError('ERR The server is running without a config file');
    },
  },
};

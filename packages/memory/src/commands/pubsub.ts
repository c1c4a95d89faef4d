import { globMatch, ReplyError } from 'aioredis-abc-kit';
import { wrongArity, type RawReply } from '../reply.js';
import { arg, bytesOf, text, type CommandTable, type Context, type Subscriber } from './command.js';

/** What `PUBSUB HELP` answers, line by line, as Redis 7.0 words it. */
const help = [
  'PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'CHANNELS [<pattern>]',
  "    Return the currently active channels matching a <pattern> (default: '*').",
  'NUMPAT',
  '    Return number of subscriptions to patterns.',
  'NUMSUB [<channel> ...]',
  '    Return the number of subscribers for the specified channels, excluding',
  '    pattern subscriptions(default: no channels).',
  'SHARDCHANNELS [<pattern>]',
  "    Return the currently active shard level channels matching a <pattern> (default: '*').",
  'SHARDNUMSUB [<shardchannel> ...]',
  '    Return the number of subscribers for the specified shard level channel(s)',
  'HELP',
  '    Prints this help.',
];

/** The names some connection subscribes to, each once, in the order first met, that match `pattern` if given. */
function active(subscribers: readonly Subscriber[], of: 'channels' | 'shards', pattern: Buffer | undefined): Buffer[] {
  const names = new Set(subscribers.flatMap((subscriber) => subscriber[of]));
  const glob = pattern === undefined ? undefined : text(pattern);
  return [...names].filter((name) => glob === undefined || globMatch(glob, name)).map(bytesOf);
}

/** Each name followed by how many connections subscribe to it. */
function counts(subscribers: readonly Subscriber[], of: 'channels' | 'shards', names: readonly Buffer[]): RawReply[] {
  return names.flatMap((name) => [name, subscribers.filter((subscriber) => subscriber[of].includes(text(name))).length]);
}

/** `CHANNELS` and `SHARDCHANNELS`: at most one pattern, with Redis's own error past it. */
function listing(context: Context, of: 'channels' | 'shards', sub: string, rest: readonly Buffer[]): RawReply {
  if (rest.length > 1) throw new ReplyError(`ERR unknown subcommand or wrong number of arguments for '${sub}'. Try PUBSUB HELP.`);
  return active(context.subscribers(), of, rest[0]);
}

/** One `PUBSUB` subcommand, by its upper-case name, given the arguments after it. */
function subcommand(context: Context, name: Buffer, rest: readonly Buffer[]): RawReply {
  const sub = text(name).toUpperCase();
  const exactly = (count: number): void => {
    if (rest.length !== count) throw wrongArity(`pubsub|${sub}`);
  };
  switch (sub) {
    case 'CHANNELS':
      return listing(context, 'channels', text(name), rest);
    case 'SHARDCHANNELS':
      return listing(context, 'shards', text(name), rest);
    case 'NUMSUB':
      return counts(context.subscribers(), 'channels', rest);
    case 'SHARDNUMSUB':
      return counts(context.subscribers(), 'shards', rest);
    case 'NUMPAT':
      exactly(0);
      return new Set(context.subscribers().flatMap((subscriber) => subscriber.patterns)).size;
    case 'HELP':
      exactly(0);
      return help.map((line) => Buffer.from(line));
    default:
      throw new ReplyError(`ERR unknown subcommand '${text(name)}'. Try PUBSUB HELP.`);
  }
}

/** The publishing and introspection commands of pub/sub; subscribing goes through `executePubsub()`. */
export const pubsub: CommandTable = {
  PUBLISH: { arity: 3, run: (context, args) => context.publish(arg(args, 0), arg(args, 1)) },
  SPUBLISH: { arity: 3, run: (context, args) => context.spublish(arg(args, 0), arg(args, 1)) },
  PUBSUB: {
    arity: -2,
    note: 'CHANNELS and SHARDCHANNELS list the names in the order first subscribed, where Redis gives its hash order',
    run: (context, args) => subcommand(context, arg(args, 0), args.slice(1)),
  },
};

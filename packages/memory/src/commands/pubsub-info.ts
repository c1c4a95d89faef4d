import { globMatch } from 'aioredis-abc-kit';
import type { RawReply } from '../reply.js';
import { notRun } from '../refusal.js';
import { redisSubcommands } from '../redis-subcommands.js';
import { arg, text, type CommandTable, type ServerState } from './command.js';
import { helpReply, subcommandSyntax } from './stream-groups.js';

/** PUBSUB HELP's lines, as Redis 7.0 words them. */
const pubsubHelp = [
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
];

/** How many connections subscribe to each channel (bytes as latin1), in no set order. */
function channelCounts(server: ServerState): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { channels } of server.subscriptions()) {
    for (const channel of channels) counts.set(text(channel), (counts.get(text(channel)) ?? 0) + 1);
  }
  return counts;
}

/** PUBSUB: the active channels, their subscriber counts, and the number of distinct patterns; the shard forms are the double's refusal. */
export const pubsubInfo: CommandTable = {
  PUBSUB: {
    arity: -2,
    note: "`SHARDCHANNELS` and `SHARDNUMSUB` are refused in the double's words",
    subcommands: redisSubcommands.PUBSUB,
    run({ server }, args): RawReply {
      const sub = text(arg(args, 0)).toUpperCase();
      if (sub === 'HELP') return helpReply('PUBSUB', pubsubHelp);
      if (sub === 'NUMPAT') return new Set(server.subscriptions().flatMap(({ patterns }) => patterns.map(text))).size;
      const counts = channelCounts(server);
      if (sub === 'CHANNELS') {
        if (args.length > 2) throw subcommandSyntax('PUBSUB', arg(args, 0));
        const pattern = args[1] === undefined ? null : text(args[1]);
        return [...counts.keys()].filter((channel) => pattern === null || globMatch(pattern, channel)).map((channel) => Buffer.from(channel, 'latin1'));
      }
      if (sub === 'NUMSUB') return args.slice(1).flatMap((channel): RawReply[] => [channel, counts.get(text(channel)) ?? 0]);
      throw notRun(`PUBSUB ${sub}`);
    },
  },
};

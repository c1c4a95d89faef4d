import { ReplyError } from 'aioredis-abc-kit';
import type { RawReply } from '../reply.js';
import type { Stream } from '../stream.js';
import type { ConsumerGroup } from '../stream-group.js';
import { idReply, maxId, minId } from '../stream-id.js';
import { redisSubcommands } from '../redis-subcommands.js';
import { arg, isWord, text, type Command, type CommandTable } from './command.js';
import { entryReply, errorWith, integerWith, streamAt } from './stream-args.js';
import { helpReply, subcommandSyntax } from './stream-groups.js';

/** XINFO HELP's lines, as Redis 7.0 words them. */
const xinfoHelp = [
  'CONSUMERS <key> <groupname>',
  '    Show consumers of <groupname>.',
  'GROUPS <key>',
  '    Show the stream consumer groups.',
  'STREAM <key> [FULL [COUNT <count>]',
  '    Show information about the stream.',
];

/** A map reply as RESP2 sends it: names and values in turn. */
function fields(pairs: readonly (readonly [string, RawReply])[]): RawReply[] {
  return pairs.flatMap(([name, value]) => [Buffer.from(name), value]);
}

/** A group's read counter and lag, null when not known. */
function groupCounters(stream: Stream, group: ConsumerGroup): [RawReply, RawReply] {
  const lag = group.lag(stream);
  return [group.entriesRead < 0n ? null : Number(group.entriesRead), lag === null ? null : Number(lag)];
}

/** The groups in byte order of their names. */
function groupsInOrder(stream: Stream): [string, ConsumerGroup][] {
  return [...stream.groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** XINFO GROUPS. */
function groups(stream: Stream): RawReply {
  return groupsInOrder(stream).map(([name, group]) => {
    const [read, lag] = groupCounters(stream, group);
    return fields([
      ['name', Buffer.from(name, 'latin1')],
      ['consumers', group.consumers.size],
      ['pending', group.pending.size],
      ['last-delivered-id', idReply(group.lastId)],
      ['entries-read', read],
      ['lag', lag],
    ]);
  });
}

/** XINFO CONSUMERS. */
function consumers(group: ConsumerGroup, now: number): RawReply {
  return group.consumersInOrder().map((consumer) =>
    fields([
      ['name', Buffer.from(consumer.name, 'latin1')],
      ['pending', consumer.pending.size],
      ['idle', Math.max(now - consumer.seenAt, 0)],
    ]),
  );
}

/** The counters XINFO STREAM opens with, in both forms. */
function streamHead(stream: Stream): (readonly [string, RawReply])[] {
  return [
    ['length', stream.length],
    ['radix-tree-keys', stream.nodes.length],
    ['radix-tree-nodes', stream.radixNodes()],
    ['last-generated-id', idReply(stream.lastId)],
    ['max-deleted-entry-id', idReply(stream.maxDeletedId)],
    ['entries-added', Number(stream.entriesAdded)],
    ['recorded-first-entry-id', idReply(stream.firstId)],
  ];
}

/** XINFO STREAM FULL's groups: each with its whole pending list and its consumers'. */
function fullGroups(stream: Stream, count: number): RawReply {
  const limit = <T>(items: T[]): T[] => (count === 0 ? items : items.slice(0, count));
  return groupsInOrder(stream).map(([name, group]) => {
    const [read, lag] = groupCounters(stream, group);
    const pending = limit(group.pendingIn(minId, maxId));
    return fields([
      ['name', Buffer.from(name, 'latin1')],
      ['last-delivered-id', idReply(group.lastId)],
      ['entries-read', read],
      ['lag', lag],
      ['pel-count', group.pending.size],
      ['pending', pending.map((entry) => [idReply(entry.id), Buffer.from(entry.consumer?.name ?? '', 'latin1'), entry.deliveredAt, Number(entry.deliveries)])],
      [
        'consumers',
        group.consumersInOrder().map((consumer) =>
          fields([
            ['name', Buffer.from(consumer.name, 'latin1')],
            ['seen-time', consumer.seenAt],
            ['pel-count', consumer.pending.size],
            ['pending', limit(group.pendingIn(minId, maxId, consumer)).map((entry) => [idReply(entry.id), entry.deliveredAt, Number(entry.deliveries)])],
          ]),
        ),
      ],
    ]);
  });
}

/** XINFO STREAM, and its FULL form with COUNT (10 by default, 0 for all). */
function streamReply(stream: Stream, args: readonly Buffer[]): RawReply {
  if (args.length === 2) {
    const [first, last] = [stream.range(minId, maxId, false, 1)[0], stream.range(minId, maxId, true, 1)[0]];
    return fields([...streamHead(stream), ['groups', stream.groups.size], ['first-entry', first === undefined ? null : entryReply(first)], ['last-entry', last === undefined ? null : entryReply(last)]]);
  }
  const full = isWord(args[2], 'FULL') && (args.length === 3 || (args.length === 5 && isWord(args[3], 'COUNT')));
  if (!full) throw subcommandSyntax('XINFO', arg(args, 0));
  let count = args.length === 5 ? integerWith(arg(args, 4)) : 10n;
  if (count < 0n) count = 0n;
  const limit = Number(count > 2n ** 40n ? 2n ** 40n : count);
  return fields([...streamHead(stream), ['entries', stream.range(minId, maxId, false, limit).map(entryReply)], ['groups', fullGroups(stream, limit)]]);
}

/** XINFO: STREAM, GROUPS, CONSUMERS and HELP, after Redis's arity check of each. */
const xinfo: Command = {
  arity: -2,
  subcommands: redisSubcommands.XINFO,
  run({ db }, args) {
    const sub = text(arg(args, 0)).toUpperCase();
    if (sub === 'HELP') return helpReply('XINFO', xinfoHelp);
    const stream = streamAt(db, arg(args, 1));
    if (stream === undefined) throw new ReplyError('ERR no such key');
    if (sub === 'GROUPS') return groups(stream);
    if (sub === 'STREAM') return streamReply(stream, args);
    const group = stream.groups.get(text(arg(args, 2)));
    if (group === undefined) throw errorWith("NOGROUP No such consumer group '", arg(args, 2), "' for key name '", arg(args, 1), "'");
    return consumers(group, db.now());
  },
};

/** XINFO. */
export const streamInfo: CommandTable = { XINFO: xinfo };

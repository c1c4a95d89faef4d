import { ReplyError } from 'aioredis-abc-kit';
import type { Database } from '../keyspace.js';
import { ok, type RawReply } from '../reply.js';
import { Stream } from '../stream.js';
import { ConsumerGroup, unknownEntriesRead } from '../stream-group.js';
import { boundId, idReply, parseId, strictId, type StreamId } from '../stream-id.js';
import { redisSubcommands } from '../redis-subcommands.js';
import { arg, isWord, text, type Command, type CommandTable } from './command.js';
import { errorWith, groupOf, integerWith, streamAt } from './stream-args.js';
import { streamClaims } from './stream-claims.js';

/** A container command's help, as Redis's `addReplyHelp` gives it. */
export function helpReply(name: string, lines: readonly string[]): Buffer[] {
  return [`${name} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:`, ...lines, 'HELP', '    Prints this help.'].map((line) => Buffer.from(line));
}

/** Redis's reply to a subcommand given wrong arguments. */
export function subcommandSyntax(name: string, subcommand: Buffer): ReplyError {
  return errorWith("ERR unknown subcommand or wrong number of arguments for '", subcommand.subarray(0, 128), `'. Try ${name} HELP.`);
}

/** XGROUP HELP's lines, as Redis 7.0 words them. */
const xgroupHelp = [
  'CREATE <key> <groupname> <id|$> [option]',
  '    Create a new consumer group. Options are:',
  '    * MKSTREAM',
  '      Create the empty stream if it does not exist.',
  '    * ENTRIESREAD entries_read',
  "      Set the group's entries_read counter (internal use).",
  'CREATECONSUMER <key> <groupname> <consumer>',
  '    Create a new consumer in the specified group.',
  'DELCONSUMER <key> <groupname> <consumer>',
  '    Remove the specified consumer.',
  'DESTROY <key> <groupname>',
  '    Remove the specified group.',
  'SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]',
  '    Set the current group ID and entries_read counter.',
];

/** What every XGROUP subcommand but HELP shares: its options, the stream and the group, checked as Redis's `xgroupCommand`. */
interface GroupTarget {
  /** The stream, when the key holds one. */
  readonly stream: Stream | undefined;
  /** The group named, when it exists. */
  readonly group: ConsumerGroup | undefined;
  /** CREATE's MKSTREAM. */
  readonly mkstream: boolean;
  /** ENTRIESREAD, -1 when not given. */
  readonly entriesRead: bigint;
}

/** Reads MKSTREAM and ENTRIESREAD (from the fifth word), then finds the stream and the group. */
function groupTarget(db: Database, sub: string, args: readonly Buffer[]): GroupTarget {
  let mkstream = false;
  let entriesRead = unknownEntriesRead;
  for (let index = 4; index < args.length; index += 1) {
    if (sub === 'CREATE' && isWord(args[index], 'MKSTREAM')) mkstream = true;
    else if ((sub === 'CREATE' || sub === 'SETID') && isWord(args[index], 'ENTRIESREAD') && index + 1 < args.length) {
      entriesRead = integerWith(arg(args, ++index));
      if (entriesRead < 0n && entriesRead !== unknownEntriesRead) throw new ReplyError('ERR value for ENTRIESREAD must be positive or -1');
    } else throw subcommandSyntax('XGROUP', arg(args, 0));
  }
  const stream = streamAt(db, arg(args, 1));
  const group = stream?.groups.get(text(arg(args, 2)));
  if (!mkstream && stream === undefined) {
    throw new ReplyError('ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.');
  }
  if (!mkstream && group === undefined && ['SETID', 'CREATECONSUMER', 'DELCONSUMER'].includes(sub)) {
    throw errorWith("NOGROUP No such consumer group '", arg(args, 2), "' for key name '", arg(args, 1), "'");
  }
  return { stream, group, mkstream, entriesRead };
}

/** XGROUP CREATE: a group at an ID or `$`, creating the stream with MKSTREAM (only that counts as a change for WATCH, as in Redis). */
function create(db: Database, args: readonly Buffer[], target: GroupTarget): RawReply {
  if (args.length > 7) throw subcommandSyntax('XGROUP', arg(args, 0));
  const id: StreamId = text(arg(args, 3)) === '$' ? (target.stream?.lastId ?? { ms: 0n, seq: 0n }) : strictId(arg(args, 3));
  const key = text(arg(args, 1));
  const stream = target.stream ?? new Stream();
  if (target.stream === undefined) db.store(key, stream);
  const name = text(arg(args, 2));
  if (stream.groups.has(name)) throw new ReplyError('BUSYGROUP Consumer Group name already exists');
  stream.groups.set(name, new ConsumerGroup(id, target.entriesRead));
  return ok();
}

/** XGROUP SETID: moves the group's last ID (and sets its read counter); as in Redis, the key does not count as changed for WATCH. */
function setId(args: readonly Buffer[], target: GroupTarget): RawReply {
  const { stream, group } = target;
  if ((args.length !== 4 && args.length !== 6) || stream === undefined || group === undefined) throw subcommandSyntax('XGROUP', arg(args, 0));
  group.lastId = text(arg(args, 3)) === '$' ? stream.lastId : parseId(arg(args, 3), 0n, false).id;
  group.entriesRead = target.entriesRead;
  return ok();
}

/** XGROUP DESTROY, CREATECONSUMER and DELCONSUMER. */
function member(db: Database, sub: string, args: readonly Buffer[], target: GroupTarget): RawReply {
  const { stream, group } = target;
  const key = text(arg(args, 1));
  if (sub === 'DESTROY') {
    if (stream === undefined || group === undefined) return 0;
    stream.groups.delete(text(arg(args, 2)));
    db.ready(key);
    return 1;
  }
  if (group === undefined) throw subcommandSyntax('XGROUP', arg(args, 0));
  const name = text(arg(args, 3));
  const found = group.consumers.get(name);
  if (sub === 'CREATECONSUMER') {
    if (found !== undefined) return 0;
    group.consumer(name, db.now());
    return 1;
  }
  if (found === undefined) return 0;
  for (const entry of found.pending.values()) group.pending.delete(text(idReply(entry.id)));
  group.consumers.delete(name);
  return found.pending.size;
}

/** XGROUP: dispatches to its subcommands after Redis's arity check of each. */
const xgroup: Command = {
  arity: -2,
  subcommands: redisSubcommands.XGROUP,
  run({ db }, args) {
    const sub = text(arg(args, 0)).toUpperCase();
    if (sub === 'HELP') return helpReply('XGROUP', xgroupHelp);
    const target = groupTarget(db, sub, args);
    if (sub === 'CREATE') return create(db, args, target);
    if (sub === 'SETID') return setId(args, target);
    return member(db, sub, args, target);
  },
};

/** XACK: acknowledges pending entries of a group; how many were pending. */
const xack: Command = {
  arity: -4,
  run({ db }, args) {
    const stream = streamAt(db, arg(args, 0));
    const group = stream?.groups.get(text(arg(args, 1)));
    if (group === undefined) return 0;
    const ids = args.slice(2).map(strictId);
    return ids.filter((id) => group.acknowledge(id)).length;
  },
};

/** XPENDING's extended form: IDLE, the range, COUNT and the consumer. */
interface PendingRange {
  /** IDLE's minimum idle time (ms), 0 for any. */
  readonly idle: bigint;
  /** The first ID of the range. */
  readonly start: StreamId;
  /** The last ID of the range. */
  readonly end: StreamId;
  /** At most this many entries. */
  readonly count: bigint;
  /** Only this consumer's, when given. */
  readonly consumer: Buffer | null;
}

/** Reads XPENDING's extended form, as Redis does before looking at the key. */
function pendingRange(args: readonly Buffer[]): PendingRange {
  let at = 2;
  let idle = 0n;
  if (isWord(args[2], 'IDLE')) {
    idle = integerWith(arg(args, 3));
    if (args.length < 7) throw new ReplyError('ERR syntax error');
    at = 4;
  }
  const count = integerWith(arg(args, at + 2));
  const start = boundId(arg(args, at), false);
  const end = boundId(arg(args, at + 1), true);
  return { idle, start, end, count: count < 0n ? 0n : count, consumer: args[at + 3] ?? null };
}

/** XPENDING's summary: how many pending, the lowest and highest IDs, and how many each consumer has. */
function pendingSummary(group: ConsumerGroup): RawReply {
  const all = group.pendingIn({ ms: 0n, seq: 0n }, { ms: 2n ** 64n - 1n, seq: 2n ** 64n - 1n });
  const [first, last] = [all[0], all.at(-1)];
  if (first === undefined || last === undefined) return [0, null, null, null];
  const consumers = group.consumersInOrder().filter((consumer) => consumer.pending.size > 0);
  return [all.length, idReply(first.id), idReply(last.id), consumers.map((consumer) => [Buffer.from(consumer.name, 'latin1'), Buffer.from(String(consumer.pending.size))])];
}

/** XPENDING: the summary, or the pending entries in a range (of one consumer), with their idle times and delivery counts. */
const xpending: Command = {
  arity: -3,
  run({ db }, args) {
    if (args.length !== 2 && (args.length < 5 || args.length > 8)) throw new ReplyError('ERR syntax error');
    const range = args.length >= 5 ? pendingRange(args) : null;
    const { group } = groupOf(db, arg(args, 0), arg(args, 1));
    if (range === null) return pendingSummary(group);
    const consumer = range.consumer === null ? null : group.consumers.get(text(range.consumer));
    if (consumer === undefined) return [];
    const now = db.now();
    const idle = (deliveredAt: number): number => Math.max(now - deliveredAt, 0);
    const entries = group.pendingIn(range.start, range.end, consumer).filter((entry) => range.idle === 0n || BigInt(now - entry.deliveredAt) >= range.idle);
    return entries.slice(0, Number(range.count > 2n ** 40n ? 2n ** 40n : range.count)).map((entry) => [idReply(entry.id), Buffer.from(entry.consumer?.name ?? '', 'latin1'), idle(entry.deliveredAt), Number(entry.deliveries)]);
  },
};

/** The consumer-group commands. */
export const streamGroups: CommandTable = {
  XGROUP: xgroup,
  XACK: xack,
  XPENDING: xpending,
  ...streamClaims,
};

import { ReplyError } from 'aioredis-abc-kit';
import type { Database } from '../keyspace.js';
import { readInteger } from '../numbers.js';
import { syntaxError, type RawReply } from '../reply.js';
import type { Stream } from '../stream.js';
import type { ConsumerGroup } from '../stream-group.js';
import { compareIds, idReply, maxId, minId, nextId, strictId, type StreamId } from '../stream-id.js';
import { arg, bytesOf, isWord, text, type Command, type CommandTable, type Context } from './command.js';
import { entryReply, errorWith, integerWith, streamAt } from './stream-args.js';

/** What XREAD and XREADGROUP read from their arguments. */
interface ReadOptions {
  /** BLOCK's milliseconds, or `null` without BLOCK. */
  timeout: number | null;
  /** COUNT, 0 for all. */
  count: number;
  /** XREADGROUP's NOACK. */
  noack: boolean;
  /** XREADGROUP's group and consumer. */
  group: { readonly name: Buffer; readonly consumer: Buffer } | null;
  /** The keys after STREAMS. */
  keys: readonly Buffer[];
  /** Their IDs, `$` and `>` as given. */
  ids: readonly Buffer[];
}

/** BLOCK's milliseconds, read as Redis's `getTimeoutFromObjectOrReply` in milliseconds. */
function blockArg(bytes: Buffer): number {
  const value = readInteger(bytes);
  if (value === null) throw new ReplyError('ERR timeout is not an integer or out of range');
  if (value < 0n) throw new ReplyError('ERR timeout is negative');
  if (value > 2n ** 63n - 1n - BigInt(Date.now())) throw new ReplyError('ERR timeout is out of range');
  return Number(value);
}

/** Reads the options up to STREAMS, then its keys and IDs, as Redis's `xreadCommand`. */
function readOptions(args: readonly Buffer[], grouped: boolean): ReadOptions {
  const options: ReadOptions = { timeout: null, count: 0, noack: false, group: null, keys: [], ids: [] };
  for (let index = 0; index < args.length; index += 1) {
    const more = args.length - index - 1;
    const word = args[index];
    if (isWord(word, 'BLOCK') && more > 0) options.timeout = blockArg(arg(args, ++index));
    else if (isWord(word, 'COUNT') && more > 0) {
      const count = integerWith(arg(args, ++index));
      options.count = count < 0n ? 0 : Number(count > 2n ** 40n ? 2n ** 40n : count);
    } else if (isWord(word, 'STREAMS') && more > 0) {
      const rest = args.slice(index + 1);
      if (rest.length % 2 !== 0) {
        throw new ReplyError("ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.");
      }
      return { ...options, keys: rest.slice(0, rest.length / 2), ids: rest.slice(rest.length / 2) };
    } else if (isWord(word, 'GROUP') && more >= 2) {
      if (!grouped) throw new ReplyError('ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.');
      options.group = { name: arg(args, index + 1), consumer: arg(args, index + 2) };
      index += 2;
    } else if (isWord(word, 'NOACK')) {
      if (!grouped) throw new ReplyError('ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.');
      options.noack = true;
    } else throw syntaxError();
  }
  throw syntaxError();
}

/** Where a read starts for one key: after `after`; `undelivered` for XREADGROUP's `>`. */
interface Cursor {
  /** The stream's key. */
  readonly key: Buffer;
  /** Entries after this ID are read. */
  readonly after: StreamId;
  /** Whether the ID was `>`. */
  readonly undelivered: boolean;
  /** XREADGROUP's group on this stream. */
  readonly group: ConsumerGroup | null;
}

/** Each key's cursor, checked as Redis does: WRONGTYPE, NOGROUP, `$` and `>` where they belong, strict IDs. */
function cursors(db: Database, options: ReadOptions): Cursor[] {
  return options.keys.map((key, index) => {
    const stream = streamAt(db, key);
    let group: ConsumerGroup | null = null;
    if (options.group !== null) {
      group = stream?.groups.get(text(options.group.name)) ?? null;
      if (group === null) throw errorWith("NOGROUP No such key '", key, "' or consumer group '", options.group.name, "' in XREADGROUP with GROUP option");
    }
    const written = text(arg(options.ids as Buffer[], index));
    if (written === '$') {
      if (group !== null) throw new ReplyError('ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set.');
      return { key, after: stream?.lastId ?? minId, undelivered: false, group };
    }
    if (written === '>') {
      if (group === null) throw new ReplyError('ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.');
      return { key, after: maxId, undelivered: true, group };
    }
    return { key, after: strictId(arg(options.ids as Buffer[], index)), undelivered: false, group };
  });
}

/** A consumer's own pending entries after `after`, delivered once more: an entry deleted since shows as its ID and a null. */
function history(stream: Stream, group: ConsumerGroup, consumerName: Buffer, after: StreamId, count: number, now: number): RawReply[] {
  const consumer = group.consumer(text(consumerName), now);
  const start = nextId(after);
  if (start === null) return [];
  const pending = group.pendingIn(start, maxId, consumer);
  return pending.slice(0, count === 0 ? pending.length : count).map((entry) => {
    const found = stream.find(entry.id);
    if (found === undefined) return [idReply(entry.id), null];
    entry.deliveredAt = now;
    entry.deliveries += 1n;
    return entryReply(found);
  });
}

/** New entries after `after`, at most `count` (0: all); with a group, delivered to the consumer. */
function fresh(stream: Stream, cursor: Cursor, options: ReadOptions, now: number): RawReply[] {
  const start = nextId(cursor.after);
  if (start === null) return [];
  const entries = stream.range(start, maxId, false, options.count);
  if (cursor.group !== null && options.group !== null) {
    const consumer = cursor.group.consumer(text(options.group.consumer), now);
    cursor.group.deliver(stream, entries.map((entry) => entry.id), consumer, options.noack, now);
  }
  return entries.map(entryReply);
}

/** One key's part of the reply, when it can be served now (Redis's synchronous serving), else `null`. */
function serveNow(db: Database, cursor: Cursor, options: ReadOptions): RawReply | null {
  const stream = streamAt(db, cursor.key);
  if (stream === undefined) return null;
  const group = cursor.group;
  if (group !== null && options.group !== null && !cursor.undelivered) {
    return [cursor.key, history(stream, group, options.group.consumer, cursor.after, options.count, db.now())];
  }
  const after = group !== null ? group.lastId : cursor.after;
  if (stream.length === 0 || compareIds(stream.lastValidId(), after) <= 0) return null;
  return [cursor.key, fresh(stream, { ...cursor, after }, options, db.now())];
}

/** What a blocked read tries when one of its keys changed: the key's new entries, or an error when its group or stream went. */
function blockedAttempt(context: Context, cursors: readonly Cursor[], options: ReadOptions): (key: string) => RawReply | undefined {
  const blockedOptions = { ...options, count: options.count === 0 ? 1000 : options.count };
  return (key) => {
    const cursor = cursors.find((candidate) => text(candidate.key) === key);
    const value = context.db.get(key);
    if (cursor === undefined) return undefined;
    if (value?.type !== 'stream') {
      if (options.group !== null) throw new ReplyError('UNBLOCKED the stream key no longer exists');
      return undefined;
    }
    let after = cursor.after;
    let group: ConsumerGroup | null = null;
    if (options.group !== null) {
      group = value.groups.get(text(options.group.name)) ?? null;
      if (group === null) throw new ReplyError('NOGROUP the consumer group this client was blocked on no longer exists');
      after = group.lastId;
    }
    if (compareIds(value.lastId, after) <= 0) return undefined;
    return [[bytesOf(key), fresh(value, { ...cursor, after, group }, blockedOptions, context.db.now())]];
  };
}

/** XREAD and XREADGROUP: every key that has something now, else block (BLOCK, not inside EXEC) or a null. */
function read(grouped: boolean): Command {
  return {
    arity: grouped ? -7 : -4,
    run(context, args) {
      const options = readOptions(args, grouped);
      if (grouped && options.group === null) throw new ReplyError('ERR Missing GROUP option for XREADGROUP');
      const found = cursors(context.db, options);
      const served = found.map((cursor) => serveNow(context.db, cursor, options)).filter((reply) => reply !== null);
      if (served.length > 0) return served;
      if (options.timeout === null || context.inExec) return null;
      return context.block(found.map((cursor) => text(cursor.key)), blockedAttempt(context, found, options), options.timeout);
    },
  };
}

/** XREAD and XREADGROUP. */
export const streamReads: CommandTable = {
  XREAD: read(false),
  XREADGROUP: read(true),
};

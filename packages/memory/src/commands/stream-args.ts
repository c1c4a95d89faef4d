import { ReplyError } from 'aioredis-abc-kit';
import type { Database } from '../keyspace.js';
import { integerArg } from '../numbers.js';
import { cString, errorOf, syntaxError, type RawReply } from '../reply.js';
import type { Stream, StreamEntry, TrimOptions } from '../stream.js';
import type { ConsumerGroup } from '../stream-group.js';
import { idReply, minId, parseId, strictId, type ParsedId } from '../stream-id.js';
import { arg, isWord, text } from './command.js';

/** The stream at `key`, `undefined` when missing; `WRONGTYPE` for another type. */
export function streamAt(db: Database, key: Buffer): Stream | undefined {
  return db.read(text(key), 'stream');
}

/** An entry as Redis replies with it: its ID, then its fields and values. */
export function entryReply(entry: StreamEntry): RawReply {
  return [idReply(entry.id), [...entry.fields]];
}

/** An error whose text holds arguments, each as C's `%s` prints it (up to a NUL byte). */
export function errorWith(...parts: readonly (string | Buffer)[]): ReplyError {
  return errorOf(Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : cString(part)))));
}

/** An integer argument, refused with `ERR <message>` (Redis's default message when none). */
export function integerWith(bytes: Buffer, message?: string): bigint {
  return message === undefined ? integerArg(bytes) : integerArg(bytes, () => new ReplyError(`ERR ${message}`));
}

/** The group of that name in the stream at `key`, or Redis's `NOGROUP No such key ... or consumer group ...`. */
export function groupOf(db: Database, key: Buffer, group: Buffer): { stream: Stream; group: ConsumerGroup } {
  const stream = streamAt(db, key);
  const found = stream?.groups.get(text(group));
  if (stream === undefined || found === undefined) throw errorWith("NOGROUP No such key '", key, "' or consumer group '", group, "'");
  return { stream, group: found };
}

/** What XADD and XTRIM read before the fields: the trim, XADD's NOMKSTREAM and ID, and where the fields start. */
export interface AddOptions {
  /** MAXLEN or MINID, or `null` for none. */
  readonly trim: TrimOptions | null;
  /** XADD's NOMKSTREAM. */
  readonly noMkstream: boolean;
  /** XADD's ID, or `null` for `*`. */
  readonly id: ParsedId | null;
  /** Where XADD's fields start. */
  readonly next: number;
}

/** The mutable state of `addOptions` while it reads. */
interface Reading {
  /** MAXLEN or MINID once read. */
  strategy: 'maxlen' | 'minid' | null;
  /** MAXLEN's count. */
  maxlen: bigint;
  /** MINID's ID. */
  minid: ParsedId['id'];
  /** Whether `~` was given. */
  approximate: boolean;
  /** LIMIT's count, `null` when not given. */
  limit: bigint | null;
}

/** Reads MAXLEN or MINID at `index` (with `~` or `=`); the index of its last word. */
function readStrategy(args: readonly Buffer[], index: number, reading: Reading): number {
  if (reading.strategy !== null) throw new ReplyError('ERR syntax error, MAXLEN and MINID options at the same time are not compatible');
  const maxlen = isWord(args[index], 'MAXLEN');
  let at = index + 1;
  const next = text(arg(args, at));
  reading.approximate = false;
  if (args.length - index - 1 >= 2 && (next === '~' || next === '=')) {
    reading.approximate = next === '~';
    at += 1;
  }
  if (maxlen) {
    reading.maxlen = integerArg(arg(args, at));
    if (reading.maxlen < 0n) throw new ReplyError('ERR The MAXLEN argument must be >= 0.');
  } else reading.minid = strictId(arg(args, at));
  reading.strategy = maxlen ? 'maxlen' : 'minid';
  return at;
}

/** The trim read, checked as Redis does: LIMIT only with `~`, 100 nodes' worth by default with `~`. */
function finishTrim(reading: Reading, xadd: boolean): TrimOptions | null {
  if (reading.limit !== null && reading.limit !== 0n && reading.strategy === null) throw new ReplyError('ERR syntax error, LIMIT cannot be used without specifying a trimming strategy');
  if (!xadd && reading.strategy === null) throw new ReplyError('ERR syntax error, XTRIM must be called with a trimming strategy');
  if (reading.limit !== null && !reading.approximate) throw new ReplyError('ERR syntax error, LIMIT cannot be used without the special ~ option');
  if (reading.strategy === null) return null;
  const limit = reading.limit ?? (reading.approximate ? 10000n : 0n);
  return { strategy: reading.strategy, maxlen: reading.maxlen, minid: reading.minid, approximate: reading.approximate, limit };
}

/** XADD's and XTRIM's options, read as Redis's `streamParseAddOrTrimArgsOrReply` (`args[0]` is the key). */
export function addOptions(args: readonly Buffer[], xadd: boolean): AddOptions {
  const reading: Reading = { strategy: null, maxlen: -1n, minid: minId, approximate: false, limit: null };
  let noMkstream = false;
  let id: ParsedId | null = null;
  let index = 1;
  for (; index < args.length; index += 1) {
    const word = arg(args, index);
    const more = args.length - index - 1 > 0;
    if (xadd && text(word) === '*') break;
    if ((isWord(word, 'MAXLEN') || isWord(word, 'MINID')) && more) index = readStrategy(args, index, reading);
    else if (isWord(word, 'LIMIT') && more) {
      index += 1;
      reading.limit = integerArg(arg(args, index));
      if (reading.limit < 0n) throw new ReplyError('ERR The LIMIT argument must be >= 0.');
    } else if (xadd && isWord(word, 'NOMKSTREAM')) noMkstream = true;
    else if (xadd) {
      id = parseId(word, 0n, true, true);
      break;
    } else throw syntaxError();
  }
  return { trim: finishTrim(reading, xadd), noMkstream, id, next: index + 1 };
}

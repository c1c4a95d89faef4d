import { ReplyError } from 'aioredis-abc-kit';
import { ok, syntaxError, wrongArity, type RawReply } from '../reply.js';
import { Stream } from '../stream.js';
import { boundId, compareIds, idReply, maxId, minId, strictId, type StreamId } from '../stream-id.js';
import { arg, isWord, text, type Command, type CommandTable } from './command.js';
import { addOptions, entryReply, integerWith, streamAt } from './stream-args.js';
import { streamGroups } from './stream-groups.js';
import { streamInfo } from './stream-info.js';
import { streamReads } from './stream-read.js';

/** XADD: appends an entry (creating the stream unless NOMKSTREAM), then trims; the new ID. */
const xadd: Command = {
  arity: -5,
    note: "Redis's default nodes of 100 entries; its other limit, 4096 bytes a node, is not counted, so `MAXLEN ~` and XINFO's node counts can differ for large entries",
  run({ db }, args) {
    const options = addOptions(args, true);
    const fields = args.slice(options.next);
    if (fields.length < 2 || fields.length % 2 === 1) throw wrongArity('xadd');
    const given = options.id;
    if (given !== null && given.seqGiven && compareIds(given.id, minId) === 0) throw new ReplyError('ERR The ID specified in XADD must be greater than 0-0');
    const key = text(arg(args, 0));
    const found = db.read(key, 'stream');
    if (found === undefined && options.noMkstream) return null;
    const stream = found ?? new Stream();
    if (compareIds(stream.lastId, maxId) === 0) throw new ReplyError('ERR The stream has exhausted the last possible ID, unable to add more items');
    const id = stream.newId(BigInt(db.now()), given);
    if (found === undefined) db.store(key, stream);
    if (id === null) throw new ReplyError('ERR The ID specified in XADD is equal or smaller than the target stream top item');
    stream.append(id, fields);
    if (options.trim !== null) stream.trim(options.trim);
    db.store(key, stream);
    return idReply(id);
  },
};

/** XRANGE's and XREVRANGE's COUNT: -1 when not given, 0 and up otherwise. */
function rangeCount(args: readonly Buffer[]): bigint {
  let count = -1n;
  for (let index = 3; index < args.length; index += 1) {
    if (!isWord(args[index], 'COUNT') || index + 1 >= args.length) throw syntaxError();
    index += 1;
    count = integerWith(arg(args, index));
    if (count < 0n) count = 0n;
  }
  return count;
}

/** XRANGE and XREVRANGE: the entries between two bounds, `(` for exclusive ones. */
function range(reverse: boolean): Command {
  return {
    arity: -4,
    run({ db }, args) {
      const start = boundId(arg(args, reverse ? 2 : 1), false);
      const end = boundId(arg(args, reverse ? 1 : 2), true);
      const count = rangeCount(args);
      const stream = streamAt(db, arg(args, 0));
      if (stream === undefined) return [];
      if (count === 0n) return null;
      const limit = count === -1n ? 0 : Number(count > 2n ** 40n ? 2n ** 40n : count);
      return stream.range(start, end, reverse, limit).map(entryReply);
    },
  };
}

/** XDEL: deletes entries by ID; the stream stays, empty or not. */
const xdel: Command = {
  arity: -3,
  run({ db }, args) {
    const key = text(arg(args, 0));
    const stream = db.read(key, 'stream');
    if (stream === undefined) return 0;
    const ids = args.slice(1).map(strictId);
    let deleted = 0;
    let first = false;
    for (const id of ids) {
      if (!stream.delete(id)) continue;
      if (compareIds(id, stream.firstId) === 0) first = true;
      if (compareIds(id, stream.maxDeletedId) > 0) stream.maxDeletedId = id;
      deleted += 1;
    }
    if (deleted > 0) {
      if (stream.length === 0) stream.firstId = minId;
      else if (first) stream.firstId = stream.edge(true) ?? minId;
      db.store(key, stream);
    }
    return deleted;
  },
};

/** XTRIM: trims by MAXLEN or MINID; how many entries went. */
const xtrim: Command = {
  arity: -4,
  run({ db }, args) {
    const { trim } = addOptions(args, false);
    const key = text(arg(args, 0));
    const stream = db.read(key, 'stream');
    if (stream === undefined || trim === null) return 0;
    const deleted = stream.trim(trim);
    if (deleted > 0n) db.store(key, stream);
    return Number(deleted);
  },
};

/** XSETID's options: ENTRIESADDED and MAXDELETEDID. */
function setIdOptions(args: readonly Buffer[], id: StreamId): { added: bigint | null; maxDeleted: StreamId } {
  let added: bigint | null = null;
  let maxDeleted = minId;
  for (let index = 2; index < args.length; index += 2) {
    const more = index + 1 < args.length;
    if (isWord(args[index], 'ENTRIESADDED') && more) {
      added = integerWith(arg(args, index + 1));
      if (added < 0n) throw new ReplyError('ERR entries_added must be positive');
    } else if (isWord(args[index], 'MAXDELETEDID') && more) {
      maxDeleted = strictId(arg(args, index + 1));
      if (compareIds(id, maxDeleted) < 0) throw new ReplyError('ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id');
    } else throw syntaxError();
  }
  return { added, maxDeleted };
}

/** XSETID: sets the stream's last ID, and optionally its counters. */
const xsetid: Command = {
  arity: -3,
  run({ db }, args): RawReply {
    const id = strictId(arg(args, 1));
    const { added, maxDeleted } = setIdOptions(args, id);
    const key = text(arg(args, 0));
    const stream = db.read(key, 'stream');
    if (stream === undefined) throw new ReplyError('ERR no such key');
    if (stream.length > 0) {
      if (compareIds(id, stream.lastValidId()) < 0) throw new ReplyError('ERR The ID specified in XSETID is smaller than the target stream top item');
      if (added !== null && BigInt(stream.length) > added) throw new ReplyError('ERR The entries_added specified in XSETID is smaller than the target stream length');
    }
    stream.lastId = id;
    if (added !== null) stream.entriesAdded = added;
    if (compareIds(maxDeleted, minId) !== 0) stream.maxDeletedId = maxDeleted;
    return ok();
  },
};

/** The stream commands. */
export const streams: CommandTable = {
  XADD: xadd,
  XRANGE: range(false),
  XREVRANGE: range(true),
  XLEN: { arity: 2, run: ({ db }, args) => streamAt(db, arg(args, 0))?.length ?? 0 },
  XDEL: xdel,
  XTRIM: xtrim,
  XSETID: xsetid,
  ...streamReads,
  ...streamGroups,
  ...streamInfo,
};

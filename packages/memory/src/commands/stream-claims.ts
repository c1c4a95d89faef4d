import { ReplyError } from 'aioredis-abc-kit';
import { syntaxError, type RawReply } from '../reply.js';
import type { Stream } from '../stream.js';
import type { Consumer, ConsumerGroup, Pending } from '../stream-group.js';
import { boundId, compareIds, formatId, idReply, maxId, parseId, strictId, type StreamId } from '../stream-id.js';
import { arg, isWord, text, type Command, type CommandTable } from './command.js';
import { entryReply, errorWith, groupOf, integerWith } from './stream-args.js';

/** XCLAIM's options after its IDs. */
interface ClaimOptions {
  /** FORCE: create a pending entry for an existing entry none holds. */
  force: boolean;
  /** JUSTID: IDs only, and the delivery count left alone. */
  justid: boolean;
  /** When the claimed entries count as delivered (ms), or `null` for now. */
  deliveredAt: bigint | null;
  /** RETRYCOUNT's delivery count. */
  retrycount: bigint | null;
  /** LASTID: the group's last ID, when past it. */
  lastId: StreamId | null;
}

/** Reads XCLAIM's options from `from` on, as Redis does (IDLE counts back from `now`). */
function claimOptions(args: readonly Buffer[], from: number, now: number): ClaimOptions {
  const options: ClaimOptions = { force: false, justid: false, deliveredAt: null, retrycount: null, lastId: null };
  for (let index = from; index < args.length; index += 1) {
    const word = arg(args, index);
    const more = index + 1 < args.length;
    if (isWord(word, 'FORCE')) options.force = true;
    else if (isWord(word, 'JUSTID')) options.justid = true;
    else if (isWord(word, 'IDLE') && more) options.deliveredAt = BigInt(now) - integerWith(arg(args, ++index), 'Invalid IDLE option argument for XCLAIM');
    else if (isWord(word, 'TIME') && more) options.deliveredAt = integerWith(arg(args, ++index), 'Invalid TIME option argument for XCLAIM');
    else if (isWord(word, 'RETRYCOUNT') && more) options.retrycount = integerWith(arg(args, ++index), 'Invalid RETRYCOUNT option argument for XCLAIM');
    else if (isWord(word, 'LASTID') && more) options.lastId = strictId(arg(args, ++index));
    else throw errorWith("ERR Unrecognized XCLAIM option '", word, "'");
  }
  return options;
}

/** Whether the bytes read as a strict ID. */
function isId(bytes: Buffer): boolean {
  try {
    parseId(bytes, 0n, true);
    return true;
  } catch {
    return false;
  }
}

/** Drops a pending entry whose stream entry is gone, as XCLAIM and XAUTOCLAIM do. */
function forget(group: ConsumerGroup, entry: Pending): void {
  group.pending.delete(formatId(entry.id));
  entry.consumer?.pending.delete(formatId(entry.id));
}

/** Claims one pending entry for `consumer`: its reply (the entry, or its ID with JUSTID). */
function claim(stream: Stream, group: ConsumerGroup, entry: Pending, consumer: Consumer, update: { deliveredAt: number; deliveries: bigint | null; justid: boolean }): RawReply {
  entry.deliveredAt = update.deliveredAt;
  if (update.deliveries !== null) entry.deliveries = update.deliveries;
  else if (!update.justid) entry.deliveries += 1n;
  group.assign(entry, consumer);
  if (update.justid) return idReply(entry.id);
  const found = stream.find(entry.id);
  return found === undefined ? null : entryReply(found);
}

/** XCLAIM: takes pending entries idle long enough (or any, with FORCE, existing ones) for a consumer. */
const xclaim: Command = {
  arity: -6,
  run({ db }, args) {
    const { stream, group } = groupOf(db, arg(args, 0), arg(args, 1));
    let minIdle = integerWith(arg(args, 3), 'Invalid min-idle-time argument for XCLAIM');
    if (minIdle < 0n) minIdle = 0n;
    let last = 4;
    while (last < args.length && isId(arg(args, last))) last += 1;
    const now = db.now();
    const options = claimOptions(args, last, now);
    if (options.lastId !== null && compareIds(options.lastId, group.lastId) > 0) group.lastId = options.lastId;
    const at = options.deliveredAt === null || options.deliveredAt < 0n || options.deliveredAt > BigInt(now) ? now : Number(options.deliveredAt);
    const update = { deliveredAt: at, deliveries: options.retrycount !== null && options.retrycount >= 0n ? options.retrycount : null, justid: options.justid };
    let consumer: Consumer | null = null;
    const replies: RawReply[] = [];
    for (const id of args.slice(4, last).map(strictId)) {
      let entry = group.pending.get(formatId(id));
      if (stream.find(id) === undefined) {
        if (entry !== undefined) forget(group, entry);
        continue;
      }
      if (options.force && entry === undefined) {
        entry = { id, consumer: null, deliveredAt: now, deliveries: 1n };
        group.pending.set(formatId(id), entry);
      }
      if (entry === undefined) continue;
      if (entry.consumer !== null && minIdle > 0n && BigInt(now - entry.deliveredAt) < minIdle) continue;
      consumer ??= group.consumer(text(arg(args, 2)), now);
      replies.push(claim(stream, group, entry, consumer, update));
    }
    return replies;
  },
};

/** XAUTOCLAIM's COUNT and JUSTID. */
function autoclaimOptions(args: readonly Buffer[]): { count: number; justid: boolean } {
  let count = 100;
  let justid = false;
  for (let index = 5; index < args.length; index += 1) {
    if (isWord(args[index], 'COUNT') && index + 1 < args.length) {
      const value = integerWith(arg(args, ++index), 'COUNT must be > 0');
      if (value < 1n || value > 2n ** 63n / 10n) throw new ReplyError('ERR COUNT must be > 0');
      count = Number(value);
    } else if (isWord(args[index], 'JUSTID')) justid = true;
    else throw syntaxError();
  }
  return { count, justid };
}

/** XAUTOCLAIM: scans the pending list from an ID, claiming idle entries; the next cursor, the claimed, and the IDs of entries gone. */
const xautoclaim: Command = {
  arity: -6,
  run({ db }, args) {
    let minIdle = integerWith(arg(args, 3), 'Invalid min-idle-time argument for XAUTOCLAIM');
    if (minIdle < 0n) minIdle = 0n;
    const start = boundId(arg(args, 4), false);
    const options = autoclaimOptions(args);
    const { stream, group } = groupOf(db, arg(args, 0), arg(args, 1));
    const now = db.now();
    const pending = group.pendingIn(start, maxId);
    let [attempts, count, index] = [options.count * 10, options.count, 0];
    const claimed: RawReply[] = [];
    const deleted: Buffer[] = [];
    let consumer: Consumer | null = null;
    for (; attempts > 0 && count > 0 && index < pending.length; index += 1, attempts -= 1) {
      const entry = pending[index] as Pending;
      if (stream.find(entry.id) === undefined) {
        forget(group, entry);
        deleted.push(idReply(entry.id));
        count -= 1;
        continue;
      }
      if (minIdle > 0n && BigInt(now - entry.deliveredAt) < minIdle) continue;
      consumer ??= group.consumer(text(arg(args, 2)), now);
      claimed.push(claim(stream, group, entry, consumer, { deliveredAt: now, deliveries: null, justid: options.justid }));
      count -= 1;
    }
    const next = pending[index];
    return [next === undefined ? Buffer.from('0-0') : idReply(next.id), claimed, deleted];
  },
};

/** XCLAIM and XAUTOCLAIM. */
export const streamClaims: CommandTable = {
  XCLAIM: xclaim,
  XAUTOCLAIM: xautoclaim,
};

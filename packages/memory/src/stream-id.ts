import { ReplyError } from 'aioredis-abc-kit';

/** A stream entry's ID: milliseconds and a sequence number, each an unsigned 64-bit integer. */
export interface StreamId {
  readonly ms: bigint;
  readonly seq: bigint;
}

/** The largest unsigned 64-bit integer, the last ID's parts. */
export const maxPart = 2n ** 64n - 1n;

/** `0-0`, the ID before every entry. */
export const minId: StreamId = { ms: 0n, seq: 0n };

/** The last possible ID. */
export const maxId: StreamId = { ms: maxPart, seq: maxPart };

/** Redis's error for an ID it cannot read. */
export const invalidId = (): ReplyError => new ReplyError('ERR Invalid stream ID specified as stream command argument');

/** Orders two IDs: negative, zero or positive. */
export function compareIds(a: StreamId, b: StreamId): number {
  if (a.ms !== b.ms) return a.ms < b.ms ? -1 : 1;
  return a.seq === b.seq ? 0 : a.seq < b.seq ? -1 : 1;
}

/** An ID as Redis writes it, `ms-seq`. */
export function formatId(id: StreamId): string {
  return `${id.ms}-${id.seq}`;
}

/** An ID as reply bytes. */
export function idReply(id: StreamId): Buffer {
  return Buffer.from(formatId(id));
}

/** The ID right after `id`, or `null` after the last one (Redis's `streamIncrID`). */
export function nextId(id: StreamId): StreamId | null {
  if (id.seq < maxPart) return { ms: id.ms, seq: id.seq + 1n };
  return id.ms < maxPart ? { ms: id.ms + 1n, seq: 0n } : null;
}

/** The ID right before `id`, or `null` before `0-0` (Redis's `streamDecrID`). */
export function previousId(id: StreamId): StreamId | null {
  if (id.seq > 0n) return { ms: id.ms, seq: id.seq - 1n };
  return id.ms > 0n ? { ms: id.ms - 1n, seq: maxPart } : null;
}

/**
 * One part of an ID as Redis's `string2ull` reads it: a strict integer, or
 * else what C's `strtoull` takes whole (leading spaces, a sign; a minus
 * wraps around); `null` when neither does.
 */
export function readPart(written: string): bigint | null {
  if (/^(0|-?[1-9][0-9]*)$/.test(written) && BigInt(written) >= -(2n ** 63n) && BigInt(written) < 2n ** 63n) {
    return written.startsWith('-') ? null : BigInt(written);
  }
  const match = /^[ \t\n\v\f\r]*([+-]?)([0-9]+)$/.exec(written);
  if (match === null) return null;
  const magnitude = BigInt(match[2] ?? '');
  if (magnitude > maxPart) return null;
  return match[1] === '-' && magnitude !== 0n ? 2n ** 64n - magnitude : magnitude;
}

/** What `parseId` read: the ID, and whether its sequence was given (`ms-*` leaves it to XADD). */
export interface ParsedId {
  readonly id: StreamId;
  readonly seqGiven: boolean;
}

/**
 * An ID argument as Redis's `streamParseID` reads it: `ms-seq`, `ms` (the
 * sequence `missingSeq`), `-` and `+` unless `strict`, and `ms-*` when
 * `allowAutoSeq`. Throws Redis's invalid-ID error.
 */
export function parseId(bytes: Buffer, missingSeq: bigint, strict: boolean, allowAutoSeq = false): ParsedId {
  if (bytes.length > 127) throw invalidId();
  const nul = bytes.indexOf(0);
  const written = bytes.subarray(0, nul < 0 ? bytes.length : nul).toString('latin1');
  if (written === '-' || written === '+') {
    if (strict) throw invalidId();
    return { id: written === '-' ? minId : maxId, seqGiven: true };
  }
  const dash = written.indexOf('-');
  const ms = readPart(dash < 0 ? written : written.slice(0, dash));
  if (ms === null) throw invalidId();
  if (dash < 0) return { id: { ms, seq: missingSeq }, seqGiven: true };
  const rest = written.slice(dash + 1);
  if (allowAutoSeq && rest === '*') return { id: { ms, seq: 0n }, seqGiven: false };
  const seq = readPart(rest);
  if (seq === null) throw invalidId();
  return { id: { ms, seq }, seqGiven: true };
}

/** A strict ID argument (no `-` or `+`), its missing sequence 0, as XADD's, XDEL's and XACK's. */
export function strictId(bytes: Buffer): StreamId {
  return parseId(bytes, 0n, true).id;
}

/**
 * An interval bound of XRANGE, XPENDING and XAUTOCLAIM: an ID, `-`, `+`, or
 * `(id` for an exclusive one, moved to the next (start) or previous (end) ID.
 */
export function boundId(bytes: Buffer, end: boolean): StreamId {
  const exclusive = bytes.length > 1 && bytes[0] === 0x28;
  if (!exclusive) return parseId(bytes, end ? maxPart : 0n, false).id;
  const id = parseId(bytes.subarray(1), end ? maxPart : 0n, true).id;
  const moved = end ? previousId(id) : nextId(id);
  if (moved === null) throw new ReplyError(`ERR invalid ${end ? 'end' : 'start'} ID for the interval`);
  return moved;
}

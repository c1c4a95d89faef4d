import { compareIds, formatId, type StreamId } from './stream-id.js';

/**
 * What a group reads of its stream to count entries read and lag: the stream
 * itself satisfies it. Kept here so that the group does not import the stream
 * that holds it.
 */
export interface StreamCounts {
  /** How many entries were ever added to the stream (Redis's `entries_added`). */
  readonly entriesAdded: bigint;
  /** Whether the range from `start` reaches a deleted entry that still counts, so that a count from there cannot be trusted. */
  hasTombstones(start: StreamId): boolean;
  /** How many entries were added up to `id`, or `null` when that cannot be told. */
  entriesUpTo(id: StreamId): bigint | null;
}

/** An entry delivered and not yet acknowledged: who has it, when it was last delivered (ms), and how many times. */
export interface Pending {
  /** The entry's ID. */
  readonly id: StreamId;
  /** Who has it; `null` only while XCLAIM FORCE creates it. */
  consumer: Consumer | null;
  /** When it was last delivered, in ms by the double's clock. */
  deliveredAt: number;
  /** How many times it was delivered. */
  deliveries: bigint;
}

/** A consumer of a group: its name (bytes as latin1), when it was last seen (ms), and its pending entries by ID. */
export interface Consumer {
  /** Its name, bytes as latin1. */
  readonly name: string;
  /** When a command last named it, in ms by the double's clock (XINFO's idle and seen-time). */
  seenAt: number;
  /** Its pending entries, by formatted ID. */
  readonly pending: Map<string, Pending>;
}

/** The sentinel of a group's `entries-read` that is not known, as Redis's `SCG_INVALID_ENTRIES_READ`. */
export const unknownEntriesRead = -1n;

/**
 * A consumer group of a stream, as Redis 7.0 keeps one: the last ID
 * delivered, how many entries it has read (or -1 when not known), its
 * pending entries list and its consumers.
 */
export class ConsumerGroup {
  /** The group's pending entries list, by formatted ID. */
  readonly pending = new Map<string, Pending>();
  /** Its consumers, by name. */
  readonly consumers = new Map<string, Consumer>();

  /**
   * @param lastId - The last ID delivered with `>`.
   * @param entriesRead - How many entries the group has read, or -1 when not known.
   */
  constructor(
    public lastId: StreamId,
    public entriesRead: bigint,
  ) {}

  /** The pending entries from `start` to `end` (inclusive), by ID, of one consumer or of all. */
  pendingIn(start: StreamId, end: StreamId, consumer: Consumer | null = null): Pending[] {
    const all = [...(consumer ?? this).pending.values()].sort((a, b) => compareIds(a.id, b.id));
    return all.filter((entry) => compareIds(entry.id, start) >= 0 && compareIds(entry.id, end) <= 0);
  }

  /** The consumers by name, in byte order as Redis lists them. */
  consumersInOrder(): Consumer[] {
    return [...this.consumers.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** The consumer of that name, seen now (created when missing). */
  consumer(name: string, now: number): Consumer {
    const found = this.consumers.get(name) ?? { name, seenAt: now, pending: new Map() };
    found.seenAt = now;
    this.consumers.set(name, found);
    return found;
  }

  /** Gives a pending entry to `consumer` (moving it from its holder), delivered at `at`. */
  assign(entry: Pending, consumer: Consumer): void {
    const key = formatId(entry.id);
    if (entry.consumer !== consumer) {
      entry.consumer?.pending.delete(key);
      consumer.pending.set(key, entry);
      entry.consumer = consumer;
    }
  }

  /** Acknowledges an entry: gone from the group's and its consumer's lists. Whether it was pending. */
  acknowledge(id: StreamId): boolean {
    const key = formatId(id);
    const entry = this.pending.get(key);
    if (entry === undefined) return false;
    this.pending.delete(key);
    entry.consumer?.pending.delete(key);
    return true;
  }

  /**
   * Records entries delivered to `consumer` with `>`: the group's last ID
   * and read counter move on, and each entry becomes pending (unless
   * `noack`), taken from any consumer that held it before.
   */
  deliver(stream: StreamCounts, ids: readonly StreamId[], consumer: Consumer, noack: boolean, now: number): void {
    for (const id of ids) {
      if (compareIds(id, this.lastId) > 0) {
        if (this.entriesRead !== unknownEntriesRead && !stream.hasTombstones(id)) this.entriesRead += 1n;
        else if (stream.entriesAdded > 0n) this.entriesRead = stream.entriesUpTo(id) ?? unknownEntriesRead;
        this.lastId = id;
      }
      if (noack) continue;
      const key = formatId(id);
      const entry = this.pending.get(key) ?? { id, consumer: null, deliveredAt: now, deliveries: 1n };
      entry.deliveredAt = now;
      entry.deliveries = 1n;
      this.pending.set(key, entry);
      this.assign(entry, consumer);
    }
  }

  /** The group's lag: entries added and not yet read, or `null` when that cannot be told (Redis's `streamReplyWithCGLag`). */
  lag(stream: StreamCounts): bigint | null {
    if (stream.entriesAdded === 0n) return 0n;
    if (this.entriesRead !== unknownEntriesRead && !stream.hasTombstones(this.lastId)) return stream.entriesAdded - this.entriesRead;
    const read = stream.entriesUpTo(this.lastId);
    return read === null ? null : stream.entriesAdded - read;
  }
}

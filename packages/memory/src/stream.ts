import type { ConsumerGroup, StreamCounts } from './stream-group.js';
import { compareIds, maxId, minId, nextId, type StreamId } from './stream-id.js';

/** One entry of a stream: its ID, its fields and values in order, and whether XDEL or a trim marked it deleted. */
export interface StreamEntry {
  /** Its ID. */
  readonly id: StreamId;
  /** Its fields and values, in turn, as XADD gave them. */
  readonly fields: readonly Buffer[];
  /** Whether it is a tombstone, left in its node until the node empties. */
  deleted: boolean;
}

/** One node of a stream's radix tree, as Redis packs entries: up to 100 of them, deleted ones counted. */
interface StreamNode {
  /** Its entries, tombstones included, in ID order. */
  readonly entries: StreamEntry[];
  /** How many of its entries are not deleted. */
  live: number;
}

/** How many entries a node holds, as Redis's default `stream-node-max-entries`. */
const nodeMaxEntries = 100;

/** How XADD and XTRIM trim: by length or by lowest ID, exactly or by whole nodes (`~`), with at most `limit` entries removed (0: no limit). */
export interface TrimOptions {
  /** MAXLEN or MINID. */
  readonly strategy: 'maxlen' | 'minid';
  /** The length to trim to, for MAXLEN. */
  readonly maxlen: bigint;
  /** The lowest ID to keep, for MINID. */
  readonly minid: StreamId;
  /** `~`: whole nodes only. */
  readonly approximate: boolean;
  /** LIMIT: at most this many entries removed; 0 for no limit. */
  readonly limit: bigint;
}

/**
 * A stream as Redis 7.0 keeps one: entries in nodes of up to 100, deleted
 * entries kept as tombstones until their node empties, the last ID given,
 * the counters XINFO shows, and the consumer groups by name.
 */
export class Stream implements StreamCounts {
  /** The value's type, as TYPE names it. */
  readonly type = 'stream';
  /** The radix tree's nodes, in ID order. */
  readonly nodes: StreamNode[] = [];
  /** The consumer groups, by name (bytes as latin1). */
  readonly groups = new Map<string, ConsumerGroup>();
  /** How many entries are live (XLEN). */
  length = 0;
  /** The last ID given, which the next XADD must pass, whatever was deleted since. */
  lastId: StreamId = minId;
  /** XINFO's `recorded-first-entry-id`: the first live entry's ID, kept up to date as Redis keeps it. */
  firstId: StreamId = minId;
  /** The highest ID XDEL deleted (XINFO's `max-deleted-entry-id`). */
  maxDeletedId: StreamId = minId;
  /** How many entries were ever added (XINFO's `entries-added`). */
  entriesAdded = 0n;

  /** Adds an entry whose ID is past the last one, in the last node or a new one. */
  append(id: StreamId, fields: readonly Buffer[]): void {
    const last = this.nodes.at(-1);
    const entry: StreamEntry = { id, fields, deleted: false };
    if (last === undefined || last.entries.length >= nodeMaxEntries) this.nodes.push({ entries: [entry], live: 1 });
    else {
      last.entries.push(entry);
      last.live += 1;
    }
    this.length += 1;
    this.entriesAdded += 1n;
    this.lastId = id;
    if (this.length === 1) this.firstId = id;
  }

  /** The live entries from `start` to `end` (inclusive), in order or reversed, at most `count` (0: all). */
  range(start: StreamId, end: StreamId, reverse = false, count = 0): StreamEntry[] {
    const found: StreamEntry[] = [];
    const entries = this.nodes.flatMap((node) => node.entries);
    if (reverse) entries.reverse();
    for (const entry of entries) {
      if (count > 0 && found.length >= count) break;
      if (!entry.deleted && compareIds(entry.id, start) >= 0 && compareIds(entry.id, end) <= 0) found.push(entry);
    }
    return found;
  }

  /** The live entry with this ID, if any. */
  find(id: StreamId): StreamEntry | undefined {
    return this.range(id, id)[0];
  }

  /** The first (or last) live entry's ID, or `null` for an empty stream. */
  edge(first: boolean): StreamId | null {
    return this.range(minId, maxId, !first, 1)[0]?.id ?? null;
  }

  /** The last live entry's ID, `0-0` when there is none (Redis's `streamLastValidID`). */
  lastValidId(): StreamId {
    return this.edge(false) ?? minId;
  }

  /** Deletes a live entry, as XDEL: its node goes once it holds no live entry. Whether it was there. */
  delete(id: StreamId): boolean {
    for (const [index, node] of this.nodes.entries()) {
      const entry = node.entries.find((candidate) => !candidate.deleted && compareIds(candidate.id, id) === 0);
      if (entry === undefined) continue;
      entry.deleted = true;
      node.live -= 1;
      this.length -= 1;
      if (node.live === 0) this.nodes.splice(index, 1);
      return true;
    }
    return false;
  }

  /** Trims as Redis's `streamTrim`: whole nodes first, then (unless approximate) entries of the first node left. How many went. */
  trim(options: TrimOptions): bigint {
    let deleted = 0n;
    while (this.nodes.length > 0) {
      const node = this.nodes[0];
      if (node === undefined || (options.strategy === 'maxlen' && BigInt(this.length) <= options.maxlen)) break;
      if (options.limit > 0n && deleted + BigInt(node.live) > options.limit) break;
      if (this.#removable(node, options)) {
        this.nodes.shift();
        this.length -= node.live;
        deleted += BigInt(node.live);
        continue;
      }
      if (!options.approximate) deleted += this.#trimWithin(node, options);
      break;
    }
    if (deleted > 0n) this.firstId = this.edge(true) ?? minId;
    return deleted;
  }

  /** Whether a trim takes the whole node: the stream stays long enough without it, or its last ID (deleted or not) is below MINID. */
  #removable(node: StreamNode, options: TrimOptions): boolean {
    if (options.strategy === 'maxlen') return BigInt(this.length - node.live) >= options.maxlen;
    const last = node.entries.at(-1);
    return last !== undefined && compareIds(last.id, options.minid) < 0;
  }

  /** Marks the node's first entries deleted until the stream is short enough or an ID reaches MINID. */
  #trimWithin(node: StreamNode, options: TrimOptions): bigint {
    let deleted = 0n;
    for (const entry of node.entries) {
      const stop = options.strategy === 'maxlen' ? BigInt(this.length) <= options.maxlen : compareIds(entry.id, options.minid) >= 0;
      if (stop) break;
      if (entry.deleted) continue;
      entry.deleted = true;
      node.live -= 1;
      this.length -= 1;
      deleted += 1n;
    }
    return deleted;
  }

  /** The ID XADD gives an entry: `*` is the clock's time past the last ID; `ms-*` the next sequence at `ms`. `null` when it is not past the last ID. */
  newId(now: bigint, given: { readonly id: StreamId; readonly seqGiven: boolean } | null): StreamId | null {
    if (given === null) return now > this.lastId.ms ? { ms: now, seq: 0n } : nextId(this.lastId);
    let id = given.id;
    if (!given.seqGiven) {
      if (id.ms === this.lastId.ms) {
        const next = nextId(this.lastId);
        if (next === null || next.ms !== id.ms) return null;
        id = next;
      }
    }
    return compareIds(id, this.lastId) > 0 ? id : null;
  }

  /** Whether an ID range reaches a tombstone that still counts (Redis's `streamRangeHasTombstones`). */
  hasTombstones(start: StreamId): boolean {
    if (this.length === 0 || compareIds(this.maxDeletedId, minId) === 0) return false;
    if (compareIds(this.firstId, this.maxDeletedId) > 0) return false;
    return compareIds(start, this.maxDeletedId) <= 0;
  }

  /** How many entries were added up to `id`, when that can be told (Redis's `streamEstimateDistanceFromFirstEverEntry`); `null` when not. */
  entriesUpTo(id: StreamId): bigint | null {
    if (this.entriesAdded === 0n) return 0n;
    if (this.length === 0 && compareIds(id, this.lastId) < 1) return this.entriesAdded;
    const last = compareIds(id, this.lastId);
    if (last === 0) return this.entriesAdded;
    if (last > 0) return null;
    const first = compareIds(id, this.firstId);
    if (compareIds(this.maxDeletedId, minId) === 0 || compareIds(this.maxDeletedId, this.firstId) < 0) {
      if (first < 0) return this.entriesAdded - BigInt(this.length);
      if (first === 0) return this.entriesAdded - BigInt(this.length) + 1n;
    }
    return null;
  }

  /** How many radix-tree nodes Redis would hold for the stream's nodes: a compressed trie over their 16-byte keys. */
  radixNodes(): number {
    const keys = this.nodes.map((node) => {
      const first = node.entries[0]?.id ?? minId;
      const key = Buffer.alloc(16);
      key.writeBigUInt64BE(first.ms, 0);
      key.writeBigUInt64BE(first.seq, 8);
      return key;
    });
    return keys.length === 0 ? 1 : trieNodes(keys, 0);
  }
}

/** Radix-tree nodes for `keys` (16 bytes each, distinct) below a node at `depth`, that node included: it compresses a shared run, branches where they differ, and each key ends in a leaf. */
function trieNodes(keys: readonly Buffer[], depth: number): number {
  if (depth >= 16) return 1;
  if (keys.length === 1) return 2;
  let common = depth;
  while (common < 16 && keys.every((key) => key[common] === keys[0]?.[common])) common += 1;
  if (common > depth) return 1 + trieNodes(keys, common);
  const children = new Map<number, Buffer[]>();
  for (const key of keys) children.set(key[depth] ?? 0, [...(children.get(key[depth] ?? 0) ?? []), key]);
  let count = 1;
  for (const group of children.values()) count += trieNodes(group, depth + 1);
  return count;
}

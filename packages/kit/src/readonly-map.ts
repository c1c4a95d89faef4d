// A live, frozen, read-only view of a Map, for the pub/sub dictionaries, and those of a connection that may be absent.
import type { AbcConnection, AbcPatternChannel, AbcPlainChannel, Encoding } from 'aioredis-abc';

/**
 * Reads through to a map that only its owner can change. It has no `set`,
 * `delete` or `clear`, and it is frozen, so a caller cannot change it at run
 * time either, not even with a cast.
 */
export class ReadonlyMapView<K, V> implements ReadonlyMap<K, V> {
  readonly #map: ReadonlyMap<K, V>;

  constructor(map: ReadonlyMap<K, V>) {
    this.#map = map;
    Object.freeze(this);
  }

  get size(): number {
    return this.#map.size;
  }

  get(key: K): V | undefined {
    return this.#map.get(key);
  }

  has(key: K): boolean {
    return this.#map.has(key);
  }

  forEach(callback: (value: V, key: K, map: ReadonlyMap<K, V>) => void, thisArg?: unknown): void {
    this.#map.forEach((value, key) => callback.call(thisArg, value, key, this));
  }

  entries(): ReturnType<ReadonlyMap<K, V>['entries']> {
    return this.#map.entries();
  }

  keys(): ReturnType<ReadonlyMap<K, V>['keys']> {
    return this.#map.keys();
  }

  values(): ReturnType<ReadonlyMap<K, V>['values']> {
    return this.#map.values();
  }

  [Symbol.iterator](): ReturnType<ReadonlyMap<K, V>['entries']> {
    return this.#map.entries();
  }
}

/**
 * A view of a connection's channels (or patterns), typed as a connection of
 * encoding `E` has them: the connection decodes every message with `E` before
 * it puts it into a channel. The view itself, unchanged.
 */
export function pubsubDictionary<E extends Encoding>(channels: ReadonlyMap<string, AbcPlainChannel>): AbcConnection<E>['pubsubChannels'];
export function pubsubDictionary<E extends Encoding>(patterns: ReadonlyMap<string, AbcPatternChannel>): AbcConnection<E>['pubsubPatterns'];
export function pubsubDictionary(view: ReadonlyMap<string, AbcPlainChannel | AbcPatternChannel>): ReadonlyMap<string, AbcPlainChannel | AbcPatternChannel> {
  return view;
}

/** A dictionary of no channels, for a pool with no pub/sub connection. */
const noChannels = new ReadonlyMapView(new Map<string, AbcPlainChannel>());
/** A dictionary of no patterns, as `noChannels`. */
const noPatterns = new ReadonlyMapView(new Map<string, AbcPatternChannel>());

/** The channels of the connection kept for pub/sub, or none: typed as its pool's, whose encoding is its connections'. */
export function channelsOf<C extends AbcConnection>(conn: C | null): AbcConnection<C['encoding']>['pubsubChannels'];
export function channelsOf(conn: AbcConnection | null): AbcConnection['pubsubChannels'] {
  return conn?.pubsubChannels ?? noChannels;
}

/** A connection's shard channels, or none when there is no connection or it lists none. */
export function shardChannelsOf<C extends AbcConnection>(conn: C | null): AbcConnection<C['encoding']>['pubsubChannels'];
export function shardChannelsOf(conn: AbcConnection | null): AbcConnection['pubsubChannels'] {
  return conn?.pubsubShardChannels ?? noChannels;
}

/** The patterns of the connection kept for pub/sub, or none: typed as its pool's, like `channelsOf`. */
export function patternsOf<C extends AbcConnection>(conn: C | null): AbcConnection<C['encoding']>['pubsubPatterns'];
export function patternsOf(conn: AbcConnection | null): AbcConnection['pubsubPatterns'] {
  return conn?.pubsubPatterns ?? noPatterns;
}

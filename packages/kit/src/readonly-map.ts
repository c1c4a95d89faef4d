// examples/readonly-map.ts: a live, frozen, read-only view of a Map, for the pub/sub dictionaries.
import type { AbcChannel, AbcConnection, Encoding } from 'aioredis-abc';

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
export function pubsubDictionary<E extends Encoding>(channels: ReadonlyMapView<string, AbcChannel<false>>): AbcConnection<E>['pubsubChannels'];
export function pubsubDictionary<E extends Encoding>(patterns: ReadonlyMapView<string, AbcChannel<true>>): AbcConnection<E>['pubsubPatterns'];
export function pubsubDictionary(view: ReadonlyMapView<string, AbcChannel>): ReadonlyMap<string, AbcChannel> {
  return view;
}

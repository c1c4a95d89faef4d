// A live, frozen, read-only view of a Map, for the pub/sub dictionaries.

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

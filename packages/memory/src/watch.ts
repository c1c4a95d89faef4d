import type { Database } from './keyspace.js';

/** One watched key, and whether it had already expired when WATCH was sent. */
interface Watched {
  readonly db: Database;
  readonly key: string;
  expired: boolean;
}

/**
 * A connection's WATCH: the keys it watches, and whether one has changed
 * since. As in Redis 7.0, a key that had already expired when watched counts
 * as missing (its deletion is no change), and a watched key that expires
 * before EXEC is a change.
 */
export class WatchState {
  readonly #keys = new Map<string, Watched>();
  #dirty = false;

  /** The id a key is watched by: its database and its bytes. */
  static id(db: number, key: string): string {
    return `${db}:${key}`;
  }

  /** Starts watching a key (again watching one is nothing); returns its id, new or not. */
  watch(db: Database, key: string): string {
    const id = WatchState.id(db.id, key);
    if (!this.#keys.has(id)) this.#keys.set(id, { db, key, expired: db.isExpired(key) });
    return id;
  }

  /** The server calls this when a watched key changed. */
  touched(id: string): void {
    const watched = this.#keys.get(id);
    if (watched === undefined) return;
    if (watched.expired && !watched.db.isStored(watched.key)) watched.expired = false;
    else this.#dirty = true;
  }

  /** Whether EXEC must fail: a watched key changed, or expired since it was watched. */
  get dirty(): boolean {
    return this.#dirty || [...this.#keys.values()].some(({ db, key, expired }) => !expired && db.isExpired(key));
  }

  /** The ids watched. */
  get ids(): string[] {
    return [...this.#keys.keys()];
  }

  /** Forgets every key, as EXEC, DISCARD and UNWATCH do. */
  clear(): void {
    this.#keys.clear();
    this.#dirty = false;
  }
}

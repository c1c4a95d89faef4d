import type { Clock } from './clock.js';
import type { Stream } from './stream.js';
import { wrongType } from './reply.js';

/** How many databases a server has, as Redis's default `databases 16`. */
export const databases = 16;

/** A value of each type this double holds, as `TYPE` names it. Members and fields are keyed by their bytes read as latin1. */
export type Value =
  | { readonly type: 'string'; readonly bytes: Buffer }
  | { readonly type: 'hash'; readonly fields: Map<string, Buffer> }
  | { readonly type: 'list'; readonly items: Buffer[] }
  | { readonly type: 'set'; readonly members: Set<string> }
  | { readonly type: 'zset'; readonly scores: Map<string, number> }
  | Stream;

/** The name of a value's type. */
export type ValueType = Value['type'];

/** The value of type `T`. */
export type ValueOf<T extends ValueType> = Extract<Value, { readonly type: T }>;

interface Entry {
  value: Value;
  /** When it expires, in milliseconds since the epoch; `null` when it does not. */
  expiresAt: number | null;
}

/** What a database tells its server: a key was changed, so WATCH fails and blocked pops look at it. */
export interface KeyspaceEvents {
  touched(db: number, key: string): void;
  /** A key's callers blocked on it should look again, though it did not change for WATCH (XGROUP DESTROY). */
  ready(db: number, key: string): void;
}

/** Whether `value` is of type `T`. */
function isType<T extends ValueType>(value: Value, type: T): value is ValueOf<T> {
  return value.type === type;
}

/** A key as the bytes it stands for. */
export function keyBytes(key: string): Buffer {
  return Buffer.from(key, 'latin1');
}

/**
 * One of a server's databases: keys (bytes read as latin1) to values, with
 * expiry. A key whose time has passed is gone the moment anything looks at
 * it, as in Redis (`now > expiresAt`); deleting it counts as a change.
 */
export class Database {
  readonly #entries = new Map<string, Entry>();

  /**
   * @param id - Its index, 0 to 15.
   * @param clock - The clock its keys expire by.
   * @param events - Where it reports changed keys.
   */
  constructor(
    readonly id: number,
    readonly clock: Clock,
    readonly events: KeyspaceEvents,
  ) {}

  /** The clock's time, in whole milliseconds as Redis keeps it. */
  now(): number {
    return Math.floor(this.clock.now());
  }

  /** The key's entry, unless it is missing or has expired (then it is deleted). */
  #live(key: string): Entry | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt !== null && this.now() > entry.expiresAt) {
      this.#entries.delete(key);
      this.touch(key);
      return undefined;
    }
    return entry;
  }

  /** The key's value, or `undefined`. */
  get(key: string): Value | undefined {
    return this.#live(key)?.value;
  }

  /** The key's value of type `type`, `undefined` when missing; throws `WRONGTYPE` for another type. */
  read<T extends ValueType>(key: string, type: T): ValueOf<T> | undefined {
    const value = this.get(key);
    if (value === undefined) return undefined;
    if (!isType(value, type)) throw wrongType();
    return value;
  }

  /** The key's value of type `type`, created empty by `create` when missing (not stored until `store()`). */
  readOrCreate<T extends ValueType>(key: string, type: T, create: () => ValueOf<T>): ValueOf<T> {
    return this.read(key, type) ?? create();
  }

  /** Whether the key exists. */
  has(key: string): boolean {
    return this.#live(key) !== undefined;
  }

  /** Stores a value; `keepTtl` keeps the key's expiry, else it is removed. The key counts as changed. */
  set(key: string, value: Value, keepTtl = false): void {
    const expiresAt = keepTtl ? (this.#live(key)?.expiresAt ?? null) : null;
    this.#entries.set(key, { value, expiresAt });
    this.touch(key);
  }

  /** Stores a collection after a change: an empty one deletes the key, as Redis never keeps empty collections. */
  store(key: string, value: Value): void {
    const empty =
      (value.type === 'hash' && value.fields.size === 0) ||
      (value.type === 'list' && value.items.length === 0) ||
      (value.type === 'set' && value.members.size === 0) ||
      (value.type === 'zset' && value.scores.size === 0);
    const entry = this.#live(key);
    if (empty) {
      if (entry !== undefined) this.#entries.delete(key);
    } else if (entry === undefined) this.#entries.set(key, { value, expiresAt: null });
    else entry.value = value;
    this.touch(key);
  }

  /** Deletes the key; whether it existed. */
  delete(key: string): boolean {
    if (this.#live(key) === undefined) return false;
    this.#entries.delete(key);
    this.touch(key);
    return true;
  }

  /** When the key expires (ms since the epoch): `null` for no expiry, `undefined` when it does not exist. */
  expiresAt(key: string): number | null | undefined {
    const entry = this.#live(key);
    return entry === undefined ? undefined : entry.expiresAt;
  }

  /**
   * Sets or removes the key's expiry; a time that is not in the future
   * deletes the key at once, as EXPIRE and GETEX do. Whether the key existed.
   */
  expire(key: string, at: number | null): boolean {
    const entry = this.#live(key);
    if (entry === undefined) return false;
    if (at !== null && at <= this.now()) this.#entries.delete(key);
    else entry.expiresAt = at;
    this.touch(key);
    return true;
  }

  /** Gives a key just stored its expiry, past or not, as SET does: a past one deletes the key when it is next looked at. */
  setExpiry(key: string, at: number): void {
    const entry = this.#entries.get(key);
    if (entry !== undefined) entry.expiresAt = at;
  }

  /** Whether the key is still stored but its time has passed (WATCH looks at this at EXEC). */
  isExpired(key: string): boolean {
    const entry = this.#entries.get(key);
    return entry !== undefined && entry.expiresAt !== null && this.now() > entry.expiresAt;
  }

  /** Whether the key is stored, expired or not. */
  isStored(key: string): boolean {
    return this.#entries.has(key);
  }

  /**
   * The live keys, in the order they were created. With `expireLazily`, the
   * expired ones met are deleted (as `SCAN` does); without, they are only
   * left out (as `KEYS` does).
   */
  keys(expireLazily: boolean): string[] {
    return this.storedKeys().filter((key) => (expireLazily ? this.#live(key) !== undefined : !this.isExpired(key)));
  }

  /** Every stored key, expired ones not yet deleted included. */
  storedKeys(): string[] {
    return [...this.#entries.keys()];
  }

  /** How many keys are stored, expired ones not yet deleted included, as `DBSIZE` counts. */
  get size(): number {
    return this.#entries.size;
  }

  /** Deletes every key; each stored one counts as changed. */
  flush(): void {
    const keys = [...this.#entries.keys()];
    this.#entries.clear();
    for (const key of keys) this.touch(key);
  }

  /** Tells the server that the callers blocked on the key should look again, without the key counting as changed. */
  ready(key: string): void {
    this.events.ready(this.id, key);
  }

  /** Tells the server the key changed. */
  touch(key: string): void {
    this.events.touched(this.id, key);
  }
}

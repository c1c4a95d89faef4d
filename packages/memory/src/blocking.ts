import type { Database } from './keyspace.js';
import type { RawReply } from './reply.js';
import { WatchState } from './watch.js';

/**
 * What a blocked command tries when one of its keys changed: its reply, or
 * `undefined` to keep waiting; it throws a `ReplyError` to fail (BLMOVE onto
 * a key of another type).
 */
export type Attempt = (key: string) => RawReply | undefined;

/** A caller blocked in BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BZPOPMIN or BZPOPMAX. */
interface Blocked {
  readonly owner: object;
  readonly db: Database;
  readonly keys: readonly string[];
  readonly attempt: Attempt;
  readonly resolve: (reply: RawReply) => void;
  readonly reject: (error: unknown) => void;
  timer: NodeJS.Timeout | null;
}

/**
 * The callers blocked on keys, first come first served as in Redis: after
 * each command, the keys it changed are offered to the callers waiting on
 * them, oldest first.
 */
export class BlockedCalls {
  readonly #blocked: Blocked[] = [];
  readonly #ready = new Set<string>();

  /** Waits until `attempt` answers for one of the keys; `null` after `timeout` ms (0: no timeout). */
  block(owner: object, db: Database, keys: readonly string[], attempt: Attempt, timeout: number): Promise<RawReply> {
    return new Promise((resolve, reject) => {
      const blocked: Blocked = { owner, db, keys, attempt, resolve, reject, timer: null };
      if (timeout > 0) {
        blocked.timer = setTimeout(() => {
          this.#remove(blocked);
          resolve(null);
        }, timeout);
      }
      this.#blocked.push(blocked);
    });
  }

  /** A key changed: if a caller waits on it, it is offered to the callers after the command. */
  touched(id: string): void {
    if (this.#blocked.some(({ db, keys }) => keys.some((key) => WatchState.id(db.id, key) === id))) this.#ready.add(id);
  }

  /** Offers the changed keys to the callers waiting on them, oldest caller first, until none can be served. */
  serve(): void {
    for (const id of this.#ready) {
      this.#ready.delete(id);
      for (const blocked of [...this.#blocked]) {
        const key = blocked.keys.find((candidate) => WatchState.id(blocked.db.id, candidate) === id);
        if (key === undefined) continue;
        try {
          const reply = blocked.attempt(key);
          if (reply === undefined) continue;
          this.#remove(blocked);
          blocked.resolve(reply);
        } catch (error) {
          this.#remove(blocked);
          blocked.reject(error);
        }
      }
    }
  }

  /** How many callers (connections) are blocked. */
  owners(): number {
    return new Set(this.#blocked.map(({ owner }) => owner)).size;
  }

  /** Drops the callers of a connection that closed. */
  release(owner: object): void {
    for (const blocked of this.#blocked.filter((candidate) => candidate.owner === owner)) this.#remove(blocked);
  }

  #remove(blocked: Blocked): void {
    if (blocked.timer !== null) clearTimeout(blocked.timer);
    const index = this.#blocked.indexOf(blocked);
    if (index >= 0) this.#blocked.splice(index, 1);
  }
}

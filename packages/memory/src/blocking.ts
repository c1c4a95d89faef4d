import type { End } from './commands/index.js';
import { popFrom } from './commands/lists.js';
import { WatchState } from './watch.js';
import type { Database } from './keyspace.js';
import type { RawReply } from './reply.js';

/** A caller blocked in BLPOP or BRPOP. */
interface Blocked {
  readonly owner: object;
  readonly db: Database;
  readonly keys: readonly string[];
  readonly end: End;
  readonly resolve: (reply: RawReply) => void;
  timer: NodeJS.Timeout | null;
}

/**
 * The callers blocked on lists, first come first served as in Redis: after
 * each command, the lists it pushed to feed the callers waiting on them.
 */
export class BlockedPops {
  readonly #blocked: Blocked[] = [];
  readonly #ready = new Set<string>();

  /** Waits for an element of one of the keys; `null` after `timeout` ms (0: no timeout). */
  block(owner: object, db: Database, keys: readonly string[], end: End, timeout: number): Promise<RawReply> {
    return new Promise((resolve) => {
      const blocked: Blocked = { owner, db, keys, end, resolve, timer: null };
      if (timeout > 0) {
        blocked.timer = setTimeout(() => {
          this.#remove(blocked);
          resolve(null);
        }, timeout);
      }
      this.#blocked.push(blocked);
    });
  }

  /** A key changed: if a caller waits on it, it is looked at after the command. */
  touched(id: string): void {
    if (this.#blocked.some(({ db, keys }) => keys.some((key) => WatchState.id(db.id, key) === id))) this.#ready.add(id);
  }

  /** Feeds the waiting callers from the lists that got elements, oldest caller first. */
  serve(): void {
    while (this.#ready.size > 0) {
      const [id] = this.#ready;
      if (id === undefined) return;
      this.#ready.delete(id);
      for (const blocked of [...this.#blocked]) {
        const key = blocked.keys.find((candidate) => WatchState.id(blocked.db.id, candidate) === id);
        if (key === undefined) continue;
        const value = blocked.db.get(key);
        if (value?.type !== 'list' || value.items.length === 0) continue;
        const item = popFrom(blocked.db, key, value, blocked.end);
        if (item === undefined) continue;
        this.#remove(blocked);
        blocked.resolve([Buffer.from(key, 'latin1'), item]);
      }
    }
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

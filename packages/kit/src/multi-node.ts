// What the pools over several nodes (Sentinel, Cluster) share: how a connection is opened, the back-off and its pause, closing the node pools, the loans.
import type { Encoding } from 'aioredis-abc';
import type { ConnectOptions } from './options.js';
import type { ConnectionPool } from './pool.js';
import type { ReusableConnection } from './pool-types.js';

/** Opens one connection of the implementation; the pool calls it for every node and Sentinel. */
export type Connector<C extends ReusableConnection, E extends Encoding> = (options: ConnectOptions<E>) => Promise<C>;

/** Milliseconds to wait before the attempt after `attempt` (1 for the first): 100, 200, 400 … up to 1,000. */
export function backOff(attempt: number): number {
  return Math.min(100 * 2 ** (attempt - 1), 1_000);
}

/** Pauses for `ms`, or less when `stop` settles first; the timer never keeps the process alive. */
export function pause(ms: number, stop: Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    void stop.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Waits for every one of `closing` (node pools, listeners) to finish closing, whether or not it fails. */
export async function allClosed(closing: Iterable<{ waitClosed(): Promise<void> }>): Promise<void> {
  await Promise.allSettled([...closing].map((part) => part.waitClosed()));
}

/**
 * The node pool each handed-out connection came from, for a pool over several
 * nodes (Sentinel, Cluster): `release()` gives a connection back to its own.
 */
export class Loans<C extends ReusableConnection> {
  readonly #lenders = new Map<C, ConnectionPool<C>>();

  /** Records that `pool` lent `conn`, and returns it. */
  lend(conn: C, pool: ConnectionPool<C>): C {
    this.#lenders.set(conn, pool);
    return conn;
  }

  /** Gives `conn` back to the pool that lent it; an `Error` for one no pool here lent, and nothing changes. */
  giveBack(conn: C): void {
    const pool = this.#lenders.get(conn);
    if (pool === undefined) throw new Error('release: this connection was not acquired from this pool, or was released already');
    this.#lenders.delete(conn);
    pool.release(conn);
  }
}

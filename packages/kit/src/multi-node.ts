// What the pools over several nodes (Sentinel, Cluster) share: the loans of their connections.
import type { ConnectionPool } from './pool.js';
import type { ReusableConnection } from './pool-types.js';

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

import type { Address } from './address';
import type { CommandArg, CommandName } from './command';
import type { AbcConnection } from './connection';

/**
 * A pool of connections that is itself a connection: `execute()` on the pool
 * runs the command on a free connection (waiting for one when none is free),
 * and `executePubsub()` uses one connection kept for pub/sub.
 *
 * `C` is the type of the connections it hands out and takes back; the pool's
 * encoding is theirs.
 *
 * Sizes (`minsize`, `maxsize`, `size`, `freesize`) and `clear()` are not part
 * of the contract: a pool offers them if it has them.
 * Python: `aioredis.abc.AbcPool`.
 *
 * @example
 * ```ts
 * const conn = await pool.acquire();
 * try {
 *   await conn.execute('MULTI');
 *   await conn.execute('INCR', 'visits');
 *   await conn.execute('EXEC');
 * } finally {
 *   pool.release(conn);
 * }
 * ```
 */
export interface AbcPool<C extends AbcConnection = AbcConnection> extends AbcConnection<C['encoding']> {
  /**
   * The address connections are opened to, or `null` for a pool over several
   * servers.
   */
  readonly address: Address | null;

  /**
   * Takes a connection out of the pool and resolves with it: a free one,
   * a new one while the pool is below its maximum size, or the next one released
   * when it is not. Give it back with `release()`.
   * Rejects with a `PoolClosedError` when the pool is closed.
   *
   * `command` and `args` are an optional routing hint: a pool over several
   * servers (a cluster) may pick the connection by them. Nothing is executed.
   */
  acquire(command?: CommandName, ...args: CommandArg[]): Promise<C>;

  /**
   * Takes a free connection out of the pool now, or returns `null` when none is
   * free; it neither waits nor opens a connection. Give it back with
   * `release()`. Takes the same routing hint as `acquire()`.
   *
   * Decision: Python's `get_connection()` returns a pair of the connection and
   * its address. The address is the connection's own `address`, so the pair
   * would repeat it; this returns the connection alone.
   * Python: `get_connection()`.
   */
  getConnection(command?: CommandName, ...args: CommandArg[]): C | null;

  /**
   * Gives back a connection that this pool handed out. The pool closes, rather
   * than reuses, a connection that is closed, still in a transaction, in pub/sub
   * mode, or has another database selected. A connection this pool did not hand
   * out is refused with an `Error`, and nothing else changes.
   */
  release(conn: C): void;
}

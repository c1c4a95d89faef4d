import type { Address } from './address';
import type { CommandArg, CommandName } from './command';
import type { AbcConnection } from './connection';
import type { Encoding } from './reply';

/**
 * A pool of connections that is itself a connection: `execute()` on the pool
 * runs the command on a connection of the pool (waiting for one when none is
 * free), and `executePubsub()` uses one connection kept for pub/sub.
 * `execute()` on a pool may run plain commands on a connection shared with
 * other callers, but gives blocking commands (`BLPOP`, `BRPOP`, `BLMOVE`,
 * `BZPOPMIN`, `XREAD` and the like, `WAIT`) a connection of their own.
 * On a closed pool, `execute()` and `executePubsub()` reject with a
 * `PoolClosedError`.
 *
 * No caller of `execute()` can change what another sees. A command that
 * changes the connection it runs on for the commands after it rejects with a
 * `TypeError` that says to use `acquire()`, and nothing is sent: `SELECT`,
 * `MULTI`, `EXEC`, `DISCARD`, `WATCH`, `UNWATCH`, `AUTH`, `HELLO`, `RESET`,
 * `QUIT`, `READONLY`, `READWRITE`, `ASKING`, and `CLIENT` with `REPLY`,
 * `TRACKING`, `CACHING`, `SETNAME`, `SETINFO`, `NO-EVICT` or `NO-TOUCH`.
 * A command whose effect on its connection the pool cannot know (one newer
 * than its command table) runs on a connection of its own, which is then
 * closed.
 *
 * | Command | `pool.execute()` | on a connection from `acquire()`, then `release()` |
 * |---|---|---|
 * | plain (`GET`, `SET`, `PUBLISH` …) | shared, pipelined | runs; reused |
 * | blocking (`BLPOP`, `WAIT` …) | a connection of its own | runs; reused |
 * | `SELECT` | `TypeError`: give the pool its `db` | runs; closed on release unless back on the pool's db |
 * | `MULTI`, `EXEC`, `DISCARD`, `WATCH`, `UNWATCH` | `TypeError` | runs; closed on release while a transaction or a `WATCH` is open |
 * | `AUTH`, `HELLO 2`, `RESET`, `READONLY`, `READWRITE`, `ASKING`, the `CLIENT` subcommands above | `TypeError` | runs; closed on release |
 * | `QUIT` | `TypeError` | runs; the connection closes |
 * | `MONITOR`, `SYNC`, `PSYNC`, `CLIENT REPLY OFF`/`SKIP`, `HELLO 3` | `TypeError` | `TypeError` |
 * | `SUBSCRIBE` and the other (un)subscribing commands | `TypeError`: use `executePubsub()` | `TypeError`: use `executePubsub()` |
 * | unknown to the pool | a connection of its own, then closed | runs; closed on release |
 *
 * Decision: aioredis runs every command on a free connection and refuses
 * nothing, so a `MONITOR` or a `WATCH` through its pool is left on a
 * connection that other callers then use; here they are refused or never
 * handed on, so that one caller cannot change another's replies.
 *
 * `C` is the type of the connections it hands out and takes back; the pool's
 * encoding is theirs.
 *
 * Decision: `C` is bounded by `PooledConnection`, the members of a connection
 * that do not depend on its encoding, rather than by `AbcConnection`, because
 * checking a type argument against `AbcConnection` makes the compiler compare
 * two encodings member by member, which cost every program that names a pool
 * about 200 instantiations.
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
export interface AbcPool<C extends PooledConnection = AbcConnection> extends AbcConnection<C['encoding']> {
  /**
   * The address connections are opened to, or `null` for a pool over several
   * servers.
   */
  readonly address: Address | null;

  /**
   * The database its connections use: a connection released with another one
   * selected is closed rather than reused.
   */
  readonly db: number;

  /**
   * Takes a connection out of the pool and resolves with it: a free one,
   * a new one while the pool is below its maximum size, or the next one released
   * when it is not. Give it back with `release()`.
   * Rejects with a `PoolClosedError` when the pool is closed.
   *
   * `command` and `args` are an optional routing hint: a pool over several
   * servers (a cluster) may pick the connection by them. The hint executes
   * nothing.
   */
  acquire(command?: CommandName, ...args: CommandArg[]): Promise<C>;

  /**
   * Takes a free connection out of the pool now, or returns `null` when none is
   * free; it neither waits nor opens a connection. Give it back with
   * `release()`. Takes the same routing hint as `acquire()`.
   *
   * Decision: Python's `get_connection()` returns a pair of the connection and
   * its address, and the address is the connection's own `address`, so this
   * returns the connection alone.
   * Decision: the connection is taken out of the pool until `release()`, where
   * aioredis hands out a free connection that stays free and shared, so that
   * what a caller holds is its own.
   * Python: `get_connection()`.
   */
  getConnection(command?: CommandName, ...args: CommandArg[]): C | null;

  /**
   * Gives back a connection that this pool handed out. The pool closes, rather
   * than reuses, a connection that is closed, still in a transaction, in pub/sub
   * mode, or has another database selected. It closes, too, a connection with a
   * `WATCH` still open, or that ran a command that stays with it (`AUTH`,
   * `HELLO`, `RESET`, `READONLY`, `CLIENT SETNAME` and the like). A connection this pool did not hand
   * out is refused with an `Error`, and nothing else changes.
   */
  release(conn: C): void;
}

/**
 * What a pool requires of the connections it hands out: the members of
 * `AbcConnection` that do not depend on the encoding. Every `AbcConnection` is
 * one.
 */
export interface PooledConnection {
  /** As `AbcConnection.address`. */
  readonly address: Address | null;
  /** As `AbcConnection.db`. */
  readonly db: number;
  /** As `AbcConnection.encoding`: the pool's encoding is its connections'. */
  readonly encoding: Encoding;
  /** As `AbcConnection.closed`. */
  readonly closed: boolean;
  /** As `AbcConnection.inPubsub`. */
  readonly inPubsub: number;
  /** As `AbcConnection.close()`. */
  close(): void;
  /** As `AbcConnection.waitClosed()`. */
  waitClosed(): Promise<void>;
}

import type { Address } from './address';
import type { CommandArg, CommandName } from './command';
import type { AbcConnection } from './connection';
import type { Encoding } from './reply';

/**
 * A pool of connections that is itself a connection: `execute()` on the pool
 * runs the command on a connection of the pool (waiting for one when none is
 * free), and `executePubsub()` uses one connection kept for pub/sub. Plain
 * commands may share a connection with other callers; blocking ones (`BLPOP`,
 * `XREAD`, `WAIT` and the like) get a connection of their own. On a closed
 * pool, `execute()` and `executePubsub()` reject with a `PoolClosedError`.
 *
 * No caller of `execute()` can change what another sees. A command that changes
 * its connection for the commands after it rejects with a `TypeError` that says
 * to use `acquire()`, and nothing is sent: `SELECT`, `MULTI`, `EXEC`,
 * `DISCARD`, `WATCH`, `UNWATCH`, `AUTH`, `HELLO`, `RESET`, `QUIT`, `READONLY`,
 * `READWRITE`, `ASKING`, and `CLIENT` `REPLY`, `TRACKING`, `CACHING`,
 * `SETNAME`, `SETINFO`, `NO-EVICT` or `NO-TOUCH`. A command the pool does not
 * know runs on a connection of its own, which is then closed.
 *
 * | Command | `pool.execute()` | `acquire()`, `release()` |
 * |---|---|---|
 * | plain; blocking | shared; own connection | reused |
 * | `SELECT` | `TypeError` | closed unless on the pool's db |
 * | `MULTI`, `WATCH` … | `TypeError` | closed if one is open |
 * | `AUTH`, `CLIENT SETNAME` … | `TypeError` | closed |
 * | `MONITOR`, `SUBSCRIBE` … | `TypeError` | `TypeError` |
 * | unknown | own connection, closed | closed |
 *
 * `C` is its connections' type; their encoding is the pool's. Sizes and `clear()` are not part of the contract.
 * Python: `aioredis.abc.AbcPool`.
 *
 * Decision: aioredis runs any command on a shared connection; here one that
 * changes it is refused.
 * Decision: `C` is bounded by `PooledConnection`, as `AbcConnection` cost 200
 * instantiations.
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
   * Takes a connection out of the pool and resolves with it: a free one, a new
   * one while the pool is below its maximum size, or the next one released when
   * it is not. Give it back with `release()`. Rejects with a `PoolClosedError`
   * when the pool is closed.
   *
   * `command` and `args` are a hint a cluster pool may route by. The hint executes nothing.
   *
   * @example
   * ```ts
   * const conn = await pool.acquire();
   * try { await conn.execute('SELECT', 1); } finally { pool.release(conn); }
   * ```
   */
  acquire(command?: CommandName, ...args: CommandArg[]): Promise<C>;

  /**
   * Takes a free connection out of the pool now, or returns `null` when none is
   * free; it neither waits nor opens a connection. Takes the same routing hint
   * as `acquire()`.
   * Python: `get_connection()`.
   *
   * Decision: the connection alone, taken out of the pool until `release()`;
   * aioredis gives a pair and keeps it shared.
   */
  getConnection(command?: CommandName, ...args: CommandArg[]): C | null;

  /**
   * Gives back a connection that this pool handed out. The pool closes, rather
   * than reuses, a connection that is closed, still in a transaction, in
   * pub/sub mode, or has another database selected. It closes, too, one with a
   * `WATCH` open or that ran a command that stays with it (`AUTH`, `CLIENT
   * SETNAME` …). A connection this pool did not hand out is refused with an
   * `Error`, and nothing else changes.
   */
  release(conn: C): void;
}

/** What a pool requires of a connection: the members not tied to the encoding. */
export interface PooledConnection {
  /** As `AbcConnection.address`. */
  readonly address: Address | null;
  /** As `AbcConnection.db`. */
  readonly db: number;
  /** As `AbcConnection.encoding`. */
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

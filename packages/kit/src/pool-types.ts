// What a ConnectionPool is given: connections it can tell are fit to reuse, and how to open them.
import type { AbcConnection, Address } from 'aioredis-abc';
import type { ShardsMovedHandler } from './connection-pubsub.js';

/** A connection whose pool can tell whether it is fit to hand out. */
export interface ReusableConnection extends AbcConnection {
  /** Whether a `MULTI` was sent and its `EXEC` or `DISCARD` not yet. */
  readonly inTransaction: boolean;
  /** Whether it ran a command that stays with it and that the pool cannot undo (a `WATCH`, `AUTH`, `CLIENT SETNAME` …). */
  readonly stateChanged: boolean;
  /** How many commands are sent and not yet answered. */
  readonly pendingCommands: number;
  /** Sets who takes the shard channels the server unsubscribes on its own (their slot moved), as `ClientConnection.onShardsMoved()`; a Cluster pool moves them. */
  onShardsMoved?(handler: ShardsMovedHandler | null): void;
}

/** How a pool opens its connections. */
export interface PoolOptions<C extends ReusableConnection> {
  /** Opens one connection; rejects with an error of the contract's shapes when it cannot. */
  readonly create: () => Promise<C>;
  /**
   * Opens a connection that selects no database and sets no client name, for
   * `SCRIPT KILL` and `FUNCTION KILL` (`serverWideOptions()`); `create` when
   * absent, as for a client the application configured.
   */
  readonly createServerWide?: () => Promise<C>;
  /** The most connections open at once for commands, not counting the one kept for pub/sub. */
  readonly maxsize: number;
  /** Where the connections are opened to. */
  readonly address: Address | null;
  /** The connections' encoding. */
  readonly encoding: C['encoding'];
  /** The database the connections have selected; one released with another is closed. */
  readonly db: number;
  /** Milliseconds `acquire()` and a command wait for a connection before they reject with a `TimeoutError`; `null` for no limit. */
  readonly acquireTimeout: number | null;
}

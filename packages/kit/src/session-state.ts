// A connection's session as its commands leave it: the database, the transaction and its WATCH, and what no pool can undo.
import type { CommandArg, PubsubCommand } from 'aioredis-abc';
import type { StateChange } from './command-nature.js';
import { toBuffer } from './wire.js';

/** The database a `SELECT` argument names, read as the server reads it: as text. */
function dbOf(arg: CommandArg | undefined): number {
  if (arg === undefined) return 0;
  return Number(typeof arg === 'number' ? arg : typeof arg === 'string' ? arg : toBuffer(arg).toString('latin1'));
}

/**
 * What a connection's commands did to its session: the database selected, an
 * open transaction, a `WATCH`, and whether a command changed what a pool
 * cannot undo. The connection tells it what it sends and what succeeded.
 */
export class SessionState {
  /** The database selected: by the options, then by each `SELECT` that succeeded (at `EXEC` for one queued), 0 after `RESET`. */
  #db: number;
  /** Whether a `MULTI` succeeded and no `EXEC`, `DISCARD` or `RESET` was answered since. */
  #inTransaction = false;
  /**
   * Whether the server queues what is sent now: a `MULTI` was sent and no
   * `EXEC`, `DISCARD` or `RESET` after it. Unlike `#inTransaction`, it changes
   * when a command is sent, not when it is answered, as the server's queueing.
   */
  #queueing = false;
  /** The database a `SELECT` queued in the open transaction selects at `EXEC`, if any. */
  #queuedDb: number | null = null;
  /** Whether a `WATCH` succeeded and no `EXEC`, `DISCARD` or `UNWATCH` ended it. */
  #watching = false;
  /** Whether a command changed the session for good (`AUTH`, `CLIENT SETNAME`, `RESET`, an unknown command …). */
  #sessionChanged = false;

  /** A session that has selected `db`, and has changed nothing yet. */
  constructor(db: number) {
    this.#db = db;
  }

  /** The database selected. */
  get db(): number {
    return this.#db;
  }

  /** Whether a `MULTI` succeeded and its `EXEC` or `DISCARD` not yet. */
  get inTransaction(): boolean {
    return this.#inTransaction;
  }

  /** Whether a `WATCH` is on, or a command changed the session for good (see `ClientConnection.stateChanged`). */
  get stateChanged(): boolean {
    return this.#watching || this.#sessionChanged;
  }

  /** The handshake is over: what it sent (`AUTH`, `CLIENT SETNAME`) is the connection's own, not a change. */
  handshakeDone(): void {
    this.#sessionChanged = false;
  }

  /** A command named `name` is being sent: `MULTI` starts the server's queueing; `EXEC`, `DISCARD` and `RESET` end it. */
  sending(name: string, ends: boolean): void {
    if (name === 'MULTI' || ends || name === 'RESET') this.#queueing = name === 'MULTI';
  }

  /** Follows what a command that succeeded did to the connection; `EXEC` and `DISCARD` go through `endTransaction()`. */
  changed(name: string, args: readonly CommandArg[], change: StateChange): void {
    if (change === 'session') {
      this.#sessionChanged = true;
      if (name === 'RESET') {
        this.endTransaction(false);
        this.#db = 0;
      }
    } else if (change === 'db') {
      const db = dbOf(args[0]);
      if (this.#inTransaction) this.#queuedDb = db;
      else this.#db = db;
    } else if (name === 'MULTI') this.#inTransaction = true;
    else if (name === 'WATCH') this.#watching = true;
    else if (name === 'UNWATCH') this.#watching = false;
  }

  /** The server answered `EXEC` or `DISCARD`: the transaction and any `WATCH` are over, and a queued `SELECT` took effect if `EXEC` ran. */
  endTransaction(executed: boolean): void {
    if (executed && this.#queuedDb !== null) this.#db = this.#queuedDb;
    this.#inTransaction = false;
    this.#watching = false;
    this.#queuedDb = null;
  }

  /** The server refused a `MULTI`: it queues only if a `MULTI` before it opened a transaction (this one was nested). */
  readonly multiRefused = (): void => {
    this.#queueing = this.#inTransaction;
  };

  /**
   * Refuses a pub/sub command while a transaction is open, and nothing is
   * sent: Redis would queue it until `EXEC`, so that no confirmation could
   * be told, and `SSUBSCRIBE` would make `EXEC` fail.
   */
  refuseInTransaction(command: PubsubCommand): void {
    if (this.#queueing) throw new TypeError(`${command} between MULTI and EXEC is refused, and nothing is sent: Redis would queue it; subscribe before MULTI or after EXEC or DISCARD`);
  }
}

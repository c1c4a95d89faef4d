import type { Encoding } from 'aioredis-abc';
import { checkMaxsize, ConnectionPool, defaultTimeout, ReplyError, resolveOptions } from 'aioredis-abc-kit';
import { BlockedCalls, type Attempt } from './blocking.js';
import { systemClock, type Clock } from './clock.js';
import { MemoryConnection, type ConnectionServer } from './connection.js';
import { databases, Database } from './keyspace.js';
import type { Subscriber } from './commands/index.js';
import type { MemoryConnectOptions, MemoryPoolOptions, MemoryServerOptions } from './options.js';
import type { RawReply } from './reply.js';
import { FunctionStore } from './scripting/functions.js';
import { ScriptStore } from './scripting/scripts.js';
import { WatchState } from './watch.js';

/** A pool of in-memory connections, as `MemoryServer.createPool()` makes it. */
export type MemoryPool<E extends Encoding = 'utf-8'> = ConnectionPool<MemoryConnection<E>>;

/** Refuses, with a TypeError naming it, an option the double does not take. */
function checkKeys(options: object, allowed: readonly string[], what: string): void {
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) throw new TypeError(`${what} does not take the option '${key}': it takes ${allowed.join(', ')}`);
  }
}

/**
 * The shared state of in-memory connections, as one Redis server would hold
 * it: sixteen databases with expiry, the pub/sub broker, the keys each
 * connection watches, and the callers blocked on keys.
 */
export class MemoryServer implements ConnectionServer {
  /** The clock keys expire by. */
  readonly clock: Clock;
  readonly #databases: Database[];
  readonly #connections = new Set<MemoryConnection<Encoding>>();
  readonly #watchers = new Map<string, Set<WatchState>>();
  readonly #blocked = new BlockedCalls();
  /** The scripts EVAL compiled and SCRIPT LOAD loaded, shared by every connection. */
  readonly scripts: ScriptStore;
  /** The function libraries FUNCTION LOAD loaded, shared by every connection. */
  readonly functions: FunctionStore;

  /** When SAVE or BGSAVE last ran, in seconds since the epoch: the server's start until then. */
  lastSave: number;
  /** When the server was made, in milliseconds by its clock, as INFO's uptime counts. */
  readonly startedAt: number;

  /** The time the running command reads, once for all its keys; `null` between commands. */
  #commandTime: number | null = null;

  constructor(options: MemoryServerOptions = {}) {
    checkKeys(options, ['clock', 'scriptTimeout'], 'MemoryServer');
    const timeout = options.scriptTimeout ?? 5000;
    if (!(typeof timeout === 'number' && timeout > 0)) throw new TypeError(`MemoryServer's scriptTimeout must be a positive number of ms, not ${String(timeout)}`);
    this.scripts = new ScriptStore(timeout);
    this.functions = new FunctionStore(timeout);
    const clock = options.clock ?? systemClock;
    this.clock = clock;
    this.startedAt = clock.now();
    this.lastSave = Math.floor(this.startedAt / 1000);
    const commandClock: Clock = { now: () => this.#commandTime ?? clock.now() };
    const events = { touched: (db: number, key: string) => this.#touched(db, key), ready: (db: number, key: string) => this.#blocked.touched(WatchState.id(db, key)) };
    this.#databases = Array.from({ length: databases }, (_, id) => new Database(id, commandClock, events));
  }

  /**
   * Runs one command (or one EXEC) with the clock read once: the expiry it
   * sets and the expiries it checks all see the same time, so `PEXPIRE k 1`
   * never deletes the key it sets.
   */
  atCommandTime<T>(run: () => T): T {
    if (this.#commandTime !== null) return run();
    this.#commandTime = this.clock.now();
    try {
      return run();
    } finally {
      this.#commandTime = null;
    }
  }

  /**
   * Opens a connection to this server. Rejects with a `TypeError` for an
   * unknown option or encoding, or a `db` that is not a non-negative integer,
   * and with a `ReplyError` (`ERR DB index is out of range`) for a `db` past 15,
   * as a server does.
   */
  async connect<E extends Encoding>(options: MemoryConnectOptions<E>): Promise<MemoryConnection<E>> {
    checkKeys(options, ['encoding', 'db'], 'connect()');
    resolveOptions(options);
    if ((options.db ?? 0) >= databases) throw new ReplyError('ERR DB index is out of range');
    const conn = new MemoryConnection(this, options);
    this.#connections.add(conn);
    return conn;
  }

  /**
   * A pool of connections to this server. Throws a `TypeError` at once for
   * an option the connections would refuse so; a `db` past 15 makes each
   * command reject as `connect()` does.
   */
  createPool<E extends Encoding>(options: MemoryPoolOptions<E>): MemoryPool<E> {
    checkKeys(options, ['encoding', 'db', 'maxsize'], 'createPool()');
    const { maxsize, ...connect } = options;
    resolveOptions(connect);
    return new ConnectionPool({
      create: () => this.connect(connect),
      maxsize: checkMaxsize(maxsize),
      acquireTimeout: defaultTimeout,
      address: null,
      encoding: options.encoding,
      db: options.db ?? 0,
    });
  }

  /** Database `index` (0 to 15). */
  database(index: number): Database {
    const database = this.#databases[index];
    if (database === undefined) throw new RangeError(`no database ${index}`);
    return database;
  }

  /** Empties every database, as FLUSHALL. */
  flushAll(): void {
    for (const database of this.#databases) database.flush();
  }

  /** Delivers a message to every subscriber of the channel, by name and by pattern; how many got it. */
  publish(channel: Buffer, message: Buffer): number {
    let receivers = 0;
    for (const conn of this.#connections) receivers += conn.deliver(channel, message);
    return receivers;
  }

  /** How many connections are open, and how many of them wait in a blocking command, as INFO counts them. */
  clients(): { readonly connected: number; readonly blocked: number } {
    return { connected: this.#connections.size, blocked: this.#blocked.owners() };
  }

  /** Delivers a message to every subscriber of the shard channel (`SPUBLISH`); how many got it. */
  spublish(channel: Buffer, message: Buffer): number {
    let receivers = 0;
    for (const conn of this.#connections) receivers += conn.deliverShard(channel, message);
    return receivers;
  }

  /** What each open connection is subscribed to, for `PUBSUB`. */
  subscribers(): Subscriber[] {
    return [...this.#connections].map((conn) => conn.subscriber());
  }

  /** Registers a connection's WATCH of a key. */
  watch(state: WatchState, db: Database, key: string): void {
    const id = state.watch(db, key);
    const watchers = this.#watchers.get(id) ?? new Set();
    watchers.add(state);
    this.#watchers.set(id, watchers);
  }

  /** Forgets every key a connection watches. */
  unwatch(state: WatchState): void {
    for (const id of state.ids) this.#watchers.get(id)?.delete(state);
    state.clear();
  }

  /** Blocks a caller on keys until `attempt` answers for one, or `timeout` ms pass (0: forever). */
  block(owner: MemoryConnection<Encoding>, db: Database, keys: readonly string[], attempt: Attempt, timeout: number): Promise<RawReply> {
    return this.#blocked.block(owner, db, keys, attempt, timeout);
  }

  /** Serves the blocked callers waiting on the keys the last command changed. */
  serveBlocked(): void {
    this.#blocked.serve();
  }

  /** Forgets a closed connection: its subscriptions, watches and blocked calls. */
  disconnect(conn: MemoryConnection<Encoding>): void {
    this.#connections.delete(conn);
    this.#blocked.release(conn);
  }

  #touched(db: number, key: string): void {
    const id = WatchState.id(db, key);
    for (const state of this.#watchers.get(id) ?? []) state.touched(id);
    this.#blocked.touched(id);
  }
}

export { databases };

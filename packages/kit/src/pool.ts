// The pool of connections to one server: shared commands pipelined, connections handed out, blocking commands apart, pub/sub on one.
import type { AbcPool, Address, CommandArg, CommandName, Encoding, ExecuteArgs, PubsubCommand, PubsubConfirmation, PubsubTarget, PubsubTargets, Reply } from 'aioredis-abc';
import { checkExecutable, splitCommand } from './arguments.js';
import type { PoolRoute } from './command-nature.js';
import { CloseLatch, poolClosed } from './close-latch.js';
import { TimeoutError } from './errors.js';
import type { PoolOptions, ReusableConnection } from './pool-types.js';
import { checkTargets, pubsubKind } from './pubsub-targets.js';
import { channelsOf, patternsOf, shardChannelsOf } from './readonly-map.js';
import { waitIn, type Waiter } from './waiters.js';

/** The `TypeError` for a command that would change a shared connection for the callers after it. */
function refusedThroughPool(name: string): TypeError {
  const why = name === 'SELECT' ? 'give the pool its db when it is created, or' : 'to run it,';
  return new TypeError(
    `${name} through a pool's execute() would change a connection other callers share: ${why} take a connection of your own ` +
      'with acquire() and give it back with release(), which closes it if it is left changed',
  );
}

/** How many commands in flight a shared connection takes before the pool looks for, or opens, another. */
const sharedDepth = 64;

/**
 * A pool of connections. `execute()` runs a plain command on a free connection
 * without taking it out of the pool, so that concurrent commands share
 * connections and are pipelined on them; it refuses a command that would
 * change its connection for the others (`commandNature()`), and runs a
 * blocking command on a connection of a second set, as large again, kept for
 * blocking commands, so that they never starve the others. `acquire()` hands
 * out a free connection, opens one while fewer than `maxsize` are open, and
 * waits otherwise, for `acquireTimeout` at most; `release()` takes it back, or
 * closes it when it is not fit to reuse. Pub/sub goes through one connection
 * of its own.
 */
export class ConnectionPool<C extends ReusableConnection> implements AbcPool<C> {
  readonly address: Address | null;
  readonly encoding: C['encoding'];
  readonly db: number;
  readonly #options: PoolOptions<C>;
  readonly #create: () => Promise<C>;
  readonly #maxsize: number;
  /** Connections for blocking commands, as many again as `maxsize`, apart so that they never starve the others. */
  #blocking: ConnectionPool<C> | null = null;
  /** Connections in the pool: not handed out, possibly running shared commands. */
  readonly #free: C[] = [];
  /** Connections handed out by `acquire()` or `getConnection()`. */
  readonly #used = new Set<C>();
  /** Callers of `acquire()` waiting for a connection of their own. */
  readonly #waiters: Waiter<C>[] = [];
  /** Plain commands waiting for the pool to change, to look for a connection to share again. */
  readonly #sharers: Waiter<void>[] = [];
  /** Connections opening, and connections closing: `waitClosed()` waits for both. */
  readonly #unsettled = new Set<Promise<unknown>>();
  #opening = 0;
  #pubsub: C | null = null;
  #pubsubOpening: Promise<C> | null = null;
  /** Whether `close()` was called, and a promise that settles then. */
  readonly #latch = new CloseLatch();

  constructor(options: PoolOptions<C>) {
    if (!Number.isInteger(options.maxsize) || options.maxsize < 1) {
      throw new TypeError(`maxsize must be a positive integer, not ${String(options.maxsize)}`);
    }
    this.#options = options;
    this.#create = options.create;
    this.#maxsize = options.maxsize;
    this.address = options.address;
    this.encoding = options.encoding;
    this.db = options.db;
  }

  get closed(): boolean {
    return this.#latch.closed;
  }

  /** How many connections are open or opening for commands. */
  get size(): number {
    return this.#free.length + this.#used.size + this.#opening;
  }

  get inPubsub(): number {
    return this.#pubsub?.inPubsub ?? 0;
  }

  get pubsubChannels(): AbcPool<C>['pubsubChannels'] {
    return channelsOf(this.#pubsub);
  }

  get pubsubPatterns(): AbcPool<C>['pubsubPatterns'] {
    return patternsOf(this.#pubsub);
  }

  /** The shard channels of its pub/sub connection. */
  get pubsubShardChannels(): AbcPool<C>['pubsubChannels'] {
    return shardChannelsOf(this.#pubsub);
  }

  /** The routing hint is not used: every connection of this pool goes to the same server. */
  async acquire(_command?: CommandName, ..._args: CommandArg[]): Promise<C> {
    this.#latch.check();
    const free = this.getConnection();
    if (free) return free;
    const waiting = this.#wait(this.#waiters);
    this.#serve();
    return waiting;
  }

  /**
   * Waits in `list` to be served, for `acquireTimeout` at most: then the
   * waiter leaves the list and rejects with a `TimeoutError` that says how
   * many connections are handed out and how many still opening.
   */
  #wait<T>(list: Waiter<T>[]): Promise<T> {
    return waitIn(list, this.#options.acquireTimeout, this.#noneFree);
  }

  /** The `TimeoutError` of a caller that waited `ms` for a connection, with how busy the pool is now. */
  readonly #noneFree = (ms: number): TimeoutError =>
    new TimeoutError(`no connection of the pool was free within ${ms} ms: ${this.#used.size} in use, ${this.#opening} opening, of at most ${this.#maxsize}`);

  /** Takes the routing hint of `acquire()`, and does not use it either. Hands out an idle connection only. */
  getConnection(_command?: CommandName, ..._args: CommandArg[]): C | null {
    this.#dropClosed();
    const index = this.#free.findIndex((conn) => conn.pendingCommands === 0);
    if (this.#latch.closed || index < 0) return null;
    const [conn] = this.#free.splice(index, 1);
    if (conn === undefined) return null;
    this.#used.add(conn);
    return conn;
  }

  release(conn: C): void {
    if (!this.#used.delete(conn)) throw new Error('release: this connection was not acquired from this pool, or was released already');
    const fit =
      !this.#latch.closed && !conn.closed && !conn.inTransaction && !conn.stateChanged && conn.inPubsub === 0 && conn.db === this.db && conn.pendingCommands === 0;
    if (fit) this.#free.push(conn);
    else this.#retire(conn);
    this.#changed();
  }

  /** Something changed (a connection came back, opened or closed): serve the waiters again. */
  #changed(): void {
    this.#serve();
    for (const sharer of this.#sharers.splice(0)) sharer.resolve();
  }

  /** An opening failed: the waiters it was for, and every plain command waiting, reject with its error. */
  #failed(error: unknown, waiter: Waiter<C> | undefined): void {
    const reason = error instanceof Error ? error : new Error(String(error));
    waiter?.reject(reason);
    for (const sharer of this.#sharers.splice(0)) sharer.reject(reason);
    this.#serve();
  }

  /** Hands idle connections to waiters, and opens connections for the rest while the pool has room. */
  #serve(): void {
    while (this.#waiters.length > 0) {
      const conn = this.getConnection();
      if (conn === null) break;
      this.#waiters.shift()?.resolve(conn);
    }
    let wanted = this.#waiters.length - this.#opening;
    while (wanted > 0 && this.size < this.#maxsize && !this.#latch.closed) {
      wanted -= 1;
      this.#open(true);
    }
  }

  #add(conn: C): void {
    this.#free.push(conn);
    this.#changed();
  }

  /**
   * Opens a connection into the pool. It counts as opening until it is in the
   * pool, so that the pool never opens more than `maxsize`; one that opens
   * after `close()` is closed. A failure rejects the waiter it was opened for,
   * if any, and the plain commands waiting.
   */
  #open(forWaiter: boolean): void {
    this.#opening += 1;
    const opening = this.#create();
    this.#unsettled.add(opening);
    const settle = (): void => {
      this.#opening -= 1;
      this.#unsettled.delete(opening);
    };
    opening.then(
      (conn) => {
        settle();
        if (this.#latch.closed) this.#retire(conn);
        else this.#add(conn);
      },
      (error: unknown) => {
        settle();
        this.#failed(error, forWaiter ? this.#waiters.shift() : undefined);
      },
    );
  }

  #dropClosed(): void {
    for (let i = this.#free.length - 1; i >= 0; i -= 1) {
      const conn = this.#free[i];
      if (conn?.closed) {
        this.#free.splice(i, 1);
        this.#retire(conn);
      }
    }
  }

  #retire(conn: C): void {
    conn.close();
    const closing = conn.waitClosed();
    this.#unsettled.add(closing);
    void closing.finally(() => this.#unsettled.delete(closing));
  }

  /**
   * The connection a plain command shares: the first free one with fewer than
   * `sharedDepth` commands in flight, or else the least busy. Commands pipeline
   * on few sockets, which is faster than spreading them, and the pool opens
   * another connection only when every one it could use has that many in
   * flight. While callers of `acquire()` wait, the least busy connection is kept
   * from new commands so that it drains for them.
   */
  #shared(): C | null {
    this.#dropClosed();
    const reserved = this.#waiters.length > 0 ? this.#leastBusy() : null;
    let best: C | null = null;
    for (const conn of this.#free) {
      if (conn === reserved) continue;
      if (conn.pendingCommands < sharedDepth) return conn;
      if (best === null || conn.pendingCommands < best.pendingCommands) best = conn;
    }
    if (this.#opening === 0 && this.size < this.#maxsize && !this.#latch.closed) this.#open(false);
    return best;
  }

  #leastBusy(): C | null {
    let best: C | null = null;
    for (const conn of this.#free) {
      if (best === null || conn.pendingCommands < best.pendingCommands) best = conn;
    }
    return best;
  }

  /** A shared command settled: a connection may be idle now, for a caller of `acquire()` that waits. */
  readonly #settled = <T>(value: T): T => {
    if (this.#waiters.length > 0) this.#serve();
    return value;
  };

  readonly #settledWithError = (error: unknown): never => {
    if (this.#waiters.length > 0) this.#serve();
    throw error;
  };

  execute<O extends Encoding = C['encoding']>(command: CommandName, ...args: ExecuteArgs<O>): Promise<Reply<O>>;
  execute(command: CommandName, ...args: ExecuteArgs): Promise<Reply> {
    if (this.#latch.closed) return Promise.reject(poolClosed());
    let route: PoolRoute;
    try {
      const call = splitCommand(command, args);
      route = checkExecutable(call.name, call.args, 0).route;
      if (route === 'refused') throw refusedThroughPool(call.name);
    } catch (error) {
      return Promise.reject(error);
    }
    if (route === 'alone') return this.#executeBlocking(command, args);
    if (route === 'retired') return this.#executeRetired(command, args);
    if (route === 'server') return this.#executeServerWide(command, args);
    const shared = this.#shared();
    return shared === null ? this.#executeShared(command, args) : this.#sendShared(shared, command, args);
  }

  #sendShared(shared: C, command: CommandName, args: ExecuteArgs): Promise<Reply> {
    const reply = shared.execute(command, ...args);
    // Below its maximum size the pool opens a connection for a caller of
    // acquire() that waits; at it, that caller waits for a connection to drain.
    return this.size < this.#maxsize ? reply : reply.then(this.#settled, this.#settledWithError);
  }

  /** A plain command that found no connection to share: it waits for the pool to change, and looks again. */
  async #executeShared(command: CommandName, args: ExecuteArgs): Promise<Reply> {
    for (;;) {
      await this.#wait(this.#sharers);
      this.#latch.check();
      const shared = this.#shared();
      if (shared !== null) return this.#sendShared(shared, command, args);
    }
  }

  /** A command the kit does not know: on a connection of its own, closed afterwards, since what it did to it is not known. */
  async #executeRetired(command: CommandName, args: ExecuteArgs): Promise<Reply> {
    const conn = await this.acquire();
    try {
      return await conn.execute(command, ...args);
    } finally {
      conn.close();
      this.release(conn);
    }
  }

  /** `SCRIPT KILL` or `FUNCTION KILL`: on a connection opened for it (`createServerWide`), apart from the pool, closed afterwards. */
  async #executeServerWide(command: CommandName, args: ExecuteArgs): Promise<Reply> {
    const opening = (this.#options.createServerWide ?? this.#create)();
    this.#unsettled.add(opening);
    try {
      const conn = await opening;
      try {
        return await conn.execute(command, ...args);
      } finally {
        this.#retire(conn);
      }
    } finally {
      this.#unsettled.delete(opening);
    }
  }

  /** A blocking command: on a connection of the blocking commands' own pool, so that the others always have theirs. */
  async #executeBlocking(command: CommandName, args: ExecuteArgs): Promise<Reply> {
    this.#blocking ??= new ConnectionPool(this.#options);
    const blocking = this.#blocking;
    const conn = await blocking.acquire();
    try {
      return await conn.execute(command, ...args);
    } finally {
      blocking.release(conn);
    }
  }

  executePubsub<K extends PubsubCommand>(command: K, ...targets: PubsubTargets<K, C['encoding']>): Promise<PubsubConfirmation[]>;
  async executePubsub<K extends PubsubCommand>(command: K, ...targets: [PubsubTarget<K>, ...PubsubTarget<K>[]]): Promise<PubsubConfirmation[]> {
    this.#latch.check();
    // Refused before the pub/sub connection is opened for it.
    checkTargets(pubsubKind(command), targets);
    const conn = await this.#pubsubConnection();
    return conn.executePubsub(command, ...targets);
  }

  /** The connection kept for pub/sub, opened on first use and again after it closed. */
  #pubsubConnection(): Promise<C> {
    if (this.#pubsub && !this.#pubsub.closed) return Promise.resolve(this.#pubsub);
    this.#pubsubOpening ??= this.#openPubsub();
    return this.#pubsubOpening;
  }

  async #openPubsub(): Promise<C> {
    const opening = this.#create();
    this.#unsettled.add(opening);
    try {
      const conn = await opening;
      if (this.#latch.closed) {
        this.#retire(conn);
        throw poolClosed('the pool was closed while its pub/sub connection was opening');
      }
      this.#pubsub = conn;
      return conn;
    } finally {
      this.#unsettled.delete(opening);
      this.#pubsubOpening = null;
    }
  }

  close(): void {
    if (!this.#latch.close()) return;
    for (const waiter of [...this.#waiters.splice(0), ...this.#sharers.splice(0)]) waiter.reject(poolClosed());
    for (const conn of [...this.#free.splice(0), ...this.#used]) this.#retire(conn);
    if (this.#pubsub) this.#retire(this.#pubsub);
    this.#blocking?.close();
  }

  /** Resolves once the pool is closed and every connection it opened, or was opening, is closed. */
  async waitClosed(): Promise<void> {
    await this.#latch.requested;
    await this.#blocking?.waitClosed();
    while (this.#unsettled.size > 0) await Promise.allSettled([...this.#unsettled]);
  }
}

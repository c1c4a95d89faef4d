// examples/pool.ts: AbcPool over any connection class; the adapters make their pools with it.
import type {
  AbcChannel,
  AbcConnection,
  AbcPool,
  Address,
  CommandArg,
  CommandName,
  Encoding,
  ExecuteArgs,
  PubsubCommand,
  PubsubConfirmation,
  PubsubTarget,
  PubsubTargets,
  Reply,
} from 'aioredis-abc';
import { PoolClosedError } from './errors.js';
import { ReadonlyMapView } from './readonly-map.js';

/** A connection whose pool can tell that it is inside a transaction. */
export interface PooledConnection extends AbcConnection {
  /** Whether a `MULTI` was sent and its `EXEC` or `DISCARD` not yet. */
  readonly inTransaction: boolean;
}

/** How a pool opens its connections. */
export interface PoolOptions<C extends PooledConnection> {
  /** Opens one connection. */
  readonly create: () => Promise<C>;
  /** The most connections open at once for commands, not counting the one kept for pub/sub. */
  readonly maxsize: number;
  /** Where the connections are opened to. */
  readonly address: Address | null;
  /** The connections' encoding. */
  readonly encoding: C['encoding'];
  /** The database the connections have selected; one released with another is closed. */
  readonly db: number;
}

interface Waiter<C> {
  resolve(conn: C): void;
  reject(error: Error): void;
}

const noChannels = new ReadonlyMapView(new Map<string, AbcChannel<false>>());
const noPatterns = new ReadonlyMapView(new Map<string, AbcChannel<true>>());

/** The channels of the connection kept for pub/sub, or none: typed as its pool's, whose encoding is its connections'. */
function channelsOf<C extends AbcConnection>(conn: C | null): AbcConnection<C['encoding']>['pubsubChannels'];
function channelsOf(conn: AbcConnection | null): AbcConnection['pubsubChannels'] {
  return conn?.pubsubChannels ?? noChannels;
}

/** The patterns of the connection kept for pub/sub, or none: typed as its pool's, like `channelsOf`. */
function patternsOf<C extends AbcConnection>(conn: C | null): AbcConnection<C['encoding']>['pubsubPatterns'];
function patternsOf(conn: AbcConnection | null): AbcConnection['pubsubPatterns'] {
  return conn?.pubsubPatterns ?? noPatterns;
}

/**
 * A pool of connections. `acquire()` hands out a free connection, opens one
 * while fewer than `maxsize` are open, and waits otherwise; `release()` takes it
 * back, or closes it when it is not fit to reuse. Pub/sub goes through one
 * connection of its own.
 */
export class ConnectionPool<C extends PooledConnection> implements AbcPool<C> {
  readonly address: Address | null;
  readonly encoding: C['encoding'];
  readonly db: number;
  readonly #create: () => Promise<C>;
  readonly #maxsize: number;
  readonly #free: C[] = [];
  readonly #used = new Set<C>();
  readonly #waiters: Waiter<C>[] = [];
  readonly #closing: Promise<void>[] = [];
  #opening = 0;
  #pubsub: C | null = null;
  #pubsubOpening: Promise<C> | null = null;
  #closed = false;
  #markClosed: () => void = () => {};
  readonly #closeRequested = new Promise<void>((resolve) => {
    this.#markClosed = resolve;
  });

  constructor(options: PoolOptions<C>) {
    if (!Number.isInteger(options.maxsize) || options.maxsize < 1) {
      throw new TypeError(`maxsize must be a positive integer, not ${String(options.maxsize)}`);
    }
    this.#create = options.create;
    this.#maxsize = options.maxsize;
    this.address = options.address;
    this.encoding = options.encoding;
    this.db = options.db;
  }

  get closed(): boolean {
    return this.#closed;
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

  /** The routing hint is not used: every connection of this pool goes to the same server. */
  async acquire(_command?: CommandName, ..._args: CommandArg[]): Promise<C> {
    if (this.#closed) throw new PoolClosedError('the pool is closed');
    const free = this.getConnection();
    if (free) return free;
    if (this.size < this.#maxsize) return this.#open();
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }

  /** Takes the routing hint of `acquire()`, and does not use it either. */
  getConnection(_command?: CommandName, ..._args: CommandArg[]): C | null {
    for (let conn = this.#free.pop(); conn !== undefined; conn = this.#free.pop()) {
      if (!conn.closed) {
        this.#used.add(conn);
        return conn;
      }
    }
    return null;
  }

  release(conn: C): void {
    if (!this.#used.delete(conn)) throw new Error('release: this connection was not acquired from this pool');
    const reusable = !this.#closed && !conn.closed && !conn.inTransaction && conn.inPubsub === 0 && conn.db === this.db;
    const waiter = this.#waiters.shift();
    if (reusable && waiter) {
      this.#used.add(conn);
      waiter.resolve(conn);
    } else if (reusable) {
      this.#free.push(conn);
    } else {
      this.#retire(conn);
      if (waiter) this.#open().then(waiter.resolve, waiter.reject);
    }
  }

  async #open(): Promise<C> {
    this.#opening += 1;
    try {
      const conn = await this.#create();
      if (this.#closed) {
        this.#retire(conn);
        throw new PoolClosedError('the pool was closed while a connection was opening');
      }
      this.#used.add(conn);
      return conn;
    } finally {
      this.#opening -= 1;
    }
  }

  #retire(conn: C): void {
    conn.close();
    this.#closing.push(conn.waitClosed());
  }

  execute<O extends Encoding = C['encoding']>(command: CommandName, ...args: ExecuteArgs<O>): Promise<Reply<O>>;
  async execute(command: CommandName, ...args: ExecuteArgs): Promise<Reply> {
    const conn = await this.acquire();
    try {
      return await conn.execute(command, ...args);
    } finally {
      this.release(conn);
    }
  }

  executePubsub<K extends PubsubCommand>(command: K, ...targets: PubsubTargets<K, C['encoding']>): Promise<PubsubConfirmation[]>;
  async executePubsub<K extends PubsubCommand>(command: K, ...targets: [PubsubTarget<K>, ...PubsubTarget<K>[]]): Promise<PubsubConfirmation[]> {
    if (this.#closed) throw new PoolClosedError('the pool is closed');
    const conn = await this.#pubsubConnection();
    return conn.executePubsub(command, ...targets);
  }

  /** The connection kept for pub/sub, opened on first use and again after it closed. */
  #pubsubConnection(): Promise<C> {
    if (this.#pubsub && !this.#pubsub.closed) return Promise.resolve(this.#pubsub);
    this.#pubsubOpening ??= this.#create().then(
      (conn) => {
        this.#pubsub = conn;
        this.#pubsubOpening = null;
        return conn;
      },
      (error: unknown) => {
        this.#pubsubOpening = null;
        throw error;
      },
    );
    return this.#pubsubOpening;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const waiter of this.#waiters.splice(0)) waiter.reject(new PoolClosedError('the pool is closed'));
    for (const conn of [...this.#free.splice(0), ...this.#used]) this.#retire(conn);
    if (this.#pubsub) this.#retire(this.#pubsub);
    this.#markClosed();
  }

  async waitClosed(): Promise<void> {
    await this.#closeRequested;
    await Promise.all(this.#closing);
  }
}

// A pool that follows a Sentinel-managed master (or its replicas) through failovers, over a ConnectionPool per node.
import type { AbcPool, Address, CommandArg, CommandName, Encoding, ExecuteArgs, PubsubCommand, PubsubConfirmation, PubsubTargets, RawMessage, Reply } from 'aioredis-abc';
import { PlainChannel } from './channel.js';
import { ConnectionClosedError, ConnectionForcedCloseError, MasterNotFoundError, PoolClosedError, ReadOnlyError, SlaveNotFoundError } from './errors.js';
import { resolveSentinelPoolOptions, type ConnectOptions, type SentinelPoolOptions } from './options.js';
import { ConnectionPool, Loans, type ReusableConnection } from './pool.js';

/** Opens one connection of the implementation; the pool calls it for every node and Sentinel. */
export type Connector<C extends ReusableConnection, E extends Encoding> = (options: ConnectOptions<E>) => Promise<C>;

/** How many times `execute()` sends a command again after the server refused it as a replica (`READONLY`) or could not be reached. */
const retries = 3;

/** Milliseconds between two rounds of asking the Sentinels, while none names a reachable node of the role. */
const retryPause = 200;

/** A reply item as text: a string as is, bytes as UTF-8, anything else `null`. */
export function asText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('utf8');
  return null;
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

/**
 * An `AbcPool` over a service that Redis Sentinel manages. It asks the
 * Sentinels, in order, where the master is (`SENTINEL GET-MASTER-ADDR-BY-NAME`),
 * or, with `role: 'replica'`, which replicas are up (`SENTINEL REPLICAS`, one
 * at random), and keeps a `ConnectionPool` to that node, each of whose
 * connections checks the node's `ROLE` when it opens. It follows a failover:
 * on a Sentinel's `+switch-master` message, on a lost connection, and on a
 * `READONLY` reply (a master that became a replica), the node's pool is closed
 * (its pending commands reject) and the next command asks the Sentinels again.
 * A command refused with `READONLY`, or one whose connection could not be
 * opened, is sent again, three times at most. When no Sentinel names a node of
 * the role that is reachable and says it is one, within the connect timeout,
 * commands reject with `MasterNotFoundError`, or `SlaveNotFoundError` for a
 * replica pool.
 */
export class SentinelPool<C extends ReusableConnection> implements AbcPool<C> {
  readonly encoding: C['encoding'];
  readonly db: number;
  readonly #service: string;
  readonly #sentinels: readonly (readonly [string, number])[];
  readonly #role: 'master' | 'replica';
  readonly #connect: Connector<C, C['encoding']>;
  readonly #connection: ConnectOptions<C['encoding']>;
  readonly #sentinelOptions: ConnectOptions<C['encoding']>;
  readonly #maxsize: number;
  readonly #acquireTimeout: number | null;
  readonly #discoverFor: number;
  /** The pool of the node in use, once found. */
  #node: ConnectionPool<C> | null = null;
  #discovering: Promise<ConnectionPool<C>> | null = null;
  /** Every node pool opened, until it has closed: `waitClosed()` waits for them. */
  readonly #pools = new Set<ConnectionPool<C>>();
  /** Connections handed out, with the node pool each came from. */
  readonly #lent = new Loans<C>();
  /** Errors of connections that never opened: their commands were never sent, so they may be sent again. */
  readonly #unopened = new WeakSet<object>();
  /** A pool that never opens anything: the subscriptions before a node is found. */
  readonly #idle: ConnectionPool<C>;
  #watching: Promise<void> | null = null;
  #watcher: C | null = null;
  #closed = false;
  #markClosed: () => void = () => {};
  readonly #closeRequested = new Promise<void>((resolve) => {
    this.#markClosed = resolve;
  });

  /**
   * Checks the options with `resolveSentinelPoolOptions()`, and opens nothing
   * yet. `connect` opens one connection of the implementation.
   */
  constructor(options: SentinelPoolOptions<C['encoding']>, connect: Connector<C, C['encoding']>) {
    const { service, sentinels, role, pool: resolved } = resolveSentinelPoolOptions(options);
    this.#service = service;
    this.#sentinels = sentinels;
    this.#role = role;
    this.#connect = connect;
    this.#connection = resolved.connection;
    this.#sentinelOptions = {
      encoding: resolved.encoding,
      connectTimeout: resolved.connectTimeout,
      commandTimeout: resolved.commandTimeout,
      keepAlive: resolved.keepAlive,
      ...(resolved.tls === null ? {} : { tls: resolved.tls }),
    };
    this.#maxsize = resolved.maxsize;
    this.#acquireTimeout = resolved.acquireTimeout;
    this.#discoverFor = resolved.connectTimeout ?? 10_000;
    this.encoding = resolved.encoding;
    this.db = resolved.db;
    this.#idle = new ConnectionPool<C>({
      create: () => Promise.reject(new PoolClosedError('no node is known yet')),
      maxsize: 1,
      address: null,
      encoding: resolved.encoding,
      db: 0,
      acquireTimeout: null,
    });
  }

  /** The current node's `[host, port]`: `null` before it is found, and while a failover is being followed. */
  get address(): Address | null {
    return this.#node?.address ?? null;
  }

  get closed(): boolean {
    return this.#closed;
  }

  get inPubsub(): number {
    return this.#node?.inPubsub ?? 0;
  }

  get pubsubChannels(): AbcPool<C>['pubsubChannels'] {
    return this.#nodeOrEmpty().pubsubChannels;
  }

  get pubsubPatterns(): AbcPool<C>['pubsubPatterns'] {
    return this.#nodeOrEmpty().pubsubPatterns;
  }

  /** The node's pool, or a closed one with no subscriptions before a node is found. */
  #nodeOrEmpty(): AbcPool<C> {
    return this.#node ?? this.#idle;
  }

  #notFound(message: string): MasterNotFoundError | SlaveNotFoundError {
    return this.#role === 'master' ? new MasterNotFoundError(message) : new SlaveNotFoundError(message);
  }

  /** The pool of the current node, found through the Sentinels when there is none. */
  #current(): Promise<ConnectionPool<C>> {
    if (this.#closed) return Promise.reject(new PoolClosedError('the pool is closed'));
    if (this.#node !== null && !this.#node.closed) return Promise.resolve(this.#node);
    this.#discovering ??= this.#discover().finally(() => {
      this.#discovering = null;
    });
    return this.#discovering;
  }

  /** Asks the Sentinels until one names a node that is reachable and of the role, within the connect timeout. */
  async #discover(): Promise<ConnectionPool<C>> {
    const deadline = Date.now() + this.#discoverFor;
    let last = `no Sentinel of ${this.#sentinels.length} named a ${this.#role} of ${JSON.stringify(this.#service)}`;
    for (;;) {
      for (const sentinel of this.#sentinels) {
        if (this.#closed) throw new PoolClosedError('the pool is closed');
        let candidates: [string, number][];
        try {
          candidates = await this.#ask(sentinel);
        } catch (error) {
          last = `Sentinel ${sentinel[0]}:${sentinel[1]} did not answer: ${error instanceof Error ? error.message : String(error)}`;
          continue;
        }
        if (candidates.length === 0) {
          last = `Sentinel ${sentinel[0]}:${sentinel[1]} knows no ${this.#role} of ${JSON.stringify(this.#service)}`;
          continue;
        }
        for (const address of candidates) {
          const pool = this.#poolFor(address);
          try {
            await pool.execute('PING');
          } catch (error) {
            last = `${address[0]}:${address[1]}, named by Sentinel ${sentinel[0]}:${sentinel[1]}: ${error instanceof Error ? error.message : String(error)}`;
            pool.close();
            continue;
          }
          if (this.#closed) {
            pool.close();
            throw new PoolClosedError('the pool is closed');
          }
          this.#node = pool;
          this.#watching ??= this.#watch();
          return pool;
        }
      }
      if (Date.now() + retryPause > deadline) throw this.#notFound(last);
      await pause(retryPause, this.#closeRequested);
    }
  }

  /** What one Sentinel names: the master's address, or the replicas that are up, shuffled. */
  async #ask([host, port]: readonly [string, number]): Promise<[string, number][]> {
    const conn = await this.#connect({ ...this.#sentinelOptions, host, port });
    try {
      if (this.#role === 'master') {
        const reply = await conn.execute('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', this.#service, { encoding: 'utf-8' });
        if (!Array.isArray(reply)) return [];
        const [masterHost, masterPort] = reply;
        return typeof masterHost === 'string' && typeof masterPort === 'string' ? [[masterHost, Number(masterPort)]] : [];
      }
      const reply = await conn.execute('SENTINEL', 'REPLICAS', this.#service, { encoding: 'utf-8' });
      const up: [string, number][] = [];
      for (const replica of Array.isArray(reply) ? reply : []) {
        if (!Array.isArray(replica)) continue;
        const fields = new Map<string, string>();
        for (let i = 0; i + 1 < replica.length; i += 2) {
          const key = replica[i];
          const value = replica[i + 1];
          if (typeof key === 'string' && typeof value === 'string') fields.set(key, value);
        }
        const flags = (fields.get('flags') ?? '').split(',');
        const ip = fields.get('ip');
        if (ip !== undefined && !flags.some((flag) => flag === 's_down' || flag === 'o_down' || flag === 'disconnected')) up.push([ip, Number(fields.get('port'))]);
      }
      return up.sort(() => Math.random() - 0.5);
    } catch (error) {
      // A Sentinel that does not monitor the service answers with an error reply: it names nothing.
      if (error instanceof Error && error.name === 'ReplyError') return [];
      throw error;
    } finally {
      conn.close();
      await conn.waitClosed();
    }
  }

  /** A `ConnectionPool` to one node; each connection it opens checks that the node is of the role. */
  #poolFor([host, port]: [string, number]): ConnectionPool<C> {
    const pool = new ConnectionPool<C>({
      create: () => this.#open(host, port),
      maxsize: this.#maxsize,
      acquireTimeout: this.#acquireTimeout,
      address: [host, port],
      encoding: this.encoding,
      db: this.db,
    });
    this.#pools.add(pool);
    void pool.waitClosed().then(() => this.#pools.delete(pool));
    return pool;
  }

  /** Opens a connection to a node and checks its `ROLE`; a failure is marked as never sent. */
  async #open(host: string, port: number): Promise<C> {
    try {
      const conn = await this.#connect({ ...this.#connection, host, port });
      try {
        const role = await conn.execute('ROLE', { encoding: 'utf-8' });
        const said = Array.isArray(role) ? role[0] : null;
        const wanted = this.#role === 'master' ? 'master' : 'slave';
        if (said !== wanted) throw this.#notFound(`${host}:${port} says it is a ${String(said)}, not a ${wanted} of ${JSON.stringify(this.#service)}`);
      } catch (error) {
        conn.close();
        await conn.waitClosed();
        throw error;
      }
      return conn;
    } catch (error) {
      if (typeof error === 'object' && error !== null) this.#unopened.add(error);
      throw error;
    }
  }

  /** Forgets `pool` as the current node and closes it: the next command asks the Sentinels again. */
  #forget(pool: ConnectionPool<C>): void {
    if (this.#node === pool) this.#node = null;
    pool.close();
  }

  /**
   * Listens on a Sentinel for `+switch-master` about the service, and forgets
   * the current node when it comes; moves on to the next Sentinel when the one
   * it listens on goes away; stops when the pool closes.
   */
  async #watch(): Promise<void> {
    let turn = 0;
    while (!this.#closed) {
      const sentinel = this.#sentinels[turn % this.#sentinels.length];
      turn += 1;
      if (sentinel === undefined) return;
      const conn = await this.#connect({ ...this.#sentinelOptions, host: sentinel[0], port: sentinel[1] }).catch(() => null);
      if (conn === null) {
        await pause(retryPause, this.#closeRequested);
        continue;
      }
      this.#watcher = conn;
      if (this.#closed) conn.close();
      const channel = new PlainChannel<RawMessage>('+switch-master');
      try {
        await conn.executePubsub('SUBSCRIBE', channel);
        for (;;) {
          const message = asText(await channel.get());
          if (message?.split(' ')[0] === this.#service && this.#node !== null) this.#forget(this.#node);
        }
      } catch {
        // The channel closed with its connection: the pool closed, or the Sentinel went away.
      } finally {
        conn.close();
        await conn.waitClosed();
        this.#watcher = null;
      }
    }
  }

  /** Whether a command that failed with `error` on `pool` may be sent again, forgetting `pool` when the node is not the one to use. */
  #retryable(error: unknown, pool: ConnectionPool<C>): boolean {
    if (error instanceof ReadOnlyError || (typeof error === 'object' && error !== null && this.#unopened.has(error))) {
      this.#forget(pool);
      return true;
    }
    if (error instanceof ConnectionClosedError && !(error instanceof ConnectionForcedCloseError)) this.#forget(pool);
    return false;
  }

  /**
   * Hands out a connection of the current node. The routing hint is not used:
   * every connection goes to the current master (or the replica in use).
   */
  async acquire(_command?: CommandName, ..._args: CommandArg[]): Promise<C> {
    for (let attempt = 0; ; attempt += 1) {
      const pool = await this.#current();
      try {
        return this.#lent.lend(await pool.acquire(), pool);
      } catch (error) {
        if (!this.#retryable(error, pool) || attempt >= retries) throw error;
      }
    }
  }

  /** An idle connection of the current node, or `null` (also before the node is found). The routing hint is not used. */
  getConnection(_command?: CommandName, ..._args: CommandArg[]): C | null {
    const pool = this.#node;
    if (this.#closed || pool === null) return null;
    const conn = pool.getConnection();
    return conn === null ? null : this.#lent.lend(conn, pool);
  }

  release(conn: C): void {
    this.#lent.giveBack(conn);
  }

  execute<O extends Encoding = C['encoding']>(command: CommandName, ...args: ExecuteArgs<O>): Promise<Reply<O>>;
  async execute(command: CommandName, ...args: ExecuteArgs): Promise<Reply> {
    for (let attempt = 0; ; attempt += 1) {
      const pool = await this.#current();
      try {
        return await pool.execute(command, ...args);
      } catch (error) {
        if (!this.#retryable(error, pool) || attempt >= retries) throw error;
      }
    }
  }

  async executePubsub<K extends PubsubCommand>(command: K, ...targets: PubsubTargets<K, C['encoding']>): Promise<PubsubConfirmation[]> {
    const pool = await this.#current();
    return pool.executePubsub(command, ...targets);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#node = null;
    for (const pool of this.#pools) pool.close();
    this.#idle.close();
    this.#watcher?.close();
    this.#markClosed();
  }

  /** Resolves once the pool is closed, every node's pool has closed, and the Sentinel it listened on is let go. */
  async waitClosed(): Promise<void> {
    await this.#closeRequested;
    await this.#discovering?.catch(() => undefined);
    await this.#watching;
    while (this.#pools.size > 0) await Promise.allSettled([...this.#pools].map((pool) => pool.waitClosed()));
    await this.#idle.waitClosed();
  }
}

// A pool that follows a Sentinel-managed master (or one of its replicas) through failovers, over a ConnectionPool per node.
import type { AbcPool, Address, CommandArg, CommandName, Encoding, ExecuteArgs, PubsubCommand, PubsubConfirmation, PubsubTargets, Reply } from 'aioredis-abc';
import { ConnectionClosedError, MasterNotFoundError, PoolClosedError, ReadOnlyError, SlaveNotFoundError } from '../errors.js';
import { CloseLatch, poolClosed } from '../close-latch.js';
import { allClosed, Loans, pause, type Connector } from '../multi-node.js';
import { ConnectionPool } from '../pool.js';
import type { ReusableConnection } from '../pool-types.js';
import { AnnouncementListener } from './announcements.js';
import { serverWideOptions, type ConnectOptions, type SentinelPoolOptions } from '../options.js';
import { resolveSentinelOptions, retryPause, spend, type Spent } from './options.js';
import { askSentinel, ofRole, readsOnly, type Role } from './questions.js';
import { samePlace, type Place } from './shared.js';

/**
 * An `AbcPool` over a service that Redis Sentinel manages. It asks the
 * Sentinels, in order, where the master is (`SENTINEL GET-MASTER-ADDR-BY-NAME`),
 * or, with `role: 'replica'`, which replicas are up (`SENTINEL REPLICAS`, one
 * at random), and keeps a `ConnectionPool` to that node, each of whose
 * connections checks the node's `ROLE` when it opens.
 *
 * It follows a failover by hearing every Sentinel: a subscriber connection
 * per Sentinel for `+switch-master` and `+promoted-slave`
 * (`AnnouncementListener`), and, while one of them is down, a check every
 * second. The Sentinel that runs a failover
 * announces it seconds before the others, and the old master acknowledges
 * writes that are lost until the pool leaves it, so the pool switches on the
 * first announcement it can trust: one whose named node answers `ROLE`
 * master. An announcement of the master already in use changes nothing (a
 * late Sentinel repeats what the pool knows). On a switch the new node's pool
 * is put in place before the old one is closed: nothing new is written to the
 * old master, commands waiting there for a connection go to the new one, and
 * only commands already written to the old master reject (with a
 * `ConnectionForcedCloseError`), since it may or may not have run them.
 *
 * A replica pool keeps its replica while it stays one: it leaves it only when
 * an announcement names it as the new master, or when a connection to it no
 * longer opens as a replica. A command that only reads is sent again when its
 * connection closed under it (Sentinel closes a node's clients when it changes
 * the node's master), on either role. A command refused with `READONLY`, or one
 * whose connection could not be opened, is sent again too, three times at most.
 * When no Sentinel names a node of the role that is reachable and says it is
 * one, within the connect timeout, commands reject with `MasterNotFoundError`,
 * or `SlaveNotFoundError` for a replica pool.
 */
export class SentinelPool<C extends ReusableConnection> implements AbcPool<C> {
  readonly encoding: C['encoding'];
  readonly db: number;
  readonly #service: string;
  readonly #sentinels: readonly Place[];
  readonly #role: Role;
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
  /** Announced masters being checked (`ROLE`), by `host:port`: one check per node at a time. */
  readonly #checking = new Map<string, Promise<void>>();
  /** Connections handed out, with the node pool each came from. */
  readonly #lent = new Loans<C>();
  /** Errors of connections that never opened: their commands were never sent, so they may be sent again. */
  readonly #unopened = new WeakSet<object>();
  /** A pool that never opens anything: the subscriptions before a node is found. */
  readonly #idle: ConnectionPool<C>;
  #listener: AnnouncementListener<C> | null = null;
  /** Resolves the wait of a discovery between two rounds: a node was put in place meanwhile. */
  #wakeDiscovery: () => void = () => {};
  /** Whether `close()` was called, and a promise that settles then. */
  readonly #latch = new CloseLatch();

  /**
   * Checks the options as `resolvePoolOptions()` does, and opens nothing yet.
   * `connect` opens one connection of the implementation.
   */
  constructor(options: SentinelPoolOptions<C['encoding']>, connect: Connector<C, C['encoding']>) {
    const settings = resolveSentinelOptions(options);
    this.#service = settings.service;
    this.#sentinels = settings.sentinels;
    this.#role = settings.role;
    this.#connect = connect;
    this.#connection = settings.connection;
    this.#sentinelOptions = settings.sentinelOptions;
    this.#maxsize = settings.maxsize;
    this.#acquireTimeout = settings.acquireTimeout;
    this.#discoverFor = settings.discoverFor;
    this.encoding = settings.encoding;
    this.db = settings.db;
    this.#idle = new ConnectionPool<C>({
      create: () => Promise.reject(poolClosed('no node is known yet')),
      maxsize: 1,
      address: null,
      encoding: settings.encoding,
      db: 0,
      acquireTimeout: null,
    });
  }

  /** The current node's `[host, port]`: `null` before it is found, and while a failover is being followed. */
  get address(): Address | null {
    return this.#node?.address ?? null;
  }

  get closed(): boolean {
    return this.#latch.closed;
  }

  get inPubsub(): number {
    return this.#node?.inPubsub ?? 0;
  }

  get pubsubChannels(): AbcPool<C>['pubsubChannels'] {
    return (this.#node ?? this.#idle).pubsubChannels;
  }

  get pubsubPatterns(): AbcPool<C>['pubsubPatterns'] {
    return (this.#node ?? this.#idle).pubsubPatterns;
  }

  /** The shard channels of the node pool's pub/sub connection. */
  get pubsubShardChannels(): AbcPool<C>['pubsubChannels'] {
    return (this.#node ?? this.#idle).pubsubShardChannels;
  }

  /** The error for no node of the role found: `MasterNotFoundError` or `SlaveNotFoundError`. */
  #notFound(message: string): MasterNotFoundError | SlaveNotFoundError {
    return this.#role === 'master' ? new MasterNotFoundError(message) : new SlaveNotFoundError(message);
  }

  /** The pool of the current node, found through the Sentinels when there is none. */
  #current(): Promise<ConnectionPool<C>> {
    if (this.#latch.closed) return Promise.reject(poolClosed());
    if (this.#node !== null && !this.#node.closed) return Promise.resolve(this.#node);
    this.#discovering ??= this.#discover().finally(() => {
      this.#discovering = null;
    });
    return this.#discovering;
  }

  /**
   * Asks the Sentinels until one names a node that is reachable and of the
   * role, within the connect timeout; returns early with the node an
   * announcement put in place meanwhile.
   */
  async #discover(): Promise<ConnectionPool<C>> {
    const deadline = Date.now() + this.#discoverFor;
    let last = `no Sentinel of ${this.#sentinels.length} named a ${this.#role} of ${JSON.stringify(this.#service)}`;
    for (;;) {
      for (const sentinel of this.#sentinels) {
        this.#latch.check();
        if (this.#node !== null && !this.#node.closed) return this.#node;
        const found = await this.#tryNamed(sentinel).catch((error: unknown) => (error instanceof Error ? error.message : String(error)));
        if (typeof found !== 'string') return found;
        last = found;
      }
      if (Date.now() + retryPause > deadline) throw this.#notFound(last);
      await pause(retryPause, Promise.race([this.#latch.requested, new Promise<void>((resolve) => (this.#wakeDiscovery = resolve))]));
    }
  }

  /** Asks one Sentinel and tries what it names: the node's pool, put in place, or why none was. */
  async #tryNamed(sentinel: Place): Promise<ConnectionPool<C> | string> {
    const where = `Sentinel ${sentinel[0]}:${sentinel[1]}`;
    const question = { service: this.#service, role: this.#role, stop: this.#latch.requested };
    const candidates = await askSentinel(this.#connect, { ...this.#sentinelOptions, host: sentinel[0], port: sentinel[1] }, question).catch((error: unknown) => {
      throw new Error(`${where} did not answer: ${error instanceof Error ? error.message : String(error)}`);
    });
    if (candidates.length === 0) return `${where} knows no ${this.#role} of ${JSON.stringify(this.#service)}`;
    let last = '';
    for (const address of candidates) {
      const pool = this.#poolFor(address);
      try {
        await pool.execute('PING');
      } catch (error) {
        last = `${address[0]}:${address[1]}, named by ${where}: ${error instanceof Error ? error.message : String(error)}`;
        pool.close();
        continue;
      }
      return this.#install(pool);
    }
    return last;
  }

  /**
   * Puts `pool` in place as the node in use, and closes the one it replaces:
   * the new pool is in place first, so that the commands the old one rejects
   * as never written (`PoolClosedError`) go to it. Returns the node in use:
   * `pool`, or the one already in place when the pool closed meanwhile.
   */
  #install(pool: ConnectionPool<C>): ConnectionPool<C> {
    if (this.#latch.closed) {
      pool.close();
      throw poolClosed();
    }
    const old = this.#node;
    this.#node = pool;
    this.#listener ??= this.#listen();
    this.#wakeDiscovery();
    if (old !== null && old !== pool) old.close();
    return pool;
  }

  /** Starts hearing every Sentinel's announcements. */
  #listen(): AnnouncementListener<C> {
    const listener = new AnnouncementListener<C>({
      sentinels: this.#sentinels,
      service: this.#service,
      open: ([host, port]) => this.#connect({ ...this.#sentinelOptions, host, port }),
      heard: (master) => this.#heard(master),
      check: () => this.#check(),
    });
    listener.start();
    return listener;
  }

  /**
   * What an announced master means. For a master pool: nothing when it is the
   * node in use; else the node is asked its `ROLE`, and the pool switches to it
   * once it says master. For a replica pool: its replica is left only when it
   * is the one named, promoted.
   */
  #heard(master: Place): void {
    if (this.#latch.closed) return;
    const node = this.#node;
    if (this.#role === 'replica') {
      if (node !== null && samePlace(node.address, master)) this.#forget(node);
      return;
    }
    if (node !== null && !node.closed && samePlace(node.address, master)) return;
    const key = `${master[0]}:${master[1]}`;
    if (this.#checking.has(key)) return;
    const checking = this.#switchTo(master).finally(() => this.#checking.delete(key));
    this.#checking.set(key, checking);
  }

  /** Opens a pool to an announced master and puts it in place once a connection opened there (its `ROLE` said master). */
  async #switchTo(master: Place): Promise<void> {
    const pool = this.#poolFor([master[0], master[1]]);
    try {
      await pool.execute('PING');
    } catch {
      pool.close();
      return;
    }
    const node = this.#node;
    if (this.#latch.closed || (node !== null && !node.closed && samePlace(node.address, master))) pool.close();
    else this.#install(pool);
  }

  /** While a Sentinel is not heard: asks the Sentinels in turn for the master, and treats the first answer as an announcement. */
  async #check(): Promise<void> {
    const question = { service: this.#service, role: 'master', stop: this.#latch.requested } as const;
    for (const [host, port] of this.#sentinels) {
      const [master] = (await askSentinel(this.#connect, { ...this.#sentinelOptions, host, port }, question).catch(() => null)) ?? [];
      if (master === undefined) continue;
      this.#heard(master);
      return this.#checking.get(`${master[0]}:${master[1]}`);
    }
  }

  /** A `ConnectionPool` to one node; each connection it opens checks that the node is of the role. */
  #poolFor([host, port]: [string, number]): ConnectionPool<C> {
    const pool = new ConnectionPool<C>({
      create: () => this.#open(host, port),
      createServerWide: () => this.#connect(serverWideOptions({ ...this.#connection, host, port })),
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
      const wanted = this.#role === 'master' ? 'master' : 'slave';
      const refuse = (said: string | null): Error => this.#notFound(`${host}:${port} says it is a ${String(said)}, not a ${wanted} of ${JSON.stringify(this.#service)}`);
      return await ofRole(await this.#connect({ ...this.#connection, host, port }), wanted, refuse);
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
   * Whether a command that failed with `error` on `pool` goes again, and on
   * which budget: `'free'` when going again cannot run it twice (it was never
   * written: the pool was left for another before it got a connection; or it
   * only reads and its connection closed under it, as Sentinel closes a node's
   * clients each time it changes the node's role or master); `'counted'` for a
   * `READONLY` refusal or a connection that never opened (the pool is
   * forgotten: the node is not the one to use); `false` otherwise.
   */
  #retry(error: unknown, pool: ConnectionPool<C>, command: CommandName): 'free' | 'counted' | false {
    if (this.#latch.closed) return false;
    if (error instanceof PoolClosedError && pool !== this.#node) return 'free';
    if (error instanceof ReadOnlyError || (typeof error === 'object' && error !== null && this.#unopened.has(error))) {
      this.#forget(pool);
      return 'counted';
    }
    return error instanceof ConnectionClosedError && readsOnly(command) ? 'free' : false;
  }

  /**
   * Runs `use` on the current node's pool, again as `#retry()` allows, with `spent` of each budget used. Each new
   * attempt waits for the next turn of the event loop, so that a connection whose client already failed, but whose
   * close event is not yet handled, is known closed and not chosen again.
   */
  async #onNode<T>(command: CommandName, use: (pool: ConnectionPool<C>) => Promise<T>, spent: Spent = { counted: 0, free: 0 }): Promise<T> {
    for (;;) {
      const pool = await this.#current();
      try {
        return await use(pool);
      } catch (error) {
        spent = this.#spend(error, pool, command, spent);
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** The budgets spent once `error` on `pool` is allowed another attempt; throws `error` when `#retry()` refuses it or its budget is used up. */
  #spend(error: unknown, pool: ConnectionPool<C>, command: CommandName, spent: Spent): Spent {
    const next = spend(this.#retry(error, pool, command), spent);
    if (next === null) throw error;
    return next;
  }

  /** After a first attempt on `pool` failed with `error`: `#onNode()`'s attempts, from the next turn of the event loop, when `#retry()` allows; else `error`. */
  #again<T>(error: unknown, pool: ConnectionPool<C>, command: CommandName, use: (pool: ConnectionPool<C>) => Promise<T>): Promise<T> {
    const spent = this.#spend(error, pool, command, { counted: 0, free: 0 });
    return new Promise((resolve) => setImmediate(resolve)).then(() => this.#onNode(command, use, spent));
  }

  /**
   * Hands out a connection of the current node. The routing hint is not used:
   * every connection goes to the current master (or the replica in use).
   */
  acquire(_command?: CommandName, ..._args: CommandArg[]): Promise<C> {
    return this.#onNode('PING', async (pool) => this.#lent.lend(await pool.acquire(), pool));
  }

  /** An idle connection of the current node, or `null` (also before the node is found). The routing hint is not used. */
  getConnection(_command?: CommandName, ..._args: CommandArg[]): C | null {
    const pool = this.#node;
    if (this.#latch.closed || pool === null) return null;
    const conn = pool.getConnection();
    return conn === null ? null : this.#lent.lend(conn, pool);
  }

  release(conn: C): void {
    this.#lent.giveBack(conn);
  }

  execute<O extends Encoding = C['encoding']>(command: CommandName, ...args: ExecuteArgs<O>): Promise<Reply<O>>;
  execute(command: CommandName, ...args: ExecuteArgs): Promise<Reply> {
    const node = this.#node;
    if (this.#latch.closed || node === null || node.closed) return this.#onNode(command, (pool) => pool.execute(command, ...args));
    return node.execute(command, ...args).catch((error: unknown) => this.#again(error, node, command, (pool) => pool.execute(command, ...args)));
  }

  async executePubsub<K extends PubsubCommand>(command: K, ...targets: PubsubTargets<K, C['encoding']>): Promise<PubsubConfirmation[]> {
    const pool = await this.#current();
    return pool.executePubsub(command, ...targets);
  }

  close(): void {
    if (!this.#latch.close()) return;
    this.#node = null;
    for (const pool of this.#pools) pool.close();
    this.#idle.close();
    this.#listener?.close();
  }

  /** Resolves once the pool is closed, every node's pool has closed, and every Sentinel it listened on is let go. */
  async waitClosed(): Promise<void> {
    await this.#latch.requested;
    await this.#discovering?.catch(() => undefined);
    await Promise.allSettled([...this.#checking.values()]);
    await this.#listener?.waitClosed();
    while (this.#pools.size > 0) await allClosed(this.#pools);
    await this.#idle.waitClosed();
  }
}

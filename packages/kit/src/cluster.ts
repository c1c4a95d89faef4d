// A pool over a Redis Cluster: routes each command by the hash slot of its keys, over a ConnectionPool per master.
import type { AbcPool, CommandArg, CommandName, Encoding, ExecuteArgs, PubsubCommand, PubsubConfirmation, PubsubTargets, Reply } from 'aioredis-abc';
import { splitCommand, type CommandCall } from './arguments.js';
import { ClusterPubsub, type Placement } from './cluster-pubsub.js';
import { KeyspaceRouter, type Shard } from './cluster-routing.js';
import { askSlots, nodeKey, slotMap, type Failed } from './cluster-map.js';
import { callSlot, commandSlot, redirection, slotOf, transient } from './cluster-slots.js';
import { CloseLatch } from './close-latch.js';
import { ConnectionClosedError } from './errors.js';
import { resolveClusterPoolOptions, serverWideOptions, type ClusterPoolOptions, type ConnectOptions } from './options.js';
import { allClosed, backOff, Loans, pause, type Connector } from './multi-node.js';
import { ConnectionPool } from './pool.js';
import type { ReusableConnection } from './pool-types.js';

/** How many times a command is sent again after a redirection, a lost connection or a cluster that is down. */
const attempts = 16;

/**
 * An `AbcPool` over a Redis Cluster. It reads the slot map (`CLUSTER SLOTS`)
 * from the first node that answers, among the masters it knows and then the
 * seed nodes, and keeps a `ConnectionPool` per master.
 *
 * `execute()` runs each command on the master of the slot its keys hash to
 * (hash tags honoured; key positions from `@ioredis/commands`). A command
 * whose keys hash to different slots is refused with a `TypeError` before it
 * is sent.
 *
 * A command without keys runs where the server's own routing tips say (Redis
 * 7's `request_policy` and `response_policy`, read once per pool from the
 * cluster's `COMMAND` reply at the first keyless command; see
 * `cluster-routing.ts`):
 * - `all_shards` (`KEYS`, `DBSIZE`, `FLUSHALL`, `FLUSHDB`, `PING`,
 *   `FUNCTION LOAD` …) runs on every master at once, and the replies merge by
 *   the response policy: one of them for `all_succeeded` (so `FLUSHALL` says
 *   `OK` only when every master did; else, once all have answered, it rejects
 *   with the first master's error), the first success for `one_succeeded`,
 *   sum, min, max, logical and/or for `agg_*` (element by element for
 *   arrays), and the arrays joined without a policy (`KEYS`);
 * - `SCAN` walks each master in turn, by their lowest slot. Its cursor is
 *   opaque decimal text, `(nodeCursor × 16384 + lowestSlot) × 65536 +
 *   fingerprint` (of the masters), to be passed back as given, and `0` only
 *   once every master was walked. When the pool has seen the masters change
 *   since a cursor was made, the walk starts again from the first master:
 *   keys may come twice, as `SCAN` allows, and none that stayed on its master
 *   is missed. A change the pool has not seen yet (no `MOVED` or failure
 *   since) is walked by the old map, and keys that moved meanwhile may be
 *   missed;
 * - `RANDOMKEY` picks a master with odds by its `DBSIZE` and asks it; `null`
 *   when no master holds a key;
 * - what the pool cannot honour is refused with a `TypeError`, nothing sent:
 *   `all_nodes` (`CONFIG SET`, `SCRIPT LOAD`: the pool has no connections to
 *   replicas), another `special` request, and replies only the caller can
 *   merge (`INFO`, `MEMORY STATS`: run them on each master's connection, from
 *   `acquire()` with a key of that master);
 * - any other keyless command runs on one master (slot 0's).
 *
 * The masters are those of the slot map as last read (read again on `MOVED`
 * or a failure). A server without tips (before 7.0) leaves every keyless
 * command on one master.
 *
 * A `MOVED` reply reads the slot map again and sends the command to the node
 * it names; an `ASK` reply sends `ASKING` and the command on a connection of
 * the node it names, which is closed afterwards. A lost connection and a
 * `CLUSTERDOWN` or `TRYAGAIN` reply (a master failing over) read the slot map
 * again and send the command again after a pause: 16 times at most, waiting
 * up to a second between, so a command can run twice when its connection was
 * lost after the server ran it.
 *
 * `acquire(command, ...args)` and `getConnection(command, ...args)` hand out a
 * connection of the master owning the hint's keys (of slot 0's master without
 * a hint), so that a transaction on one slot runs through `acquire()`.
 * `db` is always 0: `SELECT` is refused.
 *
 * Pub/sub (`ClusterPubsub`) runs on a connection of its own to a live master,
 * slot 0's first; Redis Cluster delivers every `PUBLISH` to every node. The
 * pool keeps the application's channels itself and relays each message to
 * them, so that they outlive the node: when the connection is lost (its node
 * died and a replica took over), the pool opens one to another live master
 * and subscribes every channel and pattern still open again; the channels
 * stay open, with the same objects in `pubsubChannels` and `pubsubPatterns`,
 * and receive what is published afterwards (what is published in between is
 * lost). When no master takes them within `connectTimeout` (10 seconds when
 * `null`), the channels close with a `ConnectionClosedError` that says so, and
 * a later `SUBSCRIBE` tries again. Shard channels (`SSUBSCRIBE`) go to the
 * master of their name's slot, on a connection per slot: one `SSUBSCRIBE` or
 * `SUNSUBSCRIBE` whose channels span slots is sent per slot and confirmed as
 * one connection would (in the caller's order, counting the pool's shard
 * channels). When their slot moves (the server unsubscribes them, or answers
 * `MOVED`), the pool reads the slot map again and subscribes them on the new
 * master; when their node dies, on its replica once it took over. The
 * channel objects stay the same, in `pubsubShardChannels`.
 */
export class ClusterPool<C extends ReusableConnection> implements AbcPool<C> {
  /** Always `null`: the connections go to several servers. */
  readonly address = null;
  readonly encoding: C['encoding'];
  /** Always 0: a cluster has one database. */
  readonly db = 0;
  readonly #seeds: readonly (readonly [string, number])[];
  readonly #connect: Connector<C, C['encoding']>;
  readonly #connection: ConnectOptions<C['encoding']>;
  readonly #maxsize: number;
  readonly #acquireTimeout: number | null;
  /** The master of each slot, by node key, once the map is read. */
  #slots: readonly (string | undefined)[] = [];
  /** The pools of the nodes, by node key. */
  readonly #pools = new Map<string, ConnectionPool<C>>();
  /** Pools closed and not yet done closing. */
  readonly #closing = new Set<Promise<void>>();
  #refreshing: Promise<void> | null = null;
  /** The application's subscriptions, relayed from a node connection that follows the cluster. */
  readonly #pubsub: ClusterPubsub<C>;
  /** Connections handed out, with the pool each came from. */
  readonly #lent = new Loans<C>();
  /** Whether `close()` was called, and a promise that settles then. */
  readonly #latch = new CloseLatch();
  /** Runs the keyless commands as the cluster's routing tips say: on one master, or on every master with the replies merged. */
  readonly #keyspace = new KeyspaceRouter({ shards: () => this.#shards(), run: (slot, command, args) => this.#onSlot(slot, command, args, null) });

  /**
   * Checks the options with `resolveClusterPoolOptions()` (`db` is refused),
   * and opens nothing yet. `connect` opens one connection of the
   * implementation.
   */
  constructor(options: ClusterPoolOptions<C['encoding']>, connect: Connector<C, C['encoding']>) {
    const { nodes, pool: resolved } = resolveClusterPoolOptions(options);
    this.#seeds = nodes;
    this.#connect = connect;
    this.#connection = resolved.connection;
    this.#maxsize = resolved.maxsize;
    this.#acquireTimeout = resolved.acquireTimeout;
    this.encoding = resolved.encoding;
    this.#pubsub = new ClusterPubsub<C>({
      open: (placement, timeout) => this.#openPubsub(placement, timeout),
      slotOf: (name) => slotOf(name),
      refresh: () => this.#refresh(),
      connectTimeout: resolved.connectTimeout ?? 10_000,
    });
  }

  get closed(): boolean {
    return this.#latch.closed;
  }

  get inPubsub(): number {
    return this.#pubsub.inPubsub;
  }

  get pubsubChannels(): AbcPool<C>['pubsubChannels'] {
    return this.#pubsub.pubsubChannels;
  }

  get pubsubPatterns(): AbcPool<C>['pubsubPatterns'] {
    return this.#pubsub.pubsubPatterns;
  }

  /** The application's shard channels, each subscribed on the master of its slot. */
  get pubsubShardChannels(): AbcPool<C>['pubsubChannels'] {
    return this.#pubsub.pubsubShardChannels;
  }

  /** The pool of a node, opened on first use. */
  #pool(host: string, port: number): ConnectionPool<C> {
    const key = nodeKey(host, port);
    let pool = this.#pools.get(key);
    if (pool === undefined || pool.closed) {
      pool = new ConnectionPool<C>({
        create: () => this.#connect({ ...this.#connection, host, port }),
        createServerWide: () => this.#connect(serverWideOptions({ ...this.#connection, host, port })),
        maxsize: this.#maxsize,
        acquireTimeout: this.#acquireTimeout,
        address: [host, port],
        encoding: this.encoding,
        db: 0,
      });
      this.#pools.set(key, pool);
    }
    return pool;
  }

  /** Reads the slot map again; concurrent callers share one reading. */
  #refresh(): Promise<void> {
    this.#refreshing ??= this.#readSlots().finally(() => {
      this.#refreshing = null;
    });
    return this.#refreshing;
  }

  /** Reads `CLUSTER SLOTS` from the first node that answers: the known masters, then the seeds. */
  async #readSlots(): Promise<void> {
    const known = [...new Set(this.#slots)].flatMap((key) => {
      const pool = key === undefined ? undefined : this.#pools.get(key);
      const address = pool?.address;
      return Array.isArray(address) ? [[address[0], address[1]] as const] : [];
    });
    let last: unknown = new ConnectionClosedError('no node of the cluster answered');
    for (const [host, port] of [...known, ...this.#seeds]) {
      this.#latch.check();
      let reply: Reply<'utf-8'>;
      try {
        reply = await askSlots(this.#connect, { ...this.#connection, host, port });
      } catch (error) {
        last = error;
        continue;
      }
      this.#latch.check();
      const slots = slotMap(reply, host, (node, nodePort) => this.#pool(node, nodePort).address);
      if (slots === null) {
        last = new ConnectionClosedError(`${host}:${port} says the cluster does not serve every slot`);
        continue;
      }
      this.#slots = slots;
      const masters = new Set(slots);
      for (const [key, pool] of this.#pools) {
        if (masters.has(key)) continue;
        this.#pools.delete(key);
        pool.close();
        const closing = pool.waitClosed();
        this.#closing.add(closing);
        void closing.finally(() => this.#closing.delete(closing));
      }
      return;
    }
    throw last;
  }

  /** The pool of the master of `slot`, or of slot 0 for `null`, the slot map read first when it is not yet. */
  async #route(slot: number | null): Promise<ConnectionPool<C>> {
    this.#latch.check();
    if (this.#slots.length === 0) await this.#refresh();
    return this.#routeNow(slot) ?? (await this.#refresh().then(() => this.#routeNow(slot))) ?? this.#pool(...this.#seed());
  }

  #routeNow(slot: number | null): ConnectionPool<C> | null {
    const key = this.#slots[slot ?? 0];
    return key === undefined ? null : (this.#pools.get(key) ?? null);
  }

  #seed(): [string, number] {
    const [host, port] = this.#seeds[0] ?? ['127.0.0.1', 6379];
    return [host, port];
  }

  execute<O extends Encoding = C['encoding']>(command: CommandName, ...args: ExecuteArgs<O>): Promise<Reply<O>>;
  execute(command: CommandName, ...args: ExecuteArgs): Promise<Reply> {
    let slot: number | null;
    let call: CommandCall;
    try {
      call = splitCommand(command, args);
      if (call.name === 'SELECT') throw new TypeError('SELECT is refused: a cluster has database 0 only');
      slot = callSlot(call.name, call.args);
    } catch (error) {
      return Promise.reject(error);
    }
    if (slot === null) return this.#keyspace.execute(call, command, args);
    const pool = this.#latch.closed ? null : this.#routeNow(slot);
    if (pool === null) return this.#onSlot(slot, command, args, null);
    return pool.execute(command, ...args).catch((error: unknown) => this.#onSlot(slot, command, args, { pool, error }));
  }

  /** Each master with its lowest slot, by lowest slot, the slot map read first when it is not yet: one entry per shard. */
  async #shards(): Promise<Shard[]> {
    this.#latch.check();
    if (this.#slots.length === 0) await this.#refresh();
    const lowest = new Map<string, number>();
    this.#slots.forEach((key, slot) => {
      if (key !== undefined && !lowest.has(key)) lowest.set(key, slot);
    });
    return [...lowest].map(([node, slot]) => ({ slot, node }));
  }

  /**
   * Runs a command on the master of `slot`, following `MOVED` and `ASK` and
   * retrying after a failover; `failed` is its first attempt when it was
   * already made (on the master the slot map names), and failed.
   */
  async #onSlot(slot: number, command: CommandName, args: ExecuteArgs, failed: Failed<C> | null): Promise<Reply> {
    let pool = failed?.pool ?? (await this.#route(slot));
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await (attempt === 1 && failed !== null ? Promise.reject(failed.error) : pool.execute(command, ...args));
      } catch (error) {
        if (this.#latch.closed || attempt >= attempts) throw error;
        const moved = redirection(error);
        if (moved?.kind === 'ASK') return this.#asking(this.#pool(moved.host, moved.port), command, args);
        if (moved?.kind === 'MOVED') {
          void this.#refresh().catch(() => undefined);
          pool = this.#pool(moved.host, moved.port);
          continue;
        }
        if (!transient(error)) throw error;
        await pause(backOff(attempt), this.#latch.requested);
        await this.#refresh().catch(() => undefined);
        pool = await this.#route(slot);
      }
    }
  }

  /** Runs a command after `ASKING` on a connection of its own of the node an `ASK` named; the connection is closed afterwards. */
  async #asking(pool: ConnectionPool<C>, command: CommandName, args: ExecuteArgs): Promise<Reply> {
    const conn = await pool.acquire();
    try {
      await conn.execute('ASKING');
      return await conn.execute(command, ...args);
    } finally {
      pool.release(conn);
    }
  }

  /** The pool of the master of the hint's keys (slot 0's without keys); a `TypeError` when they span slots. */
  #hinted(command: CommandName | undefined, args: CommandArg[]): number | null {
    return command === undefined ? null : commandSlot(command, args);
  }

  /**
   * Hands out a connection of the master owning the hint's keys, or of slot
   * 0's master without a hint or keys. A master that cannot be reached makes
   * it read the slot map again and try again, as `execute()` does; a hint whose
   * keys span slots rejects with a `TypeError`.
   */
  async acquire(command?: CommandName, ...args: CommandArg[]): Promise<C> {
    const slot = this.#hinted(command, args);
    for (let attempt = 1; ; attempt += 1) {
      const pool = await this.#route(slot);
      try {
        return this.#lent.lend(await pool.acquire(), pool);
      } catch (error) {
        if (this.#latch.closed || attempt >= attempts || !transient(error)) throw error;
        await pause(backOff(attempt), this.#latch.requested);
        await this.#refresh().catch(() => undefined);
      }
    }
  }

  /**
   * An idle connection of the master owning the hint's keys, or `null` (also
   * before the slot map is read); throws a `TypeError` for a hint whose keys
   * span slots.
   */
  getConnection(command?: CommandName, ...args: CommandArg[]): C | null {
    if (this.#latch.closed) return null;
    const pool = this.#routeNow(this.#hinted(command, args));
    const conn = pool?.getConnection() ?? null;
    return conn !== null && pool !== null ? this.#lent.lend(conn, pool) : null;
  }

  release(conn: C): void {
    this.#lent.giveBack(conn);
  }

  executePubsub<K extends PubsubCommand>(command: K, ...targets: PubsubTargets<K, C['encoding']>): Promise<PubsubConfirmation[]> {
    return this.#pubsub.executePubsub(command, ...targets);
  }

  /**
   * A pub/sub connection to the master of `placement`'s slot, or, for `null`,
   * to the first master that answers, slot 0's first, each given what is left
   * of `timeout`. When none answers, the slot map is read again for the next
   * try, and it rejects with the last error. The first reading of the slot
   * map, when none is read yet, is not bounded by `timeout`: each node it
   * asks has the pool's `connectTimeout`.
   */
  async #openPubsub(placement: Placement, timeout: number): Promise<C> {
    const deadline = Date.now() + timeout;
    if (this.#slots.length === 0) await this.#refresh();
    const keys = placement === null ? new Set(this.#slots) : [this.#slots[placement]];
    let last: unknown = new ConnectionClosedError('the slot map names no master');
    for (const key of keys) {
      const address = key === undefined ? null : (this.#pools.get(key)?.address ?? null);
      const remaining = deadline - Date.now();
      if (!Array.isArray(address) || remaining <= 0) continue;
      try {
        return await this.#connect({ ...this.#connection, host: address[0], port: address[1], connectTimeout: remaining });
      } catch (error) {
        last = error;
      }
    }
    void this.#refresh().catch(() => undefined);
    throw last;
  }

  close(): void {
    if (!this.#latch.close()) return;
    for (const pool of this.#pools.values()) pool.close();
    this.#pubsub.close();
  }

  /** Resolves once the pool is closed and every node's pool has closed. */
  async waitClosed(): Promise<void> {
    await this.#latch.requested;
    await this.#refreshing?.catch(() => undefined);
    await Promise.all([allClosed([...this.#pools.values(), this.#pubsub]), Promise.allSettled(this.#closing)]);
  }
}

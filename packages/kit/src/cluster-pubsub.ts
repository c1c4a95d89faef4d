// A Cluster pool's pub/sub: the application's channels, relayed from node connections that follow the cluster.
import type { AbcConnection, ChannelName, PubsubCommand, PubsubConfirmation, PubsubKind, PubsubTargets } from 'aioredis-abc';
import { keyOf } from './channel-keys.js';
import { checkTargets, pubsubKind, type Target } from './pubsub-targets.js';
import { confirmations, moved, nameOf, sharded, subscribeRelays, undoing, unsubscribeOn } from './cluster-relays.js';
import { CloseLatch } from './close-latch.js';
import { ConnectionClosedError, ConnectionForcedCloseError } from './errors.js';
import { backOff, pause } from './multi-node.js';
import type { ReusableConnection } from './pool-types.js';
import { pubsubDictionary } from './readonly-map.js';
import { isUnsubscribe, Subscriptions, type SubscribeKind, type UnsubscribeKind } from './subscriptions.js';

/**
 * Where the node connection of a subscription goes: the master of a slot, or
 * `null` for any live master. `SUBSCRIBE` and `PSUBSCRIBE` take `null`, since
 * Redis Cluster delivers every `PUBLISH` to every node; a shard channel
 * (`SSUBSCRIBE`) takes its name's slot, since `SPUBLISH` reaches the nodes of
 * that slot only.
 */
export type Placement = number | null;

/** How a `ClusterPubsub` reaches the cluster. */
export interface ClusterPubsubOptions<C extends ReusableConnection> {
  /** Opens a connection to a node of `placement`, within `timeout` ms; rejects when no such node can be reached. */
  readonly open: (placement: Placement, timeout: number) => Promise<C>;
  /** The hash slot of a shard channel's name, its hash tag (`{…}`) honoured. */
  readonly slotOf: (name: ChannelName) => number;
  /** Reads the slot map again, so that the next `open()` of a slot goes to its master now; a slot moved. */
  readonly refresh: () => Promise<void>;
  /** Milliseconds to find a node and subscribe on it: a `SUBSCRIBE` rejects, and after a loss the channels close, when it takes longer. */
  readonly connectTimeout: number;
}

/** The node connection of one placement: `null` before it is opened, and from its loss until it is replaced. */
interface Link<C> {
  readonly placement: Placement;
  conn: C | null;
}

/**
 * The pub/sub of a Cluster pool. It keeps the application's channels in its
 * own dictionaries and subscribes, on node connections of its own, a relay
 * for each (`PlainRelay`, `PatternRelay`): channels and patterns on one
 * connection to a live master, shard channels on a connection per slot to
 * that slot's master. One `SSUBSCRIBE` or `SUNSUBSCRIBE` whose channels span
 * slots is sent per slot, and confirmed as one connection would confirm it.
 * When a node connection is lost (its node died, or the server closed it),
 * the pool opens another (to a live master, or to the slot's master now) and
 * subscribes every channel of it still open again, within `connectTimeout`;
 * so too when the server unsubscribes shard channels on its own (their slot
 * moved) or answers `MOVED`, after reading the slot map again. The
 * application's channels stay open and receive what is published afterwards
 * (what is published in between is lost, as with any Redis pub/sub). When no
 * node takes them within `connectTimeout`, their channels close with a
 * `ConnectionClosedError` that says so, whose cause is the last error met, and
 * a later `SUBSCRIBE` tries again. The commands, and the moves, run one at a
 * time.
 */
export class ClusterPubsub<C extends ReusableConnection> {
  /** The application's channels, patterns and shard channels: what the dictionaries and `inPubsub` say. */
  readonly #subscriptions = new Subscriptions();
  /** The node connection of each placement, by `String(placement)`; a slot's is dropped once it has no shard channel left. */
  readonly #links = new Map<string, Link<C>>();
  /** Every node connection opened and not yet closed: `waitClosed()` waits for them. */
  readonly #conns = new Set<C>();
  /** Opens a node connection for a placement. */
  readonly #open: ClusterPubsubOptions<C>['open'];
  /** The slot of a shard channel. */
  readonly #slotOf: ClusterPubsubOptions<C>['slotOf'];
  /** Reads the pool's slot map again. */
  readonly #refresh: ClusterPubsubOptions<C>['refresh'];
  /** Milliseconds to find a node and subscribe on it. */
  readonly #connectTimeout: number;
  /** The last command or move queued: each waits for the one before. */
  #queue: Promise<unknown> = Promise.resolve();
  /** Whether `close()` was called, and a promise that settles then. */
  readonly #latch = new CloseLatch();

  /** Opens nothing yet: the first `SUBSCRIBE` opens a node connection. */
  constructor(options: ClusterPubsubOptions<C>) {
    this.#open = options.open;
    this.#slotOf = options.slotOf;
    this.#refresh = options.refresh;
    this.#connectTimeout = options.connectTimeout;
  }

  /** How many channels, patterns and shard channels the application is subscribed to. */
  get inPubsub(): number {
    return this.#subscriptions.count;
  }

  /** The application's channels, whichever node connection relays them. */
  get pubsubChannels(): AbcConnection<C['encoding']>['pubsubChannels'] {
    return pubsubDictionary<C['encoding']>(this.#subscriptions.channels);
  }

  /** The application's patterns, as `pubsubChannels`. */
  get pubsubPatterns(): AbcConnection<C['encoding']>['pubsubPatterns'] {
    return pubsubDictionary<C['encoding']>(this.#subscriptions.patterns);
  }

  /** The application's shard channels, as `pubsubChannels`, whichever slot's master relays them. */
  get pubsubShardChannels(): AbcConnection<C['encoding']>['pubsubChannels'] {
    return pubsubDictionary<C['encoding']>(this.#subscriptions.shards);
  }

  /**
   * Runs a pub/sub command as a connection does: the same checks, channels
   * and confirmations, the counts being the application's. A `SUBSCRIBE` that
   * finds no node within `connectTimeout` rejects with the last error met; one
   * the server refuses subscribes none of its channels. An `UNSUBSCRIBE`
   * closes the application's channels, also while their node is being
   * replaced. After `close()` it rejects with a `PoolClosedError`.
   */
  executePubsub<K extends PubsubCommand>(command: K, ...targets: PubsubTargets<K, C['encoding']>): Promise<PubsubConfirmation[]>;
  executePubsub(command: PubsubCommand, ...targets: Target[]): Promise<PubsubConfirmation[]> {
    let kind: PubsubKind;
    try {
      kind = pubsubKind(command);
      checkTargets(kind, targets);
      this.#latch.check();
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#serial(() => (isUnsubscribe(kind) ? this.#unsubscribe(kind, targets) : this.#subscribe(kind, targets)));
  }

  /** Runs `task` once every command and move queued before it has settled. */
  #serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** The application's channels or patterns that a command of `kind` changes. */
  #registry(kind: PubsubKind): ReadonlyMap<string, unknown> {
    if (kind === 'psubscribe' || kind === 'punsubscribe') return this.#subscriptions.patterns;
    return sharded(kind) ? this.#subscriptions.shards : this.#subscriptions.channels;
  }

  /**
   * Subscribes the targets on the link of each placement in turn. When one is
   * refused, those subscribed on the others are taken back, and it rejects:
   * none is subscribed. The confirmations count the application's channels.
   */
  async #subscribe(kind: SubscribeKind, targets: readonly Target[]): Promise<PubsubConfirmation[]> {
    const deadline = Date.now() + this.#connectTimeout;
    const names = targets.map(nameOf);
    const registry = this.#registry(kind);
    const fresh = new Set(names.map(keyOf).filter((key) => !registry.has(key)));
    const before = sharded(kind) ? this.#subscriptions.shards.size : this.#subscriptions.channels.size + this.#subscriptions.patterns.size;
    const groups = this.#groups(kind, targets);
    const undos: (() => Promise<void>)[] = [];
    try {
      for (const [link, group] of groups) undos.push(await this.#subscribeOn(link, kind, group, deadline));
    } catch (error) {
      for (const undo of undos.reverse()) await undo();
      for (const link of groups.keys()) this.#releaseIdle(link);
      throw error;
    }
    return confirmations(kind, names, fresh, before);
  }

  /**
   * Adds the application's channels, then subscribes their relays on the
   * link's connection; resolves with what takes them back. When that
   * connection is lost meanwhile, or the slot is another node's (`MOVED`), the
   * channels are taken back and the link is made again, until `deadline`.
   */
  async #subscribeOn(link: Link<C>, kind: SubscribeKind, targets: readonly Target[], deadline: number): Promise<() => Promise<void>> {
    const registry = this.#registry(kind);
    const fresh = targets.map(nameOf).filter((name) => !registry.has(keyOf(name)));
    for (;;) {
      const conn = await this.#linked(link, deadline);
      const added = this.#subscriptions.add(kind, targets);
      try {
        await this.#relay(conn, link, kind, targets.map(nameOf));
        return async () => {
          added.undo();
          if (!conn.closed) await unsubscribeOn(conn, undoing[kind], fresh).catch(() => undefined);
        };
      } catch (error) {
        added.undo();
        if (this.#latch.closed || Date.now() >= deadline) throw error;
        if (!moved(error) && !conn.closed) throw error;
        if (moved(error)) await Promise.all([this.#drop(link, conn), pause(100, this.#latch.requested)]);
      }
    }
  }

  /**
   * Unsubscribes on the link of each placement, unless its connection is lost
   * (then the server has forgotten them), and closes the application's
   * channels; a slot's link left without shard channels is closed.
   */
  async #unsubscribe(kind: UnsubscribeKind, targets: readonly Target[]): Promise<PubsubConfirmation[]> {
    this.#latch.check();
    const groups = this.#groups(kind, targets.map(nameOf));
    const done: ChannelName[] = [];
    try {
      for (const [link, names] of groups) {
        const conn = link.conn;
        if (conn !== null && !conn.closed) await unsubscribeOn(conn, kind, names).catch((error: unknown) => (conn.closed ? undefined : Promise.reject(error)));
        done.push(...names);
      }
    } catch (error) {
      this.#subscriptions.remove(kind, done);
      throw error;
    }
    const confirmed = this.#subscriptions.remove(kind, targets.map(nameOf));
    for (const link of groups.keys()) this.#releaseIdle(link);
    return confirmed;
  }

  /** Closes and forgets a slot's link once the application has no shard channel of that slot; a later `SSUBSCRIBE` makes it again. */
  #releaseIdle(link: Link<C>): void {
    const { plain, patterns, shards } = this.#namesOf(link);
    if (link.placement === null || plain.length + patterns.length + shards.length > 0) return;
    this.#links.delete(String(link.placement));
    const conn = link.conn;
    link.conn = null;
    conn?.close();
  }

  /**
   * The placement of a subscription: any live master for channels and
   * patterns, whatever the name; the slot of its name for a shard channel.
   */
  #placementOf(kind: PubsubKind, name: ChannelName): Placement {
    return sharded(kind) ? this.#slotOf(name) : null;
  }

  /** The link of a placement, made on first use. */
  #linkAt(placement: Placement): Link<C> {
    const key = String(placement);
    const link = this.#links.get(key) ?? { placement, conn: null };
    this.#links.set(key, link);
    return link;
  }

  /** The targets of one command by the link of their placement, in the order of their first target. */
  #groups<T extends Target>(kind: PubsubKind, targets: readonly T[]): Map<Link<C>, T[]> {
    const groups = new Map<Link<C>, T[]>();
    for (const target of targets) {
      const link = this.#linkAt(this.#placementOf(kind, nameOf(target)));
      groups.set(link, [...(groups.get(link) ?? []), target]);
    }
    return groups;
  }

  /** The application's channels, patterns and shard channels whose placement is the link's: what its connection must be subscribed to. */
  #namesOf(link: Link<C>): { readonly plain: ChannelName[]; readonly patterns: ChannelName[]; readonly shards: ChannelName[] } {
    const own = (kind: PubsubKind, channels: Iterable<{ readonly name: ChannelName }>): ChannelName[] =>
      [...channels].map((channel) => channel.name).filter((name) => this.#placementOf(kind, name) === link.placement);
    const { channels, patterns, shards } = this.#subscriptions;
    return { plain: own('subscribe', channels.values()), patterns: own('psubscribe', patterns.values()), shards: own('ssubscribe', shards.values()) };
  }

  /** Subscribes on `conn` a relay for the application's channel (pattern, shard channel) of each name; see `subscribeRelays()`. */
  async #relay(conn: C, link: Link<C>, kind: SubscribeKind, names: readonly ChannelName[]): Promise<void> {
    await subscribeRelays(conn, kind, names, this.#subscriptions, (name, target) => (reason) => this.#relayClosed(conn, link, kind, name, target, reason));
  }

  /**
   * A node connection closed a relay. Lost, it is replaced; open, it dropped
   * the subscription because the application's channel threw or its message
   * could not be decoded, and that channel is closed with the error, as a
   * connection does. Closed by an `UNSUBSCRIBE` (no reason), nothing more.
   */
  #relayClosed(conn: C, link: Link<C>, kind: SubscribeKind, name: ChannelName, target: object, reason: Error | undefined): void {
    if (this.#latch.closed) return;
    if (conn.closed) {
      this.#lost(link, conn);
      return;
    }
    if (reason === undefined) return;
    if (this.#registry(kind).get(keyOf(name)) === target) this.#subscriptions.remove(undoing[kind], [name], reason);
  }

  /** The link's connection is lost: forget it, and move its subscriptions to another node once the commands queued have run. */
  #lost(link: Link<C>, conn: C): void {
    if (link.conn !== conn) return;
    link.conn = null;
    void this.#serial(() => this.#restore(link));
  }

  /**
   * The server unsubscribed the link's shard channels on its own: their slot
   * moved. The connection is closed (nothing of the slot is left on it), the
   * slot map read again, and the channels subscribed on the slot's master now.
   */
  #shardsMoved(link: Link<C>, conn: C): void {
    if (this.#latch.closed || link.conn !== conn) return;
    void this.#serial(async () => {
      await this.#drop(link, conn);
      await this.#restore(link);
    });
  }

  /** Closes the link's connection, whose node no longer serves its slot, and reads the slot map again. */
  async #drop(link: Link<C>, conn: C): Promise<void> {
    if (link.conn === conn) link.conn = null;
    conn.close();
    await this.#refresh().catch(() => undefined);
  }

  /**
   * Makes the link again with every subscription of its placement, within
   * `connectTimeout` (nothing for a link released since); when that fails, their channels close with a
   * `ConnectionClosedError` that says why, the last error its cause.
   */
  async #restore(link: Link<C>): Promise<void> {
    const { plain, patterns, shards } = this.#namesOf(link);
    const current = this.#links.get(String(link.placement)) === link;
    if (this.#latch.closed || !current || link.conn !== null || plain.length + patterns.length + shards.length === 0) return;
    try {
      await this.#linked(link, Date.now() + this.#connectTimeout);
    } catch (error) {
      if (this.#latch.closed) return;
      const reason = new ConnectionClosedError(
        `pub/sub lost its node, and no node of the cluster took its subscriptions within ${this.#connectTimeout} ms: ` +
          'the channels are closed; subscribe again once the cluster can be reached',
        { cause: error },
      );
      this.#subscriptions.remove('unsubscribe', plain, reason);
      this.#subscriptions.remove('punsubscribe', patterns, reason);
      this.#subscriptions.remove('sunsubscribe', shards, reason);
    }
  }

  /**
   * The link's connection, or a new one with every subscription of the link
   * on it: tried again after a pause (a tenth of a second, doubling up to a
   * second) until `deadline`, the slot map read again after a `MOVED`; then
   * rejects with the last error met.
   */
  async #linked(link: Link<C>, deadline: number): Promise<C> {
    let last: unknown = new ConnectionClosedError(`no node of the cluster could be reached within ${this.#connectTimeout} ms`);
    for (let attempt = 1; ; attempt += 1) {
      this.#latch.check();
      if (link.conn !== null && !link.conn.closed) return link.conn;
      link.conn = null;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw last;
      try {
        return await this.#attach(link, remaining);
      } catch (error) {
        last = error;
      }
      await pause(Math.min(backOff(attempt), Math.max(0, deadline - Date.now())), this.#latch.requested);
      if (moved(last)) await this.#refresh().catch(() => undefined);
    }
  }

  /**
   * Opens a node connection for the link and subscribes on it every channel,
   * pattern and shard channel of the link, shard channels moved by the server
   * handed to `#shardsMoved()`; closes it when that fails.
   */
  async #attach(link: Link<C>, timeout: number): Promise<C> {
    const conn = await this.#open(link.placement, timeout);
    this.#conns.add(conn);
    void conn.waitClosed().then(() => this.#conns.delete(conn));
    try {
      this.#latch.check('the pool was closed while its pub/sub connection was opening');
      conn.onShardsMoved?.(() => this.#shardsMoved(link, conn));
      const { plain, patterns, shards } = this.#namesOf(link);
      await this.#relay(conn, link, 'subscribe', plain);
      await this.#relay(conn, link, 'psubscribe', patterns);
      await this.#relay(conn, link, 'ssubscribe', shards);
    } catch (error) {
      conn.close();
      throw error;
    }
    link.conn = conn;
    return conn;
  }

  /** Closes every application channel with a `ConnectionForcedCloseError`, and every node connection. */
  close(): void {
    if (!this.#latch.close()) return;
    this.#subscriptions.closeAll(new ConnectionForcedCloseError('the pool was closed by close()'));
    for (const conn of this.#conns) conn.close();
  }

  /** Resolves once the commands and moves queued have settled and every node connection has closed. */
  async waitClosed(): Promise<void> {
    await this.#latch.requested;
    await this.#queue;
    await Promise.allSettled([...this.#conns].map((conn) => conn.waitClosed()));
  }
}

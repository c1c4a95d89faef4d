// A Cluster pool's pub/sub: the application's channels, relayed from node connections that are replaced when their node is lost.
import type { AbcConnection, AbcPatternChannel, AbcPlainChannel, ChannelName, PatternMessage, PubsubCommand, PubsubConfirmation, PubsubKind, PubsubTargets, RawMessage } from 'aioredis-abc';
import { checkTargets, isChannelName, keyOf, pubsubKind, type Target } from './arguments.js';
import { ConnectionClosedError, ConnectionForcedCloseError, PoolClosedError } from './errors.js';
import type { ReusableConnection } from './pool.js';
import { pubsubDictionary } from './readonly-map.js';
import { pause } from './sentinel.js';
import { isUnsubscribe, Subscriptions } from './subscriptions.js';

/**
 * Where the node connection of a subscription goes: the master of a slot, or
 * `null` for any live master. `SUBSCRIBE` and `PSUBSCRIBE` take `null`, since
 * Redis Cluster delivers every `PUBLISH` to every node; a sharded
 * subscription (`SSUBSCRIBE`) would take its channel's slot.
 */
export type Placement = number | null;

/** How a `ClusterPubsub` reaches the cluster. */
export interface ClusterPubsubOptions<C extends ReusableConnection> {
  /** Opens a connection to a node of `placement`, within `timeout` ms; rejects when no such node can be reached. */
  readonly open: (placement: Placement, timeout: number) => Promise<C>;
  /** Milliseconds to find a node and subscribe on it: a `SUBSCRIBE` rejects, and after a loss the channels close, when it takes longer. */
  readonly connectTimeout: number;
}

/** The node connection of one placement: `null` before it is opened, and from its loss until it is replaced. */
interface Link<C> {
  readonly placement: Placement;
  conn: C | null;
}

/** What a relay says when the node connection closes it: the reason, if any. */
type RelayClosed = (reason: Error | undefined) => void;

/**
 * The channel the pool subscribes on a node connection for one of the
 * application's plain channels: it puts each message into that channel, one
 * call more than a direct subscription, and reports its own closing to the
 * pool instead of closing the application's channel. Reading it reads the
 * application's channel.
 */
class PlainRelay implements AbcPlainChannel<RawMessage> {
  readonly isPattern = false;

  constructor(
    readonly name: ChannelName,
    readonly target: AbcPlainChannel<RawMessage>,
    readonly closed: RelayClosed,
  ) {}

  /** The application's channel's. */
  get isActive(): boolean {
    return this.target.isActive;
  }

  /** Reads the application's channel: nobody needs to, the pool reads neither. */
  get(): Promise<RawMessage>;
  get<R>(decoder: (message: RawMessage) => R): Promise<R>;
  get<R>(decoder?: (message: RawMessage) => R): Promise<RawMessage | R> {
    return decoder ? this.target.get(decoder) : this.target.get();
  }

  /** Puts the message into the application's channel; what it throws, the node connection sees, and drops the subscription. */
  putNowait(data: RawMessage): void {
    this.target.putNowait(data);
  }

  /** Tells the pool, which decides what becomes of the application's channel. */
  close(error?: Error): void {
    this.closed(error);
  }
}

/** The relay of a pattern channel, as `PlainRelay` is of a plain one. */
class PatternRelay implements AbcPatternChannel<RawMessage> {
  readonly isPattern = true;

  constructor(
    readonly name: ChannelName,
    readonly target: AbcPatternChannel<RawMessage>,
    readonly closed: RelayClosed,
  ) {}

  /** The application's channel's. */
  get isActive(): boolean {
    return this.target.isActive;
  }

  /** Reads the application's channel, as `PlainRelay.get()`. */
  get(): Promise<PatternMessage<RawMessage>>;
  get<R>(decoder: (message: RawMessage) => R): Promise<PatternMessage<RawMessage, R>>;
  get<R>(decoder?: (message: RawMessage) => R): Promise<PatternMessage<RawMessage> | PatternMessage<RawMessage, R>> {
    return decoder ? this.target.get(decoder) : this.target.get();
  }

  /** Puts the pair into the application's channel, as `PlainRelay.putNowait()`. */
  putNowait(data: PatternMessage<RawMessage>): void {
    this.target.putNowait(data);
  }

  /** Tells the pool, as `PlainRelay.close()`. */
  close(error?: Error): void {
    this.closed(error);
  }
}

/** The name of a pub/sub target: the name itself, or the channel object's. */
function nameOf(target: Target): ChannelName {
  return isChannelName(target) ? target : target.name;
}

/** The list as a tuple of at least one item, or `null` when it is empty. */
function nonEmpty<T>(items: readonly T[]): [T, ...T[]] | null {
  const [first, ...rest] = items;
  return first === undefined ? null : [first, ...rest];
}

/**
 * The pub/sub of a Cluster pool. It keeps the application's channels in its
 * own dictionaries and subscribes, on a node connection of its own, a relay
 * for each (`PlainRelay`, `PatternRelay`). When that connection is lost (its
 * node died, or the server closed it), the pool opens another to a live
 * master and subscribes every channel and pattern still open again, within
 * `connectTimeout`; the application's channels stay open and receive what is
 * published afterwards (what is published in between is lost, as with any
 * Redis pub/sub). When no node takes them within `connectTimeout`, their
 * channels close with a `ConnectionClosedError` that says so, whose cause is
 * the last error met, and a later `SUBSCRIBE` tries again. The commands, and
 * the moves after a loss, run one at a time.
 */
export class ClusterPubsub<C extends ReusableConnection> {
  /** The application's channels and patterns: what `pubsubChannels`, `pubsubPatterns` and `inPubsub` say. */
  readonly #subscriptions = new Subscriptions();
  /** The node connection of each placement, by `String(placement)`. */
  readonly #links = new Map<string, Link<C>>();
  /** Every node connection opened and not yet closed: `waitClosed()` waits for them. */
  readonly #conns = new Set<C>();
  /** Opens a node connection for a placement. */
  readonly #open: ClusterPubsubOptions<C>['open'];
  /** Milliseconds to find a node and subscribe on it. */
  readonly #connectTimeout: number;
  /** The last command or move queued: each waits for the one before. */
  #queue: Promise<unknown> = Promise.resolve();
  /** Whether `close()` was called: from then on nothing is opened or moved. */
  #closed = false;
  #markClosed: () => void = () => {};
  /** Settles at `close()`: it cuts short the pause between two tries. */
  readonly #closeRequested = new Promise<void>((resolve) => {
    this.#markClosed = resolve;
  });

  /** Opens nothing yet: the first `SUBSCRIBE` opens a node connection. */
  constructor(options: ClusterPubsubOptions<C>) {
    this.#open = options.open;
    this.#connectTimeout = options.connectTimeout;
  }

  /** How many channels and patterns the application is subscribed to. */
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
      if (kind === 'ssubscribe' || kind === 'sunsubscribe') throw new TypeError(`${String(command)} through a Cluster pool is refused: its shard channels would have to follow their slots' masters; nothing was sent`);
      checkTargets(kind, targets);
      if (this.#closed) throw new PoolClosedError('the pool is closed');
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

  /**
   * Adds the application's channels, then subscribes their relays on the
   * link's connection. When that connection is lost meanwhile, the channels
   * are taken back and the link is made again, with the channels subscribed
   * before, until `connectTimeout` has passed.
   */
  async #subscribe(kind: 'subscribe' | 'psubscribe', targets: readonly Target[]): Promise<PubsubConfirmation[]> {
    const link = this.#linkOf(kind, targets.map(nameOf));
    const deadline = Date.now() + this.#connectTimeout;
    for (;;) {
      const conn = await this.#linked(link, deadline);
      const added = this.#subscriptions.add(kind, targets);
      try {
        await this.#relay(conn, link, kind, targets.map(nameOf));
        return added.confirmations;
      } catch (error) {
        added.undo();
        if (this.#closed || !conn.closed || Date.now() >= deadline) throw error;
      }
    }
  }

  /** Unsubscribes on the link's connection, unless it is lost (then the server has forgotten them), and closes the application's channels. */
  async #unsubscribe(kind: 'unsubscribe' | 'punsubscribe', targets: readonly Target[]): Promise<PubsubConfirmation[]> {
    if (this.#closed) throw new PoolClosedError('the pool is closed');
    const names = targets.map(nameOf);
    const conn = this.#linkOf(kind, names).conn;
    const sent = nonEmpty(names);
    if (conn !== null && !conn.closed && sent !== null) {
      try {
        await (kind === 'unsubscribe' ? conn.executePubsub('UNSUBSCRIBE', ...sent) : conn.executePubsub('PUNSUBSCRIBE', ...sent));
      } catch (error) {
        if (!conn.closed) throw error;
      }
    }
    return this.#subscriptions.remove(kind, names);
  }

  /**
   * The placement of a subscription: any live master for `SUBSCRIBE` and
   * `PSUBSCRIBE`, whatever the channel. A sharded subscription would return
   * its channel's slot here.
   */
  #placementOf(_kind: PubsubKind, _name: ChannelName): Placement {
    return null;
  }

  /**
   * The link of the names of one command. They must share a placement, as a
   * cluster wants the channels of one `SSUBSCRIBE` in one slot: a `TypeError`
   * otherwise, before anything is sent.
   */
  #linkOf(kind: PubsubKind, names: readonly ChannelName[]): Link<C> {
    const placements = new Set(names.map((name) => this.#placementOf(kind, name)));
    if (placements.size > 1) throw new TypeError(`${kind.toUpperCase()}: its channels belong on different nodes; subscribe to them in separate calls`);
    const [placement = null] = placements;
    const key = String(placement);
    let link = this.#links.get(key);
    if (link === undefined) {
      link = { placement, conn: null };
      this.#links.set(key, link);
    }
    return link;
  }

  /** The application's channels and patterns whose placement is the link's: what its connection must be subscribed to. */
  #namesOf(link: Link<C>): { readonly plain: ChannelName[]; readonly patterns: ChannelName[] } {
    const own = (kind: PubsubKind, channels: Iterable<{ readonly name: ChannelName }>): ChannelName[] =>
      [...channels].map((channel) => channel.name).filter((name) => this.#linkOf(kind, [name]) === link);
    return { plain: own('subscribe', this.#subscriptions.channels.values()), patterns: own('psubscribe', this.#subscriptions.patterns.values()) };
  }

  /**
   * Subscribes on `conn` a relay for the application's channel (or pattern)
   * of each name. The connection keeps the relay it has for a name already
   * subscribed.
   */
  async #relay(conn: C, link: Link<C>, kind: 'subscribe' | 'psubscribe', names: readonly ChannelName[]): Promise<void> {
    const closed = (name: ChannelName, target: object): RelayClosed => (reason) => this.#relayClosed(conn, link, kind, name, target, reason);
    if (kind === 'subscribe') {
      const relays = nonEmpty(names.flatMap((name) => this.#plainRelay(name, closed)));
      if (relays !== null) await conn.executePubsub('SUBSCRIBE', ...relays);
    } else {
      const relays = nonEmpty(names.flatMap((name) => this.#patternRelay(name, closed)));
      if (relays !== null) await conn.executePubsub('PSUBSCRIBE', ...relays);
    }
  }

  /** A relay to the application's plain channel of `name`, or none when it has none. */
  #plainRelay(name: ChannelName, closed: (name: ChannelName, target: object) => RelayClosed): PlainRelay[] {
    const target = this.#subscriptions.channels.get(keyOf(name));
    return target === undefined ? [] : [new PlainRelay(name, target, closed(name, target))];
  }

  /** A relay to the application's pattern channel of `name`, or none when it has none. */
  #patternRelay(name: ChannelName, closed: (name: ChannelName, target: object) => RelayClosed): PatternRelay[] {
    const target = this.#subscriptions.patterns.get(keyOf(name));
    return target === undefined ? [] : [new PatternRelay(name, target, closed(name, target))];
  }

  /**
   * A node connection closed a relay. Lost, it is replaced; open, it dropped
   * the subscription because the application's channel threw or its message
   * could not be decoded, and that channel is closed with the error, as a
   * connection does. Closed by an `UNSUBSCRIBE` (no reason), nothing more.
   */
  #relayClosed(conn: C, link: Link<C>, kind: 'subscribe' | 'psubscribe', name: ChannelName, target: object, reason: Error | undefined): void {
    if (this.#closed) return;
    if (conn.closed) {
      this.#lost(link, conn);
      return;
    }
    if (reason === undefined) return;
    const registry = kind === 'subscribe' ? this.#subscriptions.channels : this.#subscriptions.patterns;
    if (registry.get(keyOf(name)) === target) this.#subscriptions.remove(kind === 'subscribe' ? 'unsubscribe' : 'punsubscribe', [name], reason);
  }

  /** The link's connection is lost: forget it, and move its subscriptions to another node once the commands queued have run. */
  #lost(link: Link<C>, conn: C): void {
    if (link.conn !== conn) return;
    link.conn = null;
    void this.#serial(() => this.#restore(link));
  }

  /**
   * Makes the link again with every subscription of its placement, within
   * `connectTimeout`; when that fails, their channels close with a
   * `ConnectionClosedError` that says why, the last error its cause.
   */
  async #restore(link: Link<C>): Promise<void> {
    const { plain, patterns } = this.#namesOf(link);
    if (this.#closed || link.conn !== null || plain.length + patterns.length === 0) return;
    try {
      await this.#linked(link, Date.now() + this.#connectTimeout);
    } catch (error) {
      if (this.#closed) return;
      const reason = new ConnectionClosedError(
        `pub/sub lost its node, and no node of the cluster took its subscriptions within ${this.#connectTimeout} ms: ` +
          'the channels are closed; subscribe again once the cluster can be reached',
        { cause: error },
      );
      this.#subscriptions.remove('unsubscribe', plain, reason);
      this.#subscriptions.remove('punsubscribe', patterns, reason);
    }
  }

  /**
   * The link's connection, or a new one with every subscription of the link
   * on it: tried again after a pause (a tenth of a second, doubling up to a
   * second) until `deadline`, then rejects with the last error met.
   */
  async #linked(link: Link<C>, deadline: number): Promise<C> {
    let last: unknown = new ConnectionClosedError(`no node of the cluster could be reached within ${this.#connectTimeout} ms`);
    for (let attempt = 1; ; attempt += 1) {
      if (this.#closed) throw new PoolClosedError('the pool is closed');
      if (link.conn !== null && !link.conn.closed) return link.conn;
      link.conn = null;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw last;
      try {
        return await this.#attach(link, remaining);
      } catch (error) {
        last = error;
      }
      await pause(Math.min(100 * 2 ** (attempt - 1), 1_000, Math.max(0, deadline - Date.now())), this.#closeRequested);
    }
  }

  /** Opens a node connection for the link and subscribes on it every channel and pattern of the link; closes it when that fails. */
  async #attach(link: Link<C>, timeout: number): Promise<C> {
    const conn = await this.#open(link.placement, timeout);
    this.#conns.add(conn);
    void conn.waitClosed().then(() => this.#conns.delete(conn));
    try {
      if (this.#closed) throw new PoolClosedError('the pool was closed while its pub/sub connection was opening');
      const { plain, patterns } = this.#namesOf(link);
      await this.#relay(conn, link, 'subscribe', plain);
      await this.#relay(conn, link, 'psubscribe', patterns);
    } catch (error) {
      conn.close();
      throw error;
    }
    link.conn = conn;
    return conn;
  }

  /** Closes every application channel with a `ConnectionForcedCloseError`, and every node connection. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#markClosed();
    this.#subscriptions.closeAll(new ConnectionForcedCloseError('the pool was closed by close()'));
    for (const conn of this.#conns) conn.close();
  }

  /** Resolves once the commands and moves queued have settled and every node connection has closed. */
  async waitClosed(): Promise<void> {
    await this.#closeRequested;
    await this.#queue;
    await Promise.allSettled([...this.#conns].map((conn) => conn.waitClosed()));
  }
}

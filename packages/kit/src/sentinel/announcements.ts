// Hearing every Sentinel: a subscriber connection per Sentinel for `+switch-master` and `+promoted-slave`, and a periodic check while one is down.
import type { RawMessage } from 'aioredis-abc';
import { PlainChannel } from '../channel.js';
import { CloseLatch } from '../close-latch.js';
import { pause } from '../multi-node.js';
import type { ReusableConnection } from '../pool-types.js';
import { promotedTo, switchedTo } from './questions.js';
import { closeConnection, openUntil, type Place } from './shared.js';

/** Milliseconds before a Sentinel that could not be subscribed to is tried again. */
const resubscribePause = 200;

/** Milliseconds between two checks through `SENTINEL GET-MASTER-ADDR-BY-NAME` while a subscriber is down. */
const checkPause = 1_000;

/** What the listener is given. */
export interface ListenerOptions<C extends ReusableConnection> {
  /** The Sentinels to subscribe to, each on a connection of its own. */
  readonly sentinels: readonly Place[];
  /** The service whose announcements count. */
  readonly service: string;
  /** Opens a connection to a Sentinel. */
  open(sentinel: Place): Promise<C>;
  /** Called with the new master of each `+switch-master` or `+promoted-slave` about the service, from whichever Sentinel. */
  heard(master: Place): void;
  /** Asks the Sentinels where the master is and acts on it: run every `checkPause` ms while a subscriber is down. */
  check(): Promise<void>;
}

/**
 * Listens for `+switch-master` on every Sentinel at once, each on a
 * subscriber connection of its own, so that the pool hears the first Sentinel
 * that announces a failover rather than the one it happens to listen to: in a
 * failover the Sentinel that runs it announces it seconds before the others,
 * which learn it from its hello messages, and every write the old master
 * acknowledges in between is lost. It listens for `+promoted-slave` too: the
 * Sentinel running the failover says so as soon as the replica it chose
 * reports itself master, before it reconfigures the other replicas and
 * announces `+switch-master`, and writes the old master takes meanwhile are
 * lost as well. A subscriber whose Sentinel goes away is opened again; while
 * any is down, `check()` runs every second, so that a failover announced while
 * nobody listened is still followed. What a message is worth is the caller's
 * to decide (`heard()`): the pool trusts it only once the named node says it
 * is the master.
 */
export class AnnouncementListener<C extends ReusableConnection> {
  readonly #options: ListenerOptions<C>;
  readonly #subscribers = new Set<C>();
  /** Sentinels whose subscriber is not subscribed now. */
  #down: number;
  readonly #loops: Promise<void>[] = [];
  /** Whether `close()` was called, and a promise that settles then. */
  readonly #latch = new CloseLatch();

  constructor(options: ListenerOptions<C>) {
    this.#options = options;
    this.#down = options.sentinels.length;
  }

  /** Starts a subscriber per Sentinel and the check loop. */
  start(): void {
    for (const sentinel of this.#options.sentinels) this.#loops.push(this.#listen(sentinel));
    this.#loops.push(this.#checkWhileDown());
  }

  /** Subscribes to one Sentinel, again whenever its connection is lost, until `close()`. */
  async #listen(sentinel: Place): Promise<void> {
    while (!this.#latch.closed) {
      const conn = await this.#opened(sentinel);
      if (conn === null) {
        await pause(resubscribePause, this.#latch.requested);
        continue;
      }
      try {
        await this.#read(conn);
      } finally {
        this.#subscribers.delete(conn);
        await closeConnection(conn);
      }
      await pause(resubscribePause, this.#latch.requested);
    }
  }

  /** A connection to `sentinel`, or `null` when it cannot be opened or the listener closes first (`openUntil()`). */
  async #opened(sentinel: Place): Promise<C | null> {
    const conn = await openUntil(this.#options.open(sentinel), this.#latch.requested);
    if (conn === null || this.#latch.closed) return null;
    this.#subscribers.add(conn);
    return conn;
  }

  /** Reads the announcements on `conn` until its channels close (the Sentinel went away, or `close()`). */
  async #read(conn: C): Promise<void> {
    const channels = { switched: new PlainChannel<RawMessage>('+switch-master'), promoted: new PlainChannel<RawMessage>('+promoted-slave') };
    let counted = false;
    try {
      await conn.executePubsub('SUBSCRIBE', channels.switched, channels.promoted);
      this.#down -= 1;
      counted = true;
      await Promise.all([this.#drain(channels.switched, switchedTo), this.#drain(channels.promoted, promotedTo)]);
    } catch {
      // The channels closed with their connection: the pool closed, or the Sentinel went away.
    } finally {
      if (counted) this.#down += 1;
    }
  }

  /** Hands the master each message of `channel` names (`parse`) to `heard()`, until the channel closes. */
  async #drain(channel: PlainChannel<RawMessage>, parse: (message: unknown, service: string) => Place | null): Promise<void> {
    for (;;) {
      const master = parse(await channel.get(), this.#options.service);
      if (master !== null) this.#options.heard(master);
    }
  }

  /** Runs `check()` every `checkPause` ms while a subscriber is down, until `close()`. */
  async #checkWhileDown(): Promise<void> {
    while (!this.#latch.closed) {
      await pause(checkPause, this.#latch.requested);
      if (!this.#latch.closed && this.#down > 0) await Promise.race([this.#options.check().catch(() => undefined), this.#latch.requested]);
    }
  }

  /** Closes every subscriber connection and stops the loops. */
  close(): void {
    if (!this.#latch.close()) return;
    for (const conn of this.#subscribers) conn.close();
  }

  /** Resolves once `close()` was called and every loop has ended and let its connection go. */
  async waitClosed(): Promise<void> {
    await this.#latch.requested;
    await Promise.allSettled(this.#loops);
  }
}

import type { AbcConnection, Address, Encoding, PubsubKind } from 'aioredis-abc';
import type { Adapter, ClientEvents, ClientLink, OwnAdapter, WrapOptions } from './adapter.js';
import { ClientConnection } from './client-connection.js';
import { connectError, openWithin, type ErrorKind } from './connecting.js';
import type { WireArg } from './wire.js';
import { PatternText } from './pattern-text.js';
import { defaultTimeout, resolveOptions, type ConnectOptions } from './options.js';

/**
 * A connection over one client of an adapter: the kit's `ClientConnection`,
 * whose sending, listening and closing are the adapter's (`Adapter.attach()`).
 * Opened by `connect()` or `wrap()`, never constructed by hand.
 */
export class AdapterConnection<Client, E extends Encoding> extends ClientConnection<E> implements AbcConnection<E> {
  /** Where the client connects: always known. */
  declare readonly address: Address;
  /** The adapter, for `ready()` and `classify()`. */
  readonly #adapter: OwnAdapter<Client>;
  /** The client, for `Adapter.ready()`. */
  readonly #client: Client;
  /** What the adapter made of the client for this connection. */
  readonly #link: ClientLink;
  /** The shard channels the client held once the last shard command settled: see `ClientEvents.shardsMoved()`. */
  #heldShards = new Set<string>();
  /** The patterns of messages whose pattern the client gave as text. */
  readonly #patternText = new PatternText();

  /**
   * Connects, authenticates, names the client and selects the database, and
   * resolves once the server has answered; rejects with an error of the
   * contract's shapes when it cannot, within `connectTimeout`. The kit's
   * handshake sends `AUTH`, `CLIENT SETNAME` and `SELECT`, as for every client.
   */
  static async connect<Client, E extends Encoding>(adapter: OwnAdapter<Client>, options: ConnectOptions<E>): Promise<AdapterConnection<Client, E>> {
    const resolved = resolveOptions(options);
    const client = adapter.create(resolved);
    const conn = new AdapterConnection(adapter, client, options);
    const tls = resolved.tls !== null;
    return openWithin(resolved.connectTimeout, resolved.address, tls, conn.#open(resolved.address, tls, true), () => conn.#link.close());
  }

  /**
   * A connection over a client the application configured itself: its TLS,
   * user, password, database and name are the client's. It must meet the
   * adapter's `problem()`, or `wrap()` rejects with a `TypeError` that says
   * what to change and leaves the client as it is. A client not yet connected
   * is connected, one still connecting is waited for. The connection owns the
   * client from then on: it closes the client when it closes, and so does a
   * handshake that fails. A client that cannot connect is left as its failure
   * leaves it. Opening and handshake together are bounded by `commandTimeout`:
   * past it, `wrap()` rejects with a `TimeoutError` and leaves the client to
   * its own connecting; should it open after all, the connection closes it.
   */
  static async wrap<Client, E extends Encoding>(adapter: Adapter<Client>, client: Client, options: WrapOptions<E>): Promise<AdapterConnection<Client, E>> {
    const problem = adapter.problem(client);
    if (problem !== undefined) throw new TypeError(`this ${adapter.name} client cannot be wrapped: ${problem}`);
    const { address, db, tls } = adapter.where(client);
    const connectOptions: ConnectOptions<E> = {
      ...(typeof address === 'string' ? { path: address } : { host: address[0], port: address[1] }),
      db,
      encoding: options.encoding,
      ...(options.commandTimeout === undefined ? {} : { commandTimeout: options.commandTimeout }),
    };
    const conn = new AdapterConnection(adapter, client, connectOptions);
    // Bounded as the handshake's commands are; the application's client is not ended when it is late, but closed if it opens later.
    const within = options.commandTimeout === undefined ? defaultTimeout : options.commandTimeout;
    return openWithin(within, address, tls, conn.#open(address, tls, false), () => undefined);
  }

  private constructor(adapter: OwnAdapter<Client>, client: Client, options: ConnectOptions<E>) {
    super(options);
    this.#adapter = adapter;
    this.#client = client;
    this.#link = adapter.attach(client, this.#events());
  }

  /** What the adapter calls from its client's events: the base's own hooks. */
  #events(): ClientEvents {
    return {
      connection: this,
      message: (channel, message) => this.receive(channel, message),
      pattern: (pattern, channel, message) => this.receivePattern(pattern, channel, message),
      patternText: (text, channel, message) => this.receivePattern(this.#patternText.resolve(this.pubsubPatterns, text, channel, message), channel, message),
      shard: (channel, message) => this.receiveShard(channel, message),
      shardsUnsubscribed: (names) => this.shardsUnsubscribed(names),
      shardsMoved: () => this.#shardsMoved(),
      ended: (cause) => this.ended(cause),
      unparsable: (cause) => void this.unparsable(cause),
    };
  }

  /**
   * Runs the handshake once the client is ready. A client the kit opened
   * itself (`owned`) is closed when it cannot connect; an application's client
   * is left as its failure leaves it.
   */
  async #open(address: Address, tls: boolean, owned: boolean): Promise<this> {
    try {
      await this.#adapter.ready(this.#client);
    } catch (reason) {
      if (owned) this.#link.close();
      throw await connectError(reason, this.classify(reason), address, tls);
    }
    try {
      await this.handshake();
    } catch (error) {
      throw await connectError(error, this.classify(error), address, tls);
    }
    return this;
  }

  protected send(command: string, args: WireArg[], decoding: BufferEncoding | null): Promise<unknown> {
    return this.#link.send(command, args, decoding);
  }

  protected async sendPubsub(kind: PubsubKind, names: readonly (string | Buffer)[]): Promise<void> {
    try {
      await this.#link.sendPubsub(kind, names);
    } finally {
      if (kind === 'ssubscribe' || kind === 'sunsubscribe') this.#heldShards = new Set(this.#link.shardChannels?.());
    }
  }

  /** Tells the base of the shard channels held once the last shard command settled and no more now. */
  #shardsMoved(): void {
    const now = this.#link.shardChannels?.() ?? [];
    const gone = [...this.#heldShards].filter((name) => !now.includes(name));
    this.#heldShards = new Set(now);
    if (gone.length > 0) this.shardsUnsubscribed(gone);
  }

  protected classify(error: unknown): ErrorKind {
    return this.#adapter.classify(error);
  }

  protected disconnect(): void {
    this.#link.close();
  }
}

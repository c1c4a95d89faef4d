import type { AbcConnection, Address, Encoding, PubsubKind } from 'aioredis-abc';
import {
  ClientConnection,
  connectError,
  defaultTimeout,
  openWithin,
  resolveOptions,
  type ConnectOptions,
  type ErrorKind,
  type ResolvedOptions,
  type WireArg,
} from 'aioredis-abc-kit';
import {
  ClientClosedError,
  ClientOfflineError,
  createClient,
  DEFAULT_RESP,
  DisconnectsClientError,
  ErrorReply,
  RESP_TYPES,
  SocketClosedUnexpectedlyError,
} from 'redis';

/** Bulk and status strings as bytes: the connection decodes them itself. */
const asBytes = { typeMapping: { [RESP_TYPES.BLOB_STRING]: Buffer, [RESP_TYPES.SIMPLE_STRING]: Buffer } };

/** node-redis's errors for commands on a closed client or a lost socket. */
const closedErrors = [ClientClosedError, ClientOfflineError, DisconnectsClientError, SocketClosedUnexpectedlyError];

function classify(error: unknown): ErrorKind {
  if (error instanceof ErrorReply) return 'reply';
  if (closedErrors.some((type) => error instanceof type)) return 'closed';
  return error instanceof Error && /Unknown RESP type/.test(error.message) ? 'protocol' : 'other';
}

function open(resolved: ResolvedOptions<Encoding>) {
  const { address, tls, keepAlive } = resolved;
  const common = {
    reconnectStrategy: false as const,
    ...(resolved.connectTimeout === null ? {} : { connectTimeout: resolved.connectTimeout }),
  };
  const alive = keepAlive === false ? { keepAlive: false } : { keepAlive: true, keepAliveInitialDelay: keepAlive };
  return createClient({
    RESP: 2,
    socket:
      typeof address === 'string'
        ? { path: address, ...common }
        : tls === null
          ? { host: address[0], port: address[1], ...alive, ...common }
          : { host: address[0], port: address[1], ...tls, tls: true as const, ...common },
    disableOfflineQueue: true,
  });
}

/** A node-redis client of one server, as `createClient()` makes it. */
export type NodeRedisClient = ReturnType<typeof open>;
type Client = NodeRedisClient;

/** What `wrap()` takes besides the client: the connection's encoding, and its command timeout. */
export interface WrapOptions<E extends Encoding> {
  readonly encoding: E;
  /** As `ConnectOptions.commandTimeout`: 10,000 ms by default, `null` for no limit. */
  readonly commandTimeout?: number | null;
}

/**
 * What the adapter needs of a client it is given, so that it cannot misbehave
 * later: RESP2 replies (`RESP: 2`; node-redis's own default, `DEFAULT_RESP`,
 * is RESP3), no offline queue and no reconnecting (a connection the
 * server closed is closed), a client of one server (not a cluster or Sentinel
 * client). Returns what is wrong, or `undefined`.
 */
export function clientProblem(client: unknown): string | undefined {
  if (typeof client !== 'object' || client === null || !('sendCommand' in client) || !('options' in client) || !('duplicate' in client)) {
    return 'it is not a node-redis client from createClient() (cluster and Sentinel clients wait for their own adapters)';
  }
  const options: unknown = client.options;
  if (typeof options !== 'object' || options === null) return 'its options cannot be read';
  const get = (key: string): unknown => Reflect.get(options, key);
  const socket = get('socket');
  const resp = get('RESP') ?? DEFAULT_RESP;
  if (resp !== 2) return `it speaks RESP${String(resp)}${get('RESP') === undefined ? " (node-redis's default)" : ''}: create it with RESP: 2`;
  if (get('disableOfflineQueue') !== true) return 'it queues commands while offline: create it with disableOfflineQueue: true';
  if (typeof socket !== 'object' || socket === null || Reflect.get(socket, 'reconnectStrategy') !== false) return 'it reconnects: create it with socket: { reconnectStrategy: false }';
  return undefined;
}

/**
 * Resolves once the client is ready: at once when it is, after its own
 * connecting when `connect()` was called and has not settled (it answers no
 * command before, with no offline queue), after `connect()` when it was not
 * called. Rejects with the client's error when it cannot connect: with
 * `reconnectStrategy: false` it closes then, and does not retry.
 */
function ready(client: Client): Promise<void> {
  if (client.isReady) return Promise.resolve();
  if (!client.isOpen) return client.connect().then(() => undefined);
  return new Promise((resolve, reject) => {
    const onReady = (): void => {
      stop();
      resolve();
    };
    const onError = (error: unknown): void => {
      if (client.isOpen) return;
      stop();
      reject(error);
    };
    const onEnd = (): void => {
      stop();
      reject(new ClientClosedError());
    };
    const stop = (): void => {
      client.off('ready', onReady).off('error', onError).off('end', onEnd);
    };
    client.on('ready', onReady).on('error', onError).on('end', onEnd);
  });
}

/** node-redis subscribes by string names: bytes are sent as their UTF-8 decoding, and must be valid UTF-8. */
function toName(name: string | Buffer): string {
  if (typeof name === 'string') return name;
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(name);
  } catch {
    throw new TypeError('node-redis subscribes by string names: a bytes name must be valid UTF-8');
  }
}

/**
 * A connection over one node-redis client, on RESP2 so that replies are the
 * contract's `Reply` (RESP3 maps and sets would not be). The client is set up
 * to fail rather than to hide a lost connection: no reconnecting and no offline
 * queue, since the contract says a connection that the server closed is closed.
 */
export class NodeRedisConnection<E extends Encoding> extends ClientConnection<E> implements AbcConnection<E> {
  /** Where the client connects: always known. */
  declare readonly address: Address;
  readonly #client: Client;
  /**
   * node-redis keeps a set of listeners per channel and calls each for every
   * message: one listener for every channel, and one per pattern (its
   * listener is not told the pattern), so that subscribing again adds none.
   */
  readonly #onMessage = (message: Buffer, channel: Buffer): void => this.receive(channel, message);
  /** The one listener of every shard channel, as `#onMessage` is of every channel. */
  readonly #onShardMessage = (message: Buffer, channel: Buffer): void => this.receiveShard(channel, message);
  readonly #patternListeners = new Map<string, (message: Buffer, channel: Buffer) => void>();

  /**
   * Connects, authenticates, names the client and selects the database, and
   * resolves once the server has answered; rejects with an error of the
   * contract's shapes when it cannot, within `connectTimeout`. The kit's
   * handshake sends `AUTH`, `CLIENT SETNAME` and `SELECT`, as for every client.
   */
  static async connect<E extends Encoding>(options: ConnectOptions<E>): Promise<NodeRedisConnection<E>> {
    const resolved = resolveOptions(options);
    const client = open(resolved);
    const tls = resolved.tls !== null;
    return openWithin(resolved.connectTimeout, resolved.address, tls, NodeRedisConnection.#open(client, options, resolved.address, tls), () => client.destroy());
  }

  /**
   * A connection over a client the application configured itself: its TLS,
   * user, password, database and name are the client's. It must meet
   * `clientProblem()`, or `wrap()` rejects with a `TypeError` that says what to
   * change and leaves the client as it is. A client not yet connected is
   * connected, and one still connecting (`connect()` not yet settled) is
   * waited for. The connection owns the client from then on: it closes the
   * client when it closes, and so does a handshake that fails (the server
   * closed, or did not answer within `commandTimeout`). A client that cannot
   * connect is left as its failure leaves it, closed.
   * Opening and handshake together are bounded by `commandTimeout`: past it,
   * `wrap()` rejects with a `TimeoutError` and leaves the client to its own
   * connecting; should it open after all, the connection closes it.
   */
  static async wrap<E extends Encoding>(client: Client, options: WrapOptions<E>): Promise<NodeRedisConnection<E>> {
    const problem = clientProblem(client);
    if (problem !== undefined) throw new TypeError(`this node-redis client cannot be wrapped: ${problem}`);
    const { address, db } = NodeRedisConnection.where(client);
    const connectOptions: ConnectOptions<E> = {
      ...(typeof address === 'string' ? { path: address } : { host: address[0], port: address[1] }),
      db,
      encoding: options.encoding,
      ...(options.commandTimeout === undefined ? {} : { commandTimeout: options.commandTimeout }),
    };
    const socket = client.options?.socket;
    const tls = socket !== undefined && 'tls' in socket && socket.tls === true;
    // Bounded as the handshake's commands are; the application's client is not ended when it is late, but closed if it opens later.
    const within = options.commandTimeout === undefined ? defaultTimeout : options.commandTimeout;
    return openWithin(within, address, tls, NodeRedisConnection.#open(client, connectOptions, address, tls, false), () => undefined);
  }

  /** Where a client connects, and the database it selects, as its options say. */
  static where(client: Client): { readonly address: Address; readonly db: number } {
    const socket = client.options?.socket;
    const db = client.options?.database ?? 0;
    if (socket !== undefined && 'path' in socket && typeof socket.path === 'string') return { address: socket.path, db };
    const host = socket !== undefined && 'host' in socket && typeof socket.host === 'string' ? socket.host : '127.0.0.1';
    const port = socket !== undefined && 'port' in socket && typeof socket.port === 'number' ? socket.port : 6379;
    return { address: [host, port], db };
  }

  /** A new client with the same configuration as `client`, for a pool built from it. */
  static duplicate(client: Client): Client {
    return client.duplicate();
  }

  /**
   * Runs the handshake once the client is ready (`ready()`). A client the
   * adapter opened itself (`owned`) is destroyed when it cannot connect; an
   * application's client is left as its failure leaves it, closed.
   */
  static async #open<E extends Encoding>(client: Client, options: ConnectOptions<E>, address: Address, tls: boolean, owned = true): Promise<NodeRedisConnection<E>> {
    const connection = new NodeRedisConnection(client, options);
    try {
      await ready(client);
    } catch (error) {
      if (owned) client.destroy();
      throw await connectError(error, classify(error), address, tls);
    }
    try {
      await connection.handshake();
    } catch (error) {
      throw await connectError(error, classify(error), address, tls);
    }
    return connection;
  }

  private constructor(client: Client, options: ConnectOptions<E>) {
    super(options);
    this.#client = client;
    // node-redis emits 'end' only when it is closed on purpose; a lost socket,
    // with reconnecting off, is an 'error' after which the client is no longer
    // open. A reply it cannot parse is an 'error' too, and the command that
    // waits for it would wait for good: the connection is closed instead.
    client.on('error', (error: unknown) => {
      if (classify(error) === 'protocol' && error instanceof Error) this.unparsable(error);
      else if (!client.isOpen) this.ended(error instanceof Error ? error : undefined);
    });
    client.on('end', () => this.ended());
    // node-redis tells of a shard channel the server unsubscribed on its own
    // (its slot moved) with this event, having dropped its listeners.
    client.on('sharded-channel-moved', (channel: unknown) => {
      if (typeof channel === 'string') this.shardsUnsubscribed([channel]);
    });
  }

  protected send(command: string, args: WireArg[]): Promise<unknown> {
    return this.#client.sendCommand([command, ...args], asBytes);
  }

  protected async sendPubsub(kind: PubsubKind, names: readonly (string | Buffer)[]): Promise<void> {
    const strings = names.map(toName);
    switch (kind) {
      case 'subscribe':
        return this.#client.subscribe(strings, this.#onMessage, true);
      case 'psubscribe':
        return this.#patternSubscribe(strings);
      case 'unsubscribe':
        return this.#client.unsubscribe(strings);
      case 'punsubscribe':
        for (const pattern of strings) this.#patternListeners.delete(pattern);
        return this.#client.pUnsubscribe(strings);
      case 'ssubscribe':
        return this.#client.sSubscribe(strings, this.#onShardMessage, true);
      case 'sunsubscribe':
        return this.#client.sUnsubscribe(strings);
    }
  }

  /**
   * One `PSUBSCRIBE` a pattern, each with its own listener. The server refuses
   * one command for them all, or none; so when it refuses one of them, the new
   * patterns before it are unsubscribed again before the refusal is passed on.
   * When they cannot be, what the server holds is unknown, and the connection
   * closes rather than be used as if it held nothing.
   */
  async #patternSubscribe(patterns: readonly string[]): Promise<void> {
    const fresh = patterns.filter((pattern) => !this.#patternListeners.has(pattern));
    try {
      for (const pattern of patterns) await this.#client.pSubscribe(pattern, this.#patternListener(pattern), true);
    } catch (error) {
      for (const pattern of fresh) this.#patternListeners.delete(pattern);
      if (fresh.length > 0) await this.#client.pUnsubscribe(fresh).catch(() => this.disconnect());
      throw error;
    }
  }

  #patternListener(pattern: string): (message: Buffer, channel: Buffer) => void {
    let listener = this.#patternListeners.get(pattern);
    if (listener === undefined) {
      listener = (message, channel) => this.receivePattern(pattern, channel, message);
      this.#patternListeners.set(pattern, listener);
    }
    return listener;
  }

  protected classify(error: unknown): ErrorKind {
    return classify(error);
  }

  protected disconnect(): void {
    this.#client.destroy();
  }
}

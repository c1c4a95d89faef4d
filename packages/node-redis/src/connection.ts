import type { AbcConnection, Address, Encoding, PubsubKind } from 'aioredis-abc';
import { checkOptions, ClientConnection, connectError, type ConnectOptions, type ErrorKind, type WireArg } from 'aioredis-abc-kit';
import {
  ClientClosedError,
  ClientOfflineError,
  createClient,
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

function open(options: ConnectOptions<Encoding>) {
  const address = checkOptions(options);
  return createClient({
    RESP: 2,
    socket: typeof address === 'string' ? { path: address, reconnectStrategy: false } : { host: address[0], port: address[1], reconnectStrategy: false },
    disableOfflineQueue: true,
  });
}

type Client = ReturnType<typeof open>;

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
  readonly #patternListeners = new Map<string, (message: Buffer, channel: Buffer) => void>();

  /**
   * Connects, authenticates and selects the database, and resolves once the
   * server has answered; rejects with an error of the contract's shapes when it
   * cannot. The kit's handshake sends `AUTH` and `SELECT`, as for every client.
   */
  static async connect<E extends Encoding>(options: ConnectOptions<E>): Promise<NodeRedisConnection<E>> {
    const address = checkOptions(options);
    const client = open(options);
    const connection = new NodeRedisConnection(client, options);
    try {
      await client.connect();
    } catch (error) {
      client.destroy();
      throw await connectError(error, classify(error), address);
    }
    await connection.handshake();
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
        for (const pattern of strings) await this.#client.pSubscribe(pattern, this.#patternListener(pattern), true);
        return;
      case 'unsubscribe':
        return this.#client.unsubscribe(strings);
      case 'punsubscribe':
        for (const pattern of strings) this.#patternListeners.delete(pattern);
        return this.#client.pUnsubscribe(strings);
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

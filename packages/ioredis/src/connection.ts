import type { AbcConnection, Address, Encoding, PubsubKind } from 'aioredis-abc';
import { checkOptions, ClientConnection, connectError, type ConnectOptions, type ErrorKind, type WireArg } from 'aioredis-abc-kit';
import { Redis } from 'ioredis';

/** ioredis's own texts for a command on a connection that is closed, or whose socket is gone. */
const closedMessages = new Set(['Connection is closed.', "Stream isn't writeable and enableOfflineQueue options is false"]);

function classify(error: unknown): ErrorKind {
  if (!(error instanceof Error)) return 'other';
  if (error.name === 'ReplyError') return 'reply';
  if (error.name === 'ParserError' || /Unknown RESP type|Protocol error|Please report this/.test(error.message)) return 'protocol';
  return closedMessages.has(error.message) ? 'closed' : 'other';
}

/**
 * A connection over one ioredis client, on RESP2 so that replies are the
 * contract's `Reply` (ioredis 6 speaks RESP3 by default). The client is set up
 * to fail rather than to hide a lost connection: no reconnecting, no offline
 * queue, no resubscribing, since the contract says a connection that the server
 * closed is closed.
 */
export class IoredisConnection<E extends Encoding> extends ClientConnection<E> implements AbcConnection<E> {
  /** Where the client connects: always known. */
  declare readonly address: Address;
  readonly #redis: Redis;

  /** Connects, and resolves once the server answers; rejects with an error of the contract's shapes when it cannot. */
  static async connect<E extends Encoding>(options: ConnectOptions<E>): Promise<IoredisConnection<E>> {
    const address = checkOptions(options);
    const redis = new Redis({
      ...(typeof address === 'string' ? { path: address } : { host: address[0], port: address[1] }),
      db: options.db ?? 0,
      ...(options.password === undefined ? {} : { password: options.password }),
      protocol: 2,
      lazyConnect: true,
      retryStrategy: () => null,
      enableOfflineQueue: false,
      autoResubscribe: false,
      maxRetriesPerRequest: 0,
    });
    // ioredis rejects a failed connect with "Connection is closed."; the cause
    // (a refused connection, a wrong password) comes as an 'error' event.
    let cause: unknown;
    const onError = (error: unknown): void => {
      cause ??= error;
    };
    redis.on('error', onError);
    try {
      await redis.connect();
    } catch (error) {
      redis.disconnect();
      const reason = cause ?? error;
      throw await connectError(reason, classify(reason), address);
    } finally {
      redis.off('error', onError);
    }
    return new IoredisConnection(redis, options);
  }

  private constructor(redis: Redis, options: ConnectOptions<E>) {
    super(options);
    this.#redis = redis;
    let lastError: Error | undefined;
    redis.on('error', (error: unknown) => {
      if (error instanceof Error) lastError = error;
    });
    redis.on('messageBuffer', (channel: unknown, message: unknown) => {
      if (Buffer.isBuffer(channel) && Buffer.isBuffer(message)) this.receive(channel, message);
    });
    redis.on('pmessageBuffer', (pattern: unknown, channel: unknown, message: unknown) => {
      if ((typeof pattern === 'string' || Buffer.isBuffer(pattern)) && Buffer.isBuffer(channel) && Buffer.isBuffer(message)) {
        this.receivePattern(pattern, channel, message);
      }
    });
    redis.on('end', () => this.ended(lastError));
  }

  protected send(command: string, args: WireArg[]): Promise<unknown> {
    return this.#redis.callBuffer(command, args);
  }

  protected async sendPubsub(kind: PubsubKind, names: readonly (string | Buffer)[]): Promise<void> {
    await this.#redis.callBuffer(kind, [...names]);
  }

  protected classify(error: unknown): ErrorKind {
    return classify(error);
  }

  protected disconnect(): void {
    this.#redis.disconnect();
  }
}

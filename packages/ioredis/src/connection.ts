// examples/ioredis/connection.ts: AbcConnection over an ioredis client.
import type { AbcConnection, Encoding, PubsubKind } from 'aioredis-abc';
import { Redis } from 'ioredis';
import { checkOptions, ClientConnection, type ConnectOptions, type ErrorKind, type WireArg } from 'aioredis-abc-kit';

/** ioredis's own text for a command on a connection that is closed. */
const closedMessage = 'Connection is closed.';

/**
 * A connection over one ioredis client. The client is set up to fail rather
 * than to hide a lost connection: no reconnecting, no offline queue, no
 * resubscribing, since the contract says a connection that the server closed
 * is closed.
 */
export class IoredisConnection<E extends Encoding> extends ClientConnection<E> implements AbcConnection<E> {
  readonly #redis: Redis;

  /** Connects, and resolves once the server answers; rejects with the client's error when it cannot. */
  static async connect<E extends Encoding>(options: ConnectOptions<E>): Promise<IoredisConnection<E>> {
    const address = checkOptions(options);
    const redis = new Redis({
      ...(typeof address === 'string' ? { path: address } : { host: address[0], port: address[1] }),
      db: options.db ?? 0,
      lazyConnect: true,
      retryStrategy: () => null,
      enableOfflineQueue: false,
      autoResubscribe: false,
      maxRetriesPerRequest: 0,
    });
    const connection = new IoredisConnection(redis, options);
    // ioredis rejects a failed connect with "Connection is closed."; the cause
    // (a refused connection, say) comes as an 'error' event, and is the clearer error.
    let cause: unknown;
    const onError = (error: unknown): void => {
      cause ??= error;
    };
    redis.on('error', onError);
    try {
      await redis.connect();
    } catch (error) {
      redis.disconnect();
      throw cause instanceof Error ? cause : error;
    } finally {
      redis.off('error', onError);
    }
    return connection;
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
      if (typeof pattern === 'string' && Buffer.isBuffer(channel) && Buffer.isBuffer(message)) this.receivePattern(pattern, channel, message);
    });
    redis.on('end', () => this.ended(lastError));
  }

  protected send(command: string, args: readonly WireArg[]): Promise<unknown> {
    return this.#redis.callBuffer(command, [...args]);
  }

  protected async sendPubsub(kind: PubsubKind, names: readonly (string | Buffer)[]): Promise<void> {
    await this.#redis.callBuffer(kind, [...names]);
  }

  protected classify(error: unknown): ErrorKind {
    if (!(error instanceof Error)) return 'other';
    if (error.name === 'ReplyError') return 'reply';
    return error.message === closedMessage ? 'closed' : 'other';
  }

  protected disconnect(): void {
    this.#redis.disconnect();
  }
}

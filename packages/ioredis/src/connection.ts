import type { AbcConnection, Address, Encoding, PubsubKind } from 'aioredis-abc';
import { checkOptions, ClientConnection, connectError, globMatcher, type ConnectOptions, type ErrorKind, type WireArg } from 'aioredis-abc-kit';
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
  /** For a pattern message that several subscribed patterns could have come for: which of them takes the next one. */
  readonly #turns = new Map<string, number>();

  /**
   * Connects, authenticates and selects the database, and resolves once the
   * server has answered; rejects with an error of the contract's shapes when it
   * cannot. The kit's handshake sends `AUTH` and `SELECT` rather than ioredis,
   * which reports a refused `SELECT` as an event and carries on in database 0.
   */
  static async connect<E extends Encoding>(options: ConnectOptions<E>): Promise<IoredisConnection<E>> {
    const address = checkOptions(options);
    const redis = new Redis({
      ...(typeof address === 'string' ? { path: address } : { host: address[0], port: address[1] }),
      protocol: 2,
      lazyConnect: true,
      enableReadyCheck: false,
      retryStrategy: () => null,
      enableOfflineQueue: false,
      autoResubscribe: false,
      maxRetriesPerRequest: 0,
    });
    // ioredis rejects a failed connect with "Connection is closed."; the cause
    // (a refused connection) comes as an 'error' event.
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
    const conn = new IoredisConnection(redis, options);
    await conn.handshake();
    return conn;
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
      if (typeof pattern === 'string' && Buffer.isBuffer(channel) && Buffer.isBuffer(message)) {
        this.receivePattern(this.#patternBytes(pattern, channel, message), channel, message);
      }
    });
    redis.on('end', () => this.ended(lastError));
  }

  /**
   * The subscribed pattern a pattern message came for. ioredis gives the
   * pattern decoded as UTF-8, which replaces bytes that are not UTF-8 with
   * U+FFFD, so a pattern with such bytes is found again among the subscribed
   * ones: those whose UTF-8 decoding is the same and that match the channel.
   * Redis sends one message per matching pattern, so when several are left,
   * each takes one message of the same channel and content in turn.
   */
  #patternBytes(pattern: string, channel: Buffer, message: Buffer): string | Buffer {
    if (!pattern.includes('\uFFFD')) return pattern;
    const candidates: (string | Buffer)[] = [];
    for (const { name } of this.pubsubPatterns.values()) {
      const bytes = typeof name === 'string' ? Buffer.from(name) : Buffer.from(name.buffer, name.byteOffset, name.byteLength);
      if (bytes.toString('utf8') === pattern && globMatcher(bytes)(channel)) candidates.push(bytes);
    }
    const turn = `${pattern}\0${channel.toString('latin1')}\0${message.toString('latin1')}`;
    const index = this.#turns.get(turn) ?? 0;
    if (index + 1 < candidates.length) this.#turns.set(turn, index + 1);
    else this.#turns.delete(turn);
    return candidates[index] ?? pattern;
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

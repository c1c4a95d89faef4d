import type { AbcConnection, Address, Encoding, PubsubKind } from 'aioredis-abc';
import {
  ClientConnection,
  connectError,
  defaultTimeout,
  globMatcher,
  openWithin,
  resolveOptions,
  type ConnectOptions,
  type ErrorKind,
  type ResolvedOptions,
  type WireArg,
} from 'aioredis-abc-kit';
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
 * Resolves once the client is ready: at once when it is, after its own
 * connecting when it is on its way (a client made without `lazyConnect`
 * starts at once), after `connect()` when it waits for it (`lazyConnect`).
 * Rejects with the cause of a failed connect: ioredis reports it as an
 * `'error'` event, and ends the client (`'end'`), since it does not retry.
 */
function ready(redis: Redis): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    let cause: unknown;
    const onError = (error: unknown): void => {
      cause ??= error;
    };
    const onReady = (): void => {
      stop();
      resolve();
    };
    const onEnd = (): void => {
      stop();
      reject(cause ?? new Error('Connection is closed.'));
    };
    const stop = (): void => {
      redis.off('error', onError).off('ready', onReady).off('end', onEnd);
    };
    redis.on('error', onError).on('ready', onReady).on('end', onEnd);
    if (redis.status === 'wait') {
      redis.connect().catch((error: unknown) => {
        onError(error);
        if (redis.status === 'end') onEnd();
      });
    }
  });
}

/**
 * Keeps ioredis in subscriber mode while its own record of the subscriptions
 * is not empty. ioredis leaves that mode when any unsubscribe is confirmed with
 * a count of 0, but Redis counts shard channels apart from channels and
 * patterns: `UNSUBSCRIBE` of the last channel confirms 0 while shard channels
 * are still subscribed, and ioredis would then drop their messages as replies
 * to no command. The client's `condition` is replaced on each connect, so this
 * runs then too.
 */
function keepSubscriberMode(redis: Redis): void {
  const condition = redis.condition;
  if (condition === null) return;
  let subscriber = condition.subscriber;
  Object.defineProperty(condition, 'subscriber', {
    configurable: true,
    enumerable: true,
    get: () => subscriber,
    set: (value: typeof subscriber) => {
      if (value === false && subscriber !== false && !subscriber.isEmpty()) return;
      subscriber = value;
    },
  });
}

/** What `wrap()` takes besides the client: the connection's encoding, and its command timeout. */
export interface WrapOptions<E extends Encoding> {
  readonly encoding: E;
  /** As `ConnectOptions.commandTimeout`: 10,000 ms by default, `null` for no limit. */
  readonly commandTimeout?: number | null;
}

/**
 * What the adapter needs of a client it is given, so that it cannot misbehave
 * later: RESP2 replies, no offline queue and no reconnecting (a connection the
 * server closed is closed), no key prefix (keys are sent as given), a client
 * of one server (not a `Cluster`, not a Sentinel client), not ended.
 * Returns what is wrong, or `undefined`.
 */
export function clientProblem(client: unknown): string | undefined {
  if (!(client instanceof Redis)) return 'it is not an ioredis Redis client (a Cluster client waits for its own adapter)';
  const options = client.options;
  if (options.sentinels !== null && options.sentinels !== undefined && options.sentinels.length > 0) return 'it is a Sentinel client, which waits for its own adapter';
  if (options.protocol !== 2) return 'it speaks RESP3: create it with protocol: 2';
  if (options.enableOfflineQueue !== false) return 'it queues commands while offline: create it with enableOfflineQueue: false';
  if (options.retryStrategy?.(1) !== null && options.retryStrategy?.(1) !== undefined) return 'it reconnects: create it with retryStrategy: () => null';
  if (options.keyPrefix !== undefined && options.keyPrefix !== '') return 'it has a keyPrefix, which would change the keys the contract sends';
  if (client.status === 'end' || client.status === 'close') return 'it is closed';
  return undefined;
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
  /** The shard channels ioredis held once the last `SSUBSCRIBE` or `SUNSUBSCRIBE` settled: see `#shardsMoved()`. */
  #heldShards = new Set<string>();
  /** Whether the socket holds its writes until the end of this tick: see `#cork()`. */
  #corked = false;

  /**
   * Connects, authenticates, names the client and selects the database, and
   * resolves once the server has answered; rejects with an error of the
   * contract's shapes when it cannot, within `connectTimeout`. The kit's
   * handshake sends `AUTH`, `CLIENT SETNAME` and `SELECT` rather than ioredis,
   * which reports a refused `SELECT` as an event and carries on in database 0.
   */
  static async connect<E extends Encoding>(options: ConnectOptions<E>): Promise<IoredisConnection<E>> {
    const resolved = resolveOptions(options);
    const redis = new Redis(IoredisConnection.#clientOptions(resolved));
    const opening = IoredisConnection.#open(redis, options, resolved.address, resolved.tls !== null).then((conn) => {
      // ioredis arms keep-alive whenever it is a number, 0 included, so it is turned off here.
      if (resolved.keepAlive === false) redis.stream.setKeepAlive(false);
      return conn;
    });
    return openWithin(resolved.connectTimeout, resolved.address, resolved.tls !== null, opening, () => redis.disconnect());
  }

  /**
   * A connection over a client the application configured itself: its TLS,
   * user, password, database and name are the client's. It must meet
   * `clientProblem()`, or `wrap()` rejects with a `TypeError` that says what to
   * change and leaves the client as it is. A client still connecting (made
   * without `lazyConnect`) is waited for, and a lazy one is connected. The
   * connection owns the client from then on: it closes the client when it
   * closes, and so does a handshake that fails (the server closed, or did not
   * answer within `commandTimeout`). A client that cannot connect is left as
   * its failure leaves it, ended.
   * Opening and handshake together are bounded by `commandTimeout`: past it,
   * `wrap()` rejects with a `TimeoutError` and leaves the client to its own
   * connecting; should it open after all, the connection closes it.
   */
  static async wrap<E extends Encoding>(client: Redis, options: WrapOptions<E>): Promise<IoredisConnection<E>> {
    const problem = clientProblem(client);
    if (problem !== undefined) throw new TypeError(`this ioredis client cannot be wrapped: ${problem}`);
    const { address, db } = IoredisConnection.where(client);
    const connectOptions: ConnectOptions<E> = {
      ...(typeof address === 'string' ? { path: address } : { host: address[0], port: address[1] }),
      db,
      encoding: options.encoding,
      ...(options.commandTimeout === undefined ? {} : { commandTimeout: options.commandTimeout }),
    };
    const tls = client.options.tls !== undefined;
    // Bounded as the handshake's commands are; the application's client is not ended when it is late, but closed if it opens later.
    const within = options.commandTimeout === undefined ? defaultTimeout : options.commandTimeout;
    return openWithin(within, address, tls, IoredisConnection.#open(client, connectOptions, address, tls, false), () => undefined);
  }

  /** Where a client connects, and the database it selects, as its options say. */
  static where(client: Redis): { readonly address: Address; readonly db: number } {
    const { path, host, port, db } = client.options;
    return { address: typeof path === 'string' && path !== '' ? path : [host ?? '127.0.0.1', port ?? 6379], db: db ?? 0 };
  }

  /** A new client with the same configuration as `client`, for a pool built from it. */
  static duplicate(client: Redis): Redis {
    return client.duplicate({ lazyConnect: true });
  }

  static #clientOptions(resolved: ResolvedOptions<Encoding>) {
    const { address, tls, keepAlive } = resolved;
    return {
      ...(typeof address === 'string' ? { path: address } : { host: address[0], port: address[1] }),
      ...(tls === null ? {} : { tls }),
      ...(keepAlive === false ? {} : { keepAlive }),
      connectTimeout: resolved.connectTimeout ?? 0,
      protocol: 2 as const,
      lazyConnect: true,
      enableReadyCheck: false,
      retryStrategy: () => null,
      enableOfflineQueue: false,
      autoResubscribe: false,
      maxRetriesPerRequest: 0,
    };
  }

  /**
   * Runs the handshake once the client is ready (`ready()`). A client the
   * adapter opened itself (`owned`) is disconnected when it cannot connect;
   * an application's client is left as it is, ended by its own failure.
   */
  static async #open<E extends Encoding>(redis: Redis, options: ConnectOptions<E>, address: Address, tls: boolean, owned = true): Promise<IoredisConnection<E>> {
    try {
      await ready(redis);
    } catch (reason) {
      if (owned) redis.disconnect();
      throw await connectError(reason, classify(reason), address, tls);
    }
    const conn = new IoredisConnection(redis, options);
    try {
      await conn.handshake();
    } catch (error) {
      throw await connectError(error, classify(error), address, tls);
    }
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
    keepSubscriberMode(redis);
    redis.on('connect', () => keepSubscriberMode(redis));
    redis.on('moved', () => this.#shardsMoved());
    redis.on('smessageBuffer', (channel: unknown, message: unknown) => {
      if (Buffer.isBuffer(channel) && Buffer.isBuffer(message)) this.receiveShard(channel, message);
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
    if (!this.#corked && this.pendingCommands > 0) this.#cork();
    return this.#redis.callBuffer(command, args);
  }

  /**
   * Holds the socket's writes until the end of the tick, so that the commands
   * sent in one tick leave in one write: ioredis writes each command by itself,
   * a system call each, which costs more than all the rest of a command. Only
   * while other commands are in flight: a command sent alone leaves at once,
   * and one behind others waits for the server anyway.
   */
  #cork(): void {
    const stream = this.#redis.stream;
    stream.cork();
    this.#corked = true;
    process.nextTick(() => {
      this.#corked = false;
      stream.uncork();
    });
  }

  protected async sendPubsub(kind: PubsubKind, names: readonly (string | Buffer)[]): Promise<void> {
    try {
      await this.#redis.callBuffer(kind, [...names]);
    } finally {
      if (kind === 'ssubscribe' || kind === 'sunsubscribe') this.#heldShards = new Set(this.#shardNames());
    }
  }

  /** The shard channels ioredis holds now, by name decoded as UTF-8, as it keeps them. */
  #shardNames(): string[] {
    const subscriber = this.#redis.condition?.subscriber;
    return subscriber ? subscriber.channels('ssubscribe') : [];
  }

  /**
   * ioredis emits `moved`, without a name, when the server unsubscribed shard
   * channels on its own (their slot moved), and when it refuses `SSUBSCRIBE`
   * with `MOVED`. The channels ioredis held after the last shard command and
   * no longer holds are the ones the server dropped; a refused `SSUBSCRIBE`
   * drops none, since its channels were never held.
   */
  #shardsMoved(): void {
    const now = this.#shardNames();
    const gone = [...this.#heldShards].filter((name) => !now.includes(name));
    this.#heldShards = new Set(now);
    if (gone.length > 0) this.shardsUnsubscribed(gone);
  }

  protected classify(error: unknown): ErrorKind {
    return classify(error);
  }

  protected disconnect(): void {
    this.#redis.disconnect();
  }
}

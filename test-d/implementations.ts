// Plain classes that implement each interface with no `any`, no cast and no
// `@ts-ignore`: the proof that the contract can be implemented. The tests
// import them; the compiler checks every line.
import type {
  AbcChannel,
  AbcConnection,
  AbcPool,
  ChannelName,
  CommandArg,
  CommandName,
  Encoding,
  ExecuteArgs,
  ExecuteOptions,
  MessageDecoder,
  PatternMessage,
  PubsubCommand,
  PubsubConfirmation,
  PubsubKind,
  PubsubTarget,
  RawMessage,
  Reply,
  TcpAddress,
} from '..';

interface Waiter<T> {
  resolve(value: T): void;
  reject(error: Error): void;
}

function channelClosed(): Error {
  const error = new Error('channel is closed');
  error.name = 'ChannelClosedError';
  return error;
}

/** A queue of items with waiting readers: what both channel classes share. */
class Queue<T> {
  readonly #items: T[] = [];
  readonly #waiters: Waiter<T>[] = [];
  #closed = false;

  get isActive(): boolean {
    return !this.#closed || this.#items.length > 0;
  }

  next(): Promise<T> {
    const item = this.#items.shift();
    if (item !== undefined) return Promise.resolve(item);
    if (this.#closed) return Promise.reject(channelClosed());
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }

  putNowait(item: T): void {
    if (this.#closed) return;
    const waiter = this.#waiters.shift();
    if (waiter) waiter.resolve(item);
    else this.#items.push(item);
  }

  close(): void {
    this.#closed = true;
    for (const waiter of this.#waiters.splice(0)) waiter.reject(channelClosed());
  }
}

/** A plain channel: `get()` resolves with the message. */
export class PlainChannel<M = RawMessage> implements AbcChannel<false, M> {
  readonly isPattern = false;
  readonly #queue = new Queue<M>();

  constructor(readonly name: ChannelName) {}

  get isActive(): boolean {
    return this.#queue.isActive;
  }

  get(): Promise<M>;
  get<R>(decoder: MessageDecoder<M, R>): Promise<R>;
  async get<R>(decoder?: MessageDecoder<M, R>): Promise<M | R> {
    const message = await this.#queue.next();
    return decoder ? decoder(message) : message;
  }

  putNowait(data: M): void {
    this.#queue.putNowait(data);
  }

  close(): void {
    this.#queue.close();
  }
}

/** A pattern channel: `get()` resolves with the (channel, message) pair. */
export class PatternChannel<M = RawMessage> implements AbcChannel<true, M> {
  readonly isPattern = true;
  readonly #queue = new Queue<PatternMessage<M>>();

  constructor(readonly name: ChannelName) {}

  get isActive(): boolean {
    return this.#queue.isActive;
  }

  get(): Promise<PatternMessage<M>>;
  get<R>(decoder: MessageDecoder<M, R>): Promise<PatternMessage<R>>;
  async get<R>(decoder?: MessageDecoder<M, R>): Promise<PatternMessage<M> | PatternMessage<R>> {
    const [channel, message] = await this.#queue.next();
    return decoder ? [channel, decoder(message)] : [channel, message];
  }

  putNowait(data: PatternMessage<M>): void {
    this.#queue.putNowait(data);
  }

  close(): void {
    this.#queue.close();
  }
}

function isOptions(value: CommandArg | ExecuteOptions | undefined): value is ExecuteOptions {
  return typeof value === 'object' && !(value instanceof Uint8Array);
}

const kinds: Readonly<Record<PubsubCommand, PubsubKind>> = {
  SUBSCRIBE: 'subscribe',
  subscribe: 'subscribe',
  PSUBSCRIBE: 'psubscribe',
  psubscribe: 'psubscribe',
  UNSUBSCRIBE: 'unsubscribe',
  unsubscribe: 'unsubscribe',
  PUNSUBSCRIBE: 'punsubscribe',
  punsubscribe: 'punsubscribe',
};

function nameOf(name: ChannelName): string {
  return typeof name === 'string' ? name : new TextDecoder().decode(name);
}

/**
 * An in-memory connection, as a test double would be: it keeps strings in a
 * map and knows GET, SET, SELECT and PING, and the pub/sub bookkeeping.
 */
export class MemoryConnection<E extends Encoding = 'utf-8'> implements AbcConnection<E> {
  readonly address: TcpAddress = ['127.0.0.1', 6379];
  readonly #store = new Map<string, string>();
  readonly #channels = new Map<string, AbcChannel<false>>();
  readonly #patterns = new Map<string, AbcChannel<true>>();
  #db = 0;
  #closed = false;

  constructor(readonly encoding: E) {}

  get db(): number {
    return this.#db;
  }

  get closed(): boolean {
    return this.#closed;
  }

  get inPubsub(): number {
    return this.#channels.size + this.#patterns.size;
  }

  get pubsubChannels(): ReadonlyMap<string, AbcChannel<false>> {
    return new Map(this.#channels);
  }

  get pubsubPatterns(): ReadonlyMap<string, AbcChannel<true>> {
    return new Map(this.#patterns);
  }

  execute<O extends Encoding = E>(command: CommandName, ...args: ExecuteArgs<O>): Promise<Reply<O>>;
  async execute(command: CommandName, ...args: ExecuteArgs): Promise<Reply> {
    if (this.#closed) throw new Error('connection is closed');
    const last = args[args.length - 1];
    const encoding = isOptions(last) ? last.encoding : this.encoding;
    const values = args.filter((arg): arg is CommandArg => !isOptions(arg)).map(String);
    const name = (typeof command === 'string' ? command : new TextDecoder().decode(command)).toUpperCase();
    const reply = this.#run(name, values);
    return typeof reply === 'string' && encoding === null ? new TextEncoder().encode(reply) : reply;
  }

  #run(command: string, [key = '', value = '']: string[]): string | number | null {
    switch (command) {
      case 'PING':
        return 'PONG';
      case 'GET':
        return this.#store.get(key) ?? null;
      case 'SET':
        this.#store.set(key, value);
        return 'OK';
      case 'SELECT':
        this.#db = Number(key);
        return 'OK';
      default:
        throw new Error(`ERR unknown command '${command}'`);
    }
  }

  async executePubsub(command: PubsubCommand, ...channels: [PubsubTarget, ...PubsubTarget[]]): Promise<PubsubConfirmation[]> {
    const kind = kinds[command];
    const pattern = kind === 'psubscribe' || kind === 'punsubscribe';
    const registry = pattern ? this.#patterns : this.#channels;
    return channels.map((target): PubsubConfirmation => {
      const name = typeof target === 'string' || target instanceof Uint8Array ? target : target.name;
      if (kind === 'unsubscribe' || kind === 'punsubscribe') {
        registry.get(nameOf(name))?.close();
        registry.delete(nameOf(name));
      } else if (pattern) {
        this.#patterns.set(nameOf(name), target instanceof PatternChannel ? target : new PatternChannel(name));
      } else {
        this.#channels.set(nameOf(name), target instanceof PlainChannel ? target : new PlainChannel(name));
      }
      return [kind, name, this.inPubsub];
    });
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const channel of [...this.#channels.values(), ...this.#patterns.values()]) channel.close();
  }

  async waitClosed(): Promise<void> {}
}

/** A pool of `MemoryConnection`s that hands out its own connection type. */
export class MemoryPool<E extends Encoding = 'utf-8'> implements AbcPool<MemoryConnection<E>> {
  readonly address = null;
  readonly #free: MemoryConnection<E>[] = [];
  readonly #used = new Set<MemoryConnection<E>>();
  readonly #pubsub: MemoryConnection<E>;

  constructor(readonly encoding: E) {
    this.#pubsub = new MemoryConnection(encoding);
  }

  get db(): number {
    return 0;
  }

  get closed(): boolean {
    return this.#pubsub.closed;
  }

  get inPubsub(): number {
    return this.#pubsub.inPubsub;
  }

  get pubsubChannels(): ReadonlyMap<string, AbcChannel<false>> {
    return this.#pubsub.pubsubChannels;
  }

  get pubsubPatterns(): ReadonlyMap<string, AbcChannel<true>> {
    return this.#pubsub.pubsubPatterns;
  }

  async acquire(): Promise<MemoryConnection<E>> {
    if (this.closed) throw new Error('pool is closed');
    const conn = this.#free.pop() ?? new MemoryConnection(this.encoding);
    this.#used.add(conn);
    return conn;
  }

  getConnection(): MemoryConnection<E> | null {
    const conn = this.#free.pop();
    if (conn === undefined) return null;
    this.#used.add(conn);
    return conn;
  }

  release(conn: MemoryConnection<E>): void {
    if (!this.#used.delete(conn)) throw new Error('connection was not acquired from this pool');
    if (conn.closed || conn.db !== 0 || conn.inPubsub > 0) conn.close();
    else this.#free.push(conn);
  }

  execute<O extends Encoding = E>(command: CommandName, ...args: ExecuteArgs<O>): Promise<Reply<O>>;
  async execute(command: CommandName, ...args: ExecuteArgs): Promise<Reply> {
    const conn = await this.acquire();
    try {
      return await conn.execute(command, ...args);
    } finally {
      this.release(conn);
    }
  }

  executePubsub(command: PubsubCommand, ...channels: [PubsubTarget, ...PubsubTarget[]]): Promise<PubsubConfirmation[]> {
    return this.#pubsub.executePubsub(command, ...channels);
  }

  close(): void {
    this.#pubsub.close();
    for (const conn of this.#free.splice(0)) conn.close();
  }

  async waitClosed(): Promise<void> {
    await this.#pubsub.waitClosed();
  }
}

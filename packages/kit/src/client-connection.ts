// examples/client-connection.ts: the contract's behaviour over a Redis client; an adapter supplies the client's part.
import type {
  AbcChannel,
  AbcConnection,
  Address,
  ChannelName,
  CommandArg,
  CommandName,
  Encoding,
  ExecuteArgs,
  PubsubCommand,
  PubsubConfirmation,
  PubsubKind,
  PubsubTargets,
  Reply,
} from 'aioredis-abc';
import { isChannelName, keyOf, patternChannel, plainChannel, pubsubKind, splitCommand } from './arguments.js';
import { PatternChannel, PlainChannel } from './channel.js';
import { ConnectionClosedError, ConnectionForcedCloseError, ProtocolError, RedisError, replyError } from './errors.js';
import { pubsubDictionary, ReadonlyMapView } from './readonly-map.js';

/** Where and how to connect. */
export interface ConnectOptions<E extends Encoding> {
  /** The server's host, for TCP: `127.0.0.1` by default. */
  readonly host?: string;
  /** The server's port, for TCP: 6379 by default. */
  readonly port?: number;
  /** The path of the server's unix socket, instead of host and port. */
  readonly path?: string;
  /** The database to select: 0 by default. */
  readonly db?: number;
  /** The codec replies are decoded with (a Node `BufferEncoding`), or `null` for bytes. */
  readonly encoding: E;
}

/** Where a pool's connections connect, and how many it keeps open at most (10 by default). */
export interface ServerPoolOptions<E extends Encoding> extends ConnectOptions<E> {
  readonly maxsize?: number;
}

/** How a client's error is to be told to the caller. */
export type ErrorKind = 'reply' | 'closed' | 'other';

/** An argument as the clients take it. */
export type WireArg = string | Buffer | number;

const pubsubCommands = new Set(['SUBSCRIBE', 'PSUBSCRIBE', 'UNSUBSCRIBE', 'PUNSUBSCRIBE']);

/** What `executePubsub()` takes after the command, whatever the command: a name or a channel. */
type Target = ChannelName | AbcChannel;

/** A codec name as Node's `Buffer` knows it, or a `TypeError` naming the bad one. */
function toBufferEncoding(encoding: Encoding): BufferEncoding | null {
  if (encoding === null || Buffer.isEncoding(encoding)) return encoding;
  throw new TypeError(`unknown encoding ${JSON.stringify(encoding)}: use a Node.js BufferEncoding such as 'utf-8', or null for bytes`);
}

/** Checks connection options before anything is opened. */
export function checkOptions<E extends Encoding>(options: ConnectOptions<E>): Address {
  toBufferEncoding(options.encoding);
  const db = options.db ?? 0;
  if (!Number.isInteger(db) || db < 0) throw new TypeError(`db must be a non-negative integer, not ${String(options.db)}`);
  return options.path ?? [options.host ?? '127.0.0.1', options.port ?? 6379];
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function toWire(arg: CommandArg): WireArg {
  return arg instanceof Uint8Array ? toBuffer(arg) : arg;
}

/** A client's reply as the contract's `Reply`: bulk strings decoded or kept as bytes, errors in arrays rejected. */
function toReply(value: unknown, decoding: BufferEncoding | null): Reply {
  if (value === null || typeof value === 'number') return value;
  if (value instanceof Uint8Array) return decoding === null ? toBuffer(value) : toBuffer(value).toString(decoding);
  if (typeof value === 'string') return decoding === null ? Buffer.from(value) : value;
  if (Array.isArray(value)) {
    const items: readonly unknown[] = value;
    return items.map((item) => toReply(item, decoding));
  }
  if (value instanceof Error) throw replyError(value.message, value);
  throw new ProtocolError(`unexpected reply: ${typeof value}`);
}

/**
 * A connection over a Redis client. It keeps the state the contract describes
 * (db, pub/sub subscriptions, closing) and checks what callers pass; a
 * subclass sends commands with its client and reports what the client says.
 */
export abstract class ClientConnection<E extends Encoding> implements AbcConnection<E> {
  readonly address: Address;
  readonly encoding: E;
  readonly #decoding: BufferEncoding | null;
  readonly #channels = new Map<string, AbcChannel<false>>();
  readonly #patterns = new Map<string, AbcChannel<true>>();
  readonly pubsubChannels = pubsubDictionary<E>(new ReadonlyMapView(this.#channels));
  readonly pubsubPatterns = pubsubDictionary<E>(new ReadonlyMapView(this.#patterns));
  readonly #ended: Promise<void>;
  #markEnded: () => void = () => {};
  #closedBy: ConnectionClosedError | null = null;
  #db: number;
  #inTransaction = false;

  protected constructor(options: ConnectOptions<E>) {
    this.address = checkOptions(options);
    this.encoding = options.encoding;
    this.#decoding = toBufferEncoding(options.encoding);
    this.#db = options.db ?? 0;
    this.#ended = new Promise((resolve) => {
      this.#markEnded = resolve;
    });
  }

  /** Sends one command and resolves with the client's reply, bulk strings as bytes. */
  protected abstract send(command: string, args: readonly WireArg[]): Promise<unknown>;
  /** Sends a pub/sub command for the names. */
  protected abstract sendPubsub(kind: PubsubKind, names: readonly (string | Buffer)[]): Promise<void>;
  /** Tells the client's reply errors and closed-connection errors apart from the rest. */
  protected abstract classify(error: unknown): ErrorKind;
  /** Closes the client now, failing what is pending; the client reports its end through `ended()`. */
  protected abstract disconnect(): void;

  get db(): number {
    return this.#db;
  }

  get closed(): boolean {
    return this.#closedBy !== null;
  }

  get inPubsub(): number {
    return this.#channels.size + this.#patterns.size;
  }

  /** Whether a `MULTI` was sent and its `EXEC` or `DISCARD` not yet: a pool closes such a connection on release. */
  get inTransaction(): boolean {
    return this.#inTransaction;
  }

  execute<O extends Encoding = E>(command: CommandName, ...args: ExecuteArgs<O>): Promise<Reply<O>>;
  async execute(command: CommandName, ...given: ExecuteArgs): Promise<Reply> {
    const { name, args, options } = splitCommand(command, given);
    const decoding = options ? toBufferEncoding(options.encoding) : this.#decoding;
    if (this.#closedBy) throw this.#closedBy;
    if (pubsubCommands.has(name)) throw new TypeError(`${name} goes through executePubsub()`);
    if (this.inPubsub > 0 && name !== 'PING') {
      throw new RedisError(`${name} is not allowed in pub/sub mode: only the pub/sub commands and PING are`);
    }
    try {
      const reply = toReply(await this.#call(name, args.map(toWire)), decoding);
      if (name === 'SELECT') this.#db = Number(args[0]);
      if (name === 'MULTI') this.#inTransaction = true;
      return reply;
    } finally {
      if (name === 'EXEC' || name === 'DISCARD') this.#inTransaction = false;
    }
  }

  async #call(name: string, args: readonly WireArg[]): Promise<unknown> {
    try {
      return await this.send(name, args);
    } catch (error) {
      throw this.#translate(error);
    }
  }

  #translate(error: unknown): Error {
    const kind = this.classify(error);
    const cause = error instanceof Error ? error : new Error(String(error));
    if (kind === 'reply') return replyError(cause.message, cause);
    if (kind === 'closed') return this.#closedBy ?? new ConnectionForcedCloseError('the connection was closed by the server or the network', { cause });
    return cause;
  }

  executePubsub<C extends PubsubCommand>(command: C, ...targets: PubsubTargets<C, E>): Promise<PubsubConfirmation[]>;
  async executePubsub(command: PubsubCommand, ...targets: [Target, ...Target[]]): Promise<PubsubConfirmation[]> {
    const kind = pubsubKind(command);
    if (targets.length === 0) throw new TypeError(`${command} needs at least one channel`);
    if (this.#closedBy) throw this.#closedBy;
    const names = targets.map((target) => (isChannelName(target) ? target : target.name));
    if (kind === 'unsubscribe' || kind === 'punsubscribe') {
      await this.#sendPubsub(kind, names);
      return names.map((name) => this.#unregister(kind, name));
    }
    const registry = kind === 'subscribe' ? this.#channels : this.#patterns;
    const before = new Set(registry.keys());
    const confirmations = targets.map((target) => this.#register(kind, target));
    try {
      await this.#sendPubsub(kind, names);
    } catch (error) {
      for (const key of registry.keys()) if (!before.has(key)) registry.delete(key);
      throw error;
    }
    return confirmations;
  }

  async #sendPubsub(kind: PubsubKind, names: readonly ChannelName[]): Promise<void> {
    try {
      await this.sendPubsub(kind, names.map((name) => (typeof name === 'string' ? name : toBuffer(name))));
    } catch (error) {
      throw error instanceof TypeError ? error : this.#translate(error);
    }
  }

  /**
   * Adds a channel for a target not yet subscribed, before the command is sent
   * so that no message is missed, and confirms it as the server will.
   */
  #register(kind: 'subscribe' | 'psubscribe', target: Target): PubsubConfirmation {
    const name = isChannelName(target) ? target : target.name;
    const key = keyOf(name);
    if (kind === 'subscribe' && !this.#channels.has(key)) {
      this.#channels.set(key, isChannelName(target) ? new PlainChannel(name) : plainChannel(target));
    } else if (kind === 'psubscribe' && !this.#patterns.has(key)) {
      this.#patterns.set(key, isChannelName(target) ? new PatternChannel(name) : patternChannel(target));
    }
    return [kind, name, this.inPubsub];
  }

  /** Removes and closes the channel of a name the server confirmed unsubscribed. */
  #unregister(kind: 'unsubscribe' | 'punsubscribe', name: ChannelName): PubsubConfirmation {
    const registry = kind === 'unsubscribe' ? this.#channels : this.#patterns;
    const key = keyOf(name);
    registry.get(key)?.close();
    registry.delete(key);
    return [kind, name, this.inPubsub];
  }

  #decode(bytes: Buffer): string | Buffer {
    return this.#decoding === null ? bytes : bytes.toString(this.#decoding);
  }

  /** The subclass calls this for each message of a plain subscription. */
  protected receive(channel: Buffer, message: Buffer): void {
    this.#channels.get(keyOf(channel))?.putNowait(this.#decode(message));
  }

  /** The subclass calls this for each message of a pattern subscription. */
  protected receivePattern(pattern: ChannelName, channel: Buffer, message: Buffer): void {
    this.#patterns.get(keyOf(pattern))?.putNowait([this.#decode(channel), this.#decode(message)]);
  }

  /** The subclass calls this once its client's connection is gone, whoever closed it. */
  protected ended(cause?: Error): void {
    if (!this.#closedBy) {
      this.#shut(new ConnectionForcedCloseError('the connection was closed by the server or the network', cause ? { cause } : {}));
    }
    this.#markEnded();
  }

  #shut(error: ConnectionClosedError): void {
    this.#closedBy = error;
    for (const channel of [...this.#channels.values(), ...this.#patterns.values()]) channel.close(error);
  }

  close(): void {
    if (this.#closedBy) return;
    this.#shut(new ConnectionClosedError('the connection is closed'));
    this.disconnect();
  }

  waitClosed(): Promise<void> {
    return this.#ended;
  }
}

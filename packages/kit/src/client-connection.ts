import type {
  AbcConnection,
  Address,
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
import { connect as connectSocket } from 'node:net';
import { bufferEncoding, checkExecutable, checkTargets, isChannelName, pubsubKind, splitCommand, type Target } from './arguments.js';
import { ConnectionClosedError, ConnectionForcedCloseError, ProtocolError, RedisError, replyError } from './errors.js';
import { pubsubDictionary } from './readonly-map.js';
import { isUnsubscribe, Subscriptions } from './subscriptions.js';

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
  /** The password to authenticate with (`AUTH`); none by default. */
  readonly password?: string;
  /** The codec replies are decoded with (a Node `BufferEncoding`), or `null` for bytes. */
  readonly encoding: E;
}

/** Where a pool's connections connect, and how many it keeps open at most (10 by default). */
export interface ServerPoolOptions<E extends Encoding> extends ConnectOptions<E> {
  readonly maxsize?: number;
}

/** How a client's error is to be told to the caller: a reply error, a lost connection, an unparsable reply, or anything else. */
export type ErrorKind = 'reply' | 'closed' | 'protocol' | 'other';

/** An argument as the clients take it. */
export type WireArg = string | Buffer | number;

/** Checks connection options before anything is opened, and returns the address they name. */
export function checkOptions<E extends Encoding>(options: ConnectOptions<E>): Address {
  bufferEncoding(options.encoding);
  const db = options.db ?? 0;
  if (!Number.isInteger(db) || db < 0) throw new TypeError(`db must be a non-negative integer, not ${String(options.db)}`);
  if (options.path !== undefined && (options.host !== undefined || options.port !== undefined)) {
    throw new TypeError('give either path or host and port, not both');
  }
  return options.path ?? [options.host ?? '127.0.0.1', options.port ?? 6379];
}

/**
 * What a pool of connections to one server needs besides how to open one: the
 * options' `maxsize` (10 by default), address, encoding and db, checked.
 */
export function poolSettings<E extends Encoding>(options: ServerPoolOptions<E>): { maxsize: number; address: Address; encoding: E; db: number } {
  return { maxsize: options.maxsize ?? 10, address: checkOptions(options), encoding: options.encoding, db: options.db ?? 0 };
}

/**
 * What a server says to a connection it refuses at once (Redis writes
 * `-ERR max number of clients reached` and closes), read over a connection of
 * its own, or `null` when it says nothing within `ms`. The clients drop this
 * line when the server closes before they have sent anything; this reads it.
 */
export function serverRefusal(address: Address, ms = 500): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = typeof address === 'string' ? connectSocket({ path: address }) : connectSocket({ host: address[0], port: address[1] });
    let text = '';
    const done = (result: string | null): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done(null), ms);
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      const line = /^-(.*)\r\n/.exec(text);
      if (line) done(line[1] ?? null);
    });
    socket.on('error', () => done(null));
    socket.on('close', () => done(null));
  });
}

/**
 * The error a failed connect rejects with: the contract's reply error when the
 * server said why (a full server, a wrong password), or else a
 * `ConnectionClosedError` whose cause is the client's error.
 */
export async function connectError(error: unknown, kind: ErrorKind, address: Address): Promise<Error> {
  if (error instanceof RedisError) return error;
  const cause = error instanceof Error ? error : new Error(String(error));
  if (kind === 'reply') return replyError(cause.message, cause);
  const refusal = await serverRefusal(address);
  if (refusal !== null) return replyError(refusal, cause);
  const where = typeof address === 'string' ? address : `${address[0]}:${address[1]}`;
  return new ConnectionClosedError(`could not connect to ${where}: ${cause.message}`, { cause });
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function toWire(arg: CommandArg): WireArg {
  return arg instanceof Uint8Array ? toBuffer(arg) : arg;
}

function isWire(arg: CommandArg): boolean {
  return !(arg instanceof Uint8Array) || Buffer.isBuffer(arg);
}

function areWire(args: CommandArg[]): args is WireArg[] {
  return args.every(isWire);
}

/** The arguments as the clients take them: the same array when they are already (no bytes other than Buffers). */
function toWireArgs(args: CommandArg[]): WireArg[] {
  return areWire(args) ? args : args.map(toWire);
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
 * (db, transaction, pub/sub subscriptions, pending commands, closing) and
 * checks what callers pass; a subclass sends commands with its client and
 * reports what the client says.
 */
export abstract class ClientConnection<E extends Encoding> implements AbcConnection<E> {
  readonly address: Address | null;
  readonly encoding: E;
  readonly #decoding: BufferEncoding | null;
  readonly #subscriptions = new Subscriptions();
  /** The rejections of the commands sent and not yet answered. */
  readonly #pending = new Set<(error: Error) => void>();
  readonly #ended: Promise<void>;
  #markEnded: () => void = () => {};
  #closedBy: ConnectionClosedError | null = null;
  #db: number;
  #inTransaction = false;

  /** Checks the options; `address` is the one they name, unless the subclass gives another (`null`: none). */
  protected constructor(options: ConnectOptions<E>, address?: Address | null) {
    const configured = checkOptions(options);
    this.address = address === undefined ? configured : address;
    this.encoding = options.encoding;
    this.#decoding = bufferEncoding(options.encoding);
    this.#db = options.db ?? 0;
    this.#ended = new Promise((resolve) => {
      this.#markEnded = resolve;
    });
  }

  /** Sends one command and resolves with the client's reply, bulk strings as bytes. */
  protected abstract send(command: string, args: WireArg[]): Promise<unknown>;
  /** Sends a pub/sub command for the names. */
  protected abstract sendPubsub(kind: PubsubKind, names: readonly (string | Buffer)[]): Promise<void>;
  /** Tells the client's reply errors, closed-connection errors and parser errors apart from the rest. */
  protected abstract classify(error: unknown): ErrorKind;
  /** Closes the client now; the client reports its end through `ended()`. */
  protected abstract disconnect(): void;

  get db(): number {
    return this.#db;
  }

  get closed(): boolean {
    return this.#closedBy !== null;
  }

  get inPubsub(): number {
    return this.#subscriptions.count;
  }

  get pubsubChannels(): AbcConnection<E>['pubsubChannels'] {
    return pubsubDictionary<E>(this.#subscriptions.channels);
  }

  get pubsubPatterns(): AbcConnection<E>['pubsubPatterns'] {
    return pubsubDictionary<E>(this.#subscriptions.patterns);
  }

  /** Whether a `MULTI` was sent and its `EXEC` or `DISCARD` not yet: a pool closes such a connection on release. */
  get inTransaction(): boolean {
    return this.#inTransaction;
  }

  /** How many commands are sent and not yet answered: a pool hands out no connection that still waits for one. */
  get pendingCommands(): number {
    return this.#pending.size;
  }

  execute<O extends Encoding = E>(command: CommandName, ...args: ExecuteArgs<O>): Promise<Reply<O>>;
  execute(command: CommandName, ...given: ExecuteArgs): Promise<Reply> {
    try {
      const { name, args, options } = splitCommand(command, given);
      const decoding = options ? bufferEncoding(options.encoding) : this.#decoding;
      if (this.#closedBy) throw this.#closedBy;
      checkExecutable(name, this.inPubsub);
      return this.#track(this.#sent(name, toWireArgs(args)), (value) => {
        const reply = toReply(value, decoding);
        if (name === 'SELECT') this.#db = Number(args[0]);
        else if (name === 'MULTI') this.#inTransaction = true;
        else if (name === 'EXEC' || name === 'DISCARD') this.#inTransaction = false;
        return reply;
      });
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** What the client does with a command: a promise even when it throws at once. */
  #sent(name: string, args: WireArg[]): Promise<unknown> {
    try {
      return this.send(name, args);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Settles with what the client says, passed through `settle`, unless the
   * connection closes first: then it rejects at once with the reason, and what
   * the client says later is dropped. It is the one promise a command costs.
   */
  #track<T>(sent: Promise<unknown>, settle: (value: unknown) => T): Promise<T> {
    return new Promise((resolve, reject) => {
      this.#pending.add(reject);
      sent.then(
        (value) => {
          if (!this.#pending.delete(reject)) return;
          try {
            resolve(settle(value));
          } catch (error) {
            reject(error);
          }
        },
        (error: unknown) => {
          if (this.#pending.delete(reject)) reject(this.#translate(error));
        },
      );
    });
  }

  #translate(error: unknown): Error {
    if (error instanceof TypeError || error instanceof RedisError) return error;
    const kind = this.classify(error);
    const cause = error instanceof Error ? error : new Error(String(error));
    if (kind === 'reply') return replyError(cause.message, cause);
    if (kind === 'protocol') return this.unparsable(cause);
    if (kind === 'closed') return this.#closedBy ?? new ConnectionClosedError('the connection was closed by the server or the network', { cause });
    return cause;
  }

  executePubsub<C extends PubsubCommand>(command: C, ...targets: PubsubTargets<C, E>): Promise<PubsubConfirmation[]>;
  async executePubsub(command: PubsubCommand, ...targets: Target[]): Promise<PubsubConfirmation[]> {
    const kind = pubsubKind(command);
    checkTargets(kind, targets);
    if (this.#closedBy) throw this.#closedBy;
    const names = targets.map((target) => (isChannelName(target) ? target : target.name));
    const wire = names.map((name) => (typeof name === 'string' ? name : toBuffer(name)));
    if (isUnsubscribe(kind)) {
      await this.#track(this.sendPubsub(kind, wire), () => undefined);
      return this.#subscriptions.remove(kind, names);
    }
    const added = this.#subscriptions.add(kind, targets);
    try {
      await this.#track(this.sendPubsub(kind, wire), () => undefined);
    } catch (error) {
      added.undo();
      throw error;
    }
    return added.confirmations;
  }

  #decode(bytes: Buffer): string | Buffer {
    return this.#decoding === null ? bytes : bytes.toString(this.#decoding);
  }

  /** The subclass calls this for each message of a plain subscription. */
  protected receive(channel: Buffer, message: Buffer): void {
    this.#subscriptions.deliver(channel, this.#decode(message));
  }

  /** The subclass calls this for each message of a pattern subscription. */
  protected receivePattern(pattern: string | Buffer, channel: Buffer, message: Buffer): void {
    this.#subscriptions.deliverPattern(pattern, this.#decode(channel), this.#decode(message));
  }

  /**
   * The subclass calls this when its client met a reply it cannot parse: the
   * stream is lost, so the connection closes and what is pending rejects with
   * the returned `ProtocolError`.
   */
  protected unparsable(cause: Error): ProtocolError {
    const error = new ProtocolError(`a reply could not be parsed: ${cause.message}`, { cause });
    if (!this.#closedBy) {
      this.#shut(error);
      this.disconnect();
    }
    return error;
  }

  /** The subclass calls this once its client's connection is gone, whoever closed it. */
  protected ended(cause?: Error): void {
    if (!this.#closedBy) {
      this.#shut(new ConnectionClosedError('the connection was closed by the server or the network', cause ? { cause } : {}));
    }
    this.#markEnded();
  }

  /** Marks the connection closed with `error`, rejects what is pending with it, and closes every channel with it. */
  #shut(error: ConnectionClosedError | ProtocolError): void {
    if (this.#closedBy) return;
    this.#closedBy = error instanceof ConnectionClosedError ? error : new ConnectionClosedError(error.message, { cause: error });
    for (const reject of this.#pending) reject(error);
    this.#pending.clear();
    this.#subscriptions.closeAll(error);
  }

  close(): void {
    if (this.#closedBy) return;
    this.#shut(new ConnectionForcedCloseError('the connection was closed by close()'));
    this.disconnect();
  }

  waitClosed(): Promise<void> {
    return this.#ended;
  }
}

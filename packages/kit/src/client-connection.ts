import type {
  AbcConnection,
  AbcPlainChannel,
  Address,
  CommandArg,
  CommandName,
  Encoding,
  ExecuteArgs,
  PubsubCommand,
  PubsubConfirmation,
  PubsubKind,
  PubsubTargets,
  RawMessage,
  Reply,
} from 'aioredis-abc';
import { isAscii, isUtf8 } from 'node:buffer';
import { connect as connectSocket } from 'node:net';
import type { StateChange } from './command-nature.js';
import { bufferEncoding, checkExecutable, checkTargets, isChannelName, pubsubKind, splitCommand, type Target } from './arguments.js';
import { ConnectionClosedError, ConnectionForcedCloseError, ProtocolError, ReadOnlyError, RedisError, ReplyError, replyError, TimeoutError } from './errors.js';
import { resolveOptions, type ConnectOptions } from './options.js';
import { pubsubDictionary } from './readonly-map.js';
import { isUnsubscribe, Subscriptions, type UnsubscribeKind } from './subscriptions.js';

/**
 * What becomes of shard channels the server unsubscribed on its own, as Redis
 * does when their slot moves to another master: they are out of the
 * connection's `pubsubShardChannels` and still open, for the handler to
 * subscribe elsewhere (on the slot's new master) or to close.
 */
export type ShardsMovedHandler = (channels: readonly AbcPlainChannel<RawMessage>[]) => void;

/** How a client's error is to be told to the caller: a reply error, a lost connection, an unparsable reply, or anything else. */
export type ErrorKind = 'reply' | 'closed' | 'protocol' | 'other';

/** An argument as the clients take it: numbers are sent as text. */
export type WireArg = string | Buffer;

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
 * `ConnectionClosedError` whose cause is the client's error, which says when
 * TLS may be why. A reply error keeps no cause: a client's error object can
 * hold the command's arguments, and the command may be `AUTH`.
 */
export async function connectError(error: unknown, kind: ErrorKind, address: Address, tls = false): Promise<Error> {
  if (error instanceof RedisError && !(error instanceof ConnectionClosedError)) return error;
  const cause = error instanceof Error ? error : new Error(String(error));
  if (kind === 'reply') return replyError(cause.message);
  if (!tls) {
    const refusal = await serverRefusal(address);
    if (refusal !== null) return replyError(refusal);
  }
  const hint = /ECONNREFUSED|ENOENT/.test(cause.message) ? '' : tlsHint(tls);
  return new ConnectionClosedError(`could not connect to ${where(address)}${hint}: ${cause.message}`, { cause });
}

function where(address: Address): string {
  return typeof address === 'string' ? address : `${address[0]}:${address[1]}`;
}

/** What TLS may have to do with a connection that failed, or hangs. */
function tlsHint(tls: boolean): string {
  return tls
    ? ' (over TLS: the server may not speak TLS on this port, or its certificate was refused)'
    : ' (if the server takes TLS only, connect with tls or a rediss:// URL)';
}

/** How long a TLS connection may take to open before its port is asked whether it answers without TLS. */
const PLAIN_PROBE_AFTER_MS = 300;

/**
 * Whether the server at `address` answers a plain `PING` with a RESP reply
 * (`+PONG`, or an error such as `-NOAUTH`) within `ms`: it takes connections
 * without TLS on that port. A TLS port closes, or says nothing.
 */
function answersPlain(address: Address, ms = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = typeof address === 'string' ? connectSocket({ path: address }) : connectSocket({ host: address[0], port: address[1] });
    const done = (plain: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(plain);
    };
    const timer = setTimeout(() => done(false), ms);
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk: Buffer) => done(chunk[0] === 0x2b || chunk[0] === 0x2d));
    socket.on('error', () => done(false));
    socket.on('close', () => done(false));
  });
}

/**
 * A TLS connection's opening, which fails at once when its port answers
 * without TLS: a server that does not speak TLS waits for a command that the
 * TLS handshake never sends, so that the opening would last its whole
 * `connectTimeout`. The port is asked only when the opening takes a while;
 * then `abandon()` closes what is opening, and one that opens anyway is closed.
 */
function failFastWithoutTls<C extends AbcConnection>(address: Address, opening: Promise<C>, abandon: () => void): Promise<C> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => {
      void answersPlain(address).then((plain) => {
        if (!plain || settled) return;
        settled = true;
        abandon();
        reject(new ConnectionClosedError(`could not connect to ${where(address)} over TLS: the server answers without TLS on this port (connect without tls, or to its TLS port)`));
      });
    }, PLAIN_PROBE_AFTER_MS);
    opening.then(
      (conn) => {
        clearTimeout(timer);
        if (settled) {
          conn.close();
          return;
        }
        settled = true;
        resolve(conn);
      },
      (error: unknown) => {
        clearTimeout(timer);
        settled = true;
        reject(error);
      },
    );
  });
}

/**
 * Opens a connection within `ms` milliseconds (`null`: no limit): past it,
 * `abandon()` closes what is opening and the promise rejects with a
 * `TimeoutError`, which says whether TLS may be why; a connection that opens
 * later anyway is closed. Over TLS, a port that answers without TLS fails the
 * opening within about a second, with a `ConnectionClosedError` that says so.
 */
export function openWithin<C extends AbcConnection>(ms: number | null, address: Address, tls: boolean, given: Promise<C>, abandon: () => void): Promise<C> {
  const opening = tls ? failFastWithoutTls(address, given, abandon) : given;
  if (ms === null) return opening;
  return new Promise((resolve, reject) => {
    let late = false;
    const timer = setTimeout(() => {
      late = true;
      abandon();
      reject(new TimeoutError(`could not connect to ${where(address)} within ${ms} ms${tlsHint(tls)}`));
    }, ms);
    opening.then(
      (conn) => {
        clearTimeout(timer);
        if (late) conn.close();
        else resolve(conn);
      },
      (error: unknown) => {
        clearTimeout(timer);
        if (!late) reject(error);
      },
    );
  });
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * An argument as the clients take it: bytes as a `Buffer`, a number as the
 * shortest text that reads back as the same number (`String(n)`: `1.5`,
 * `1e+21`), so that every client sends the same bytes.
 */
function toWire(arg: CommandArg): WireArg {
  if (typeof arg === 'number') return String(arg);
  return arg instanceof Uint8Array ? toBuffer(arg) : arg;
}

function isWire(arg: CommandArg): boolean {
  return typeof arg === 'string' || Buffer.isBuffer(arg);
}

function areWire(args: CommandArg[]): args is WireArg[] {
  return args.every(isWire);
}

/** The arguments as the clients take them: the same array when they are already (strings and Buffers). */
function toWireArgs(args: CommandArg[]): WireArg[] {
  return areWire(args) ? args : args.map(toWire);
}

/**
 * Decodes bytes with a codec, strictly: bytes the codec cannot decode (not
 * UTF-8 for `utf-8`, above 0x7F for `ascii`, an odd length for `utf-16le`)
 * throw a `TypeError` that says so, where Node's decoder would replace or drop
 * them. The check runs only when the fast decoding shows a sign of it.
 */
export function decode(bytes: Buffer, decoding: BufferEncoding): string {
  switch (decoding) {
    case 'utf8':
    case 'utf-8':
      return decodeUtf8(bytes, decoding);
    case 'ascii':
      if (!isAscii(bytes)) throw undecodable(decoding);
      return bytes.toString(decoding);
    case 'utf16le':
    case 'utf-16le':
    case 'ucs2':
    case 'ucs-2':
      if (bytes.length % 2 !== 0) throw undecodable(decoding);
      return bytes.toString(decoding);
    default:
      return bytes.toString(decoding);
  }
}

/**
 * `decode()` for one codec, as a function to call for every message: UTF-8,
 * the usual codec, goes straight to its own decoder rather than through the
 * choice of codec each time.
 */
function decoderFor(decoding: BufferEncoding): (bytes: Buffer) => string {
  if (decoding === 'utf8' || decoding === 'utf-8') return (bytes) => decodeUtf8(bytes, decoding);
  return (bytes) => decode(bytes, decoding);
}

/**
 * The longest text that `asciiText()` builds in JavaScript: up to this length,
 * one `String.fromCharCode()` of the bytes costs no more than a call into
 * Node's decoder, and for 3 bytes about a third of it.
 */
const SHORT_TEXT_BYTES = 8;

/**
 * The text of at most `SHORT_TEXT_BYTES` bytes that are all ASCII, made in
 * JavaScript, or `null` when one is not. `String.fromCharCode()` is called
 * with each byte as an argument of its own, which makes the string at once.
 */
function asciiText(bytes: Buffer): string | null {
  let all = 0;
  for (let i = 0; i < bytes.length; i += 1) all |= bytes[i] as number;
  if (all > 0x7f) return null;
  const code = (i: number): number => bytes[i] as number;
  switch (bytes.length) {
    case 0:
      return '';
    case 1:
      return String.fromCharCode(code(0));
    case 2:
      return String.fromCharCode(code(0), code(1));
    case 3:
      return String.fromCharCode(code(0), code(1), code(2));
    case 4:
      return String.fromCharCode(code(0), code(1), code(2), code(3));
    case 5:
      return String.fromCharCode(code(0), code(1), code(2), code(3), code(4));
    case 6:
      return String.fromCharCode(code(0), code(1), code(2), code(3), code(4), code(5));
    case 7:
      return String.fromCharCode(code(0), code(1), code(2), code(3), code(4), code(5), code(6));
    default:
      return String.fromCharCode(code(0), code(1), code(2), code(3), code(4), code(5), code(6), code(7));
  }
}

/**
 * UTF-8 bytes as text, strictly. A few ASCII bytes, as many messages are, are
 * read in JavaScript; otherwise `toString()` without arguments, Node's quickest
 * way to UTF-8, marks bytes that are not UTF-8 with U+FFFD, and only then are
 * the bytes checked. `decoding` is the name the error says.
 */
function decodeUtf8(bytes: Buffer, decoding: BufferEncoding): string {
  if (bytes.length <= SHORT_TEXT_BYTES) {
    const ascii = asciiText(bytes);
    if (ascii !== null) return ascii;
  }
  const text = bytes.toString();
  if (text.includes('\uFFFD') && !isUtf8(bytes)) throw undecodable(decoding);
  return text;
}

/** The bytes themselves: a connection of encoding `null` hands messages on as they came. */
function keepBytes(bytes: Buffer): Buffer {
  return bytes;
}

function undecodable(decoding: BufferEncoding): TypeError {
  return new TypeError(`the reply's bytes are not valid ${decoding}: read them as bytes with { encoding: null }`);
}

/** A client's reply as the contract's `Reply`: bulk strings decoded or kept as bytes, errors in arrays rejected. */
function toReply(value: unknown, decoding: BufferEncoding | null): Reply {
  if (value === null || typeof value === 'number') return value;
  if (value instanceof Uint8Array) return decoding === null ? toBuffer(value) : decode(toBuffer(value), decoding);
  if (typeof value === 'string') return decoding === null ? Buffer.from(value) : value;
  if (Array.isArray(value)) {
    const items: readonly unknown[] = value;
    return items.map((item) => toReply(item, decoding));
  }
  if (value instanceof Error) throw replyError(value.message);
  throw new ProtocolError(`unexpected reply: ${typeof value}`);
}

/** The database a `SELECT` argument names, read as the server reads it: as text. */
function dbOf(arg: CommandArg | undefined): number {
  if (arg === undefined) return 0;
  return Number(typeof arg === 'number' ? arg : typeof arg === 'string' ? arg : toBuffer(arg).toString('latin1'));
}

const pong = Buffer.from('PONG');

/**
 * `PING`'s reply in pub/sub mode as outside it, as aioredis gives it: `PONG`,
 * or the argument echoed. Redis answers there with a `['pong', argument]`
 * array; node-redis hands on the argument, or `pong` when it is empty.
 */
function pubsubPong(value: unknown, args: readonly CommandArg[]): unknown {
  const [argument] = args;
  if (argument === undefined) return pong;
  if (Array.isArray(value)) return value[1];
  return toWire(argument).length === 0 ? Buffer.alloc(0) : value;
}

/**
 * A connection over a Redis client. It keeps the state the contract describes
 * (db, transaction, pub/sub subscriptions, pending commands, closing) and
 * checks what callers pass; a subclass sends commands with its client and
 * reports what the client says.
 *
 * `executePubsub()` between `MULTI` and `EXEC` (or `DISCARD`) rejects with a
 * `TypeError`, and nothing is sent: Redis would queue the command until
 * `EXEC`, so that no confirmation could be told (and `SSUBSCRIBE` makes `EXEC`
 * fail). The transaction runs on as if the call had not been made.
 */
export abstract class ClientConnection<E extends Encoding> implements AbcConnection<E> {
  readonly address: Address | null;
  readonly encoding: E;
  readonly #decoding: BufferEncoding | null;
  /** What a pub/sub message's bytes become: text in the connection's encoding, or the bytes themselves. */
  readonly #decodeMessage: (bytes: Buffer) => string | Buffer;
  readonly #subscriptions = new Subscriptions();
  /** The rejections of the commands sent and not yet answered, in order, with the time each must be answered by (`null`: none). */
  readonly #pending = new Map<(error: Error) => void, number | null>();
  readonly #ended: Promise<void>;
  /** What the handshake sends: the user, password, database and client name of the options. */
  readonly #username: string | undefined;
  readonly #password: string | undefined;
  readonly #selectOnConnect: number;
  readonly #clientName: string | undefined;
  readonly #commandTimeout: number | null;
  #timer: NodeJS.Timeout | null = null;
  #markEnded: () => void = () => {};
  #closedBy: ConnectionClosedError | null = null;
  #db: number;
  #inTransaction = false;
  /**
   * Whether the server queues what is sent now: a `MULTI` was sent and no
   * `EXEC`, `DISCARD` or `RESET` after it. Unlike `#inTransaction`, it changes
   * when a command is sent, not when it is answered, as the server's queueing.
   */
  #queueing = false;
  /** The database a `SELECT` queued in the open transaction selects at `EXEC`, if any. */
  #queuedDb: number | null = null;
  #watching = false;
  #sessionChanged = false;
  /** The unsubscribing of the channels dropped because they threw, or could not decode a message. */
  #unsubscribing: Promise<void> = Promise.resolve();
  /** Who takes the shard channels the server unsubscribes on its own; `null`: they are closed. */
  #shardsMoved: ShardsMovedHandler | null = null;

  /** Checks the options; `address` is the one they name, unless the subclass gives another (`null`: none). */
  protected constructor(options: ConnectOptions<E>, address?: Address | null) {
    const resolved = resolveOptions(options);
    this.address = address === undefined ? resolved.address : address;
    this.encoding = resolved.encoding;
    this.#decoding = bufferEncoding(resolved.encoding);
    this.#decodeMessage = this.#decoding === null ? keepBytes : decoderFor(this.#decoding);
    this.#username = resolved.username;
    this.#password = resolved.password;
    this.#clientName = resolved.name;
    this.#commandTimeout = resolved.commandTimeout;
    this.#selectOnConnect = resolved.db;
    this.#db = this.#selectOnConnect;
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

  /**
   * The subclass calls this once its client is connected, and before handing
   * the connection out: it authenticates with the options' user and password,
   * sets the client name, then selects their database, or sends `PING` when it
   * is 0, so that a wrong or missing password and a database the server
   * refuses reject here, the same way on every client. On failure the
   * connection is closed and the promise rejects with the server's error
   * (`AuthError`, `ReplyError`), which holds no password.
   */
  protected async handshake(): Promise<void> {
    try {
      if (this.#password !== undefined) {
        await (this.#username === undefined ? this.execute('AUTH', this.#password) : this.execute('AUTH', this.#username, this.#password));
      }
      if (this.#clientName !== undefined) await this.execute('CLIENT', 'SETNAME', this.#clientName);
      if (this.#selectOnConnect !== 0) await this.execute('SELECT', this.#selectOnConnect);
      else await this.#ping();
      this.#sessionChanged = false;
    } catch (error) {
      this.close();
      await this.waitClosed();
      throw error instanceof ConnectionForcedCloseError ? new ConnectionClosedError('the connection was lost while connecting', { cause: error }) : error;
    }
  }

  /**
   * The handshake's `PING`, which only shows that the server answers: a
   * server busy with a script answers it with `BUSY`, and that connection is
   * open all the same (it is how a pool's `SCRIPT KILL` reaches such a server).
   */
  async #ping(): Promise<void> {
    try {
      await this.execute('PING');
    } catch (error) {
      if (!(error instanceof ReplyError && error.message.startsWith('BUSY '))) throw error;
    }
  }

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

  get pubsubShardChannels(): AbcConnection<E>['pubsubChannels'] {
    return pubsubDictionary<E>(this.#subscriptions.shards);
  }

  /** Whether a `MULTI` was sent and its `EXEC` or `DISCARD` not yet: a pool closes such a connection on release. */
  get inTransaction(): boolean {
    return this.#inTransaction;
  }

  /**
   * Whether it ran a command that stays with it for the commands after it, and
   * that no pool can undo: a `WATCH` not yet ended by `EXEC`, `DISCARD` or
   * `UNWATCH`; or `AUTH`, `HELLO`, `RESET`, `READONLY`, a `CLIENT` subcommand
   * such as `SETNAME` or `TRACKING`, or a command the kit does not know. A pool
   * closes such a connection on release.
   */
  get stateChanged(): boolean {
    return this.#watching || this.#sessionChanged;
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
      const { change, route } = checkExecutable(name, args, this.inPubsub);
      const inPubsub = this.inPubsub > 0;
      const ends = name === 'EXEC' || name === 'DISCARD';
      if (name === 'MULTI' || ends || name === 'RESET') this.#queueing = name === 'MULTI';
      return this.#track(
        this.#sent(name, toWireArgs(args)),
        (value) => {
          // EXEC and DISCARD end the transaction whatever they answer, before an error in EXEC's reply rejects.
          if (ends) this.#endTransaction(name === 'EXEC' && Array.isArray(value));
          const reply = toReply(inPubsub && name === 'PING' ? pubsubPong(value, args) : value, decoding);
          if (change !== 'none' && !ends) this.#changed(name, args, change);
          return reply;
        },
        ends ? () => this.#endTransaction(false) : name === 'MULTI' ? this.#multiRefused : undefined,
        route === 'alone' ? null : this.#commandTimeout,
      );
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Follows what a command that succeeded did to the connection; `EXEC` and `DISCARD` go through `#endTransaction()`. */
  #changed(name: string, args: readonly CommandArg[], change: StateChange): void {
    if (change === 'session') {
      this.#sessionChanged = true;
      if (name === 'RESET') {
        this.#endTransaction(false);
        this.#db = 0;
      }
    } else if (change === 'db') {
      const db = dbOf(args[0]);
      if (this.#inTransaction) this.#queuedDb = db;
      else this.#db = db;
    } else if (name === 'MULTI') this.#inTransaction = true;
    else if (name === 'WATCH') this.#watching = true;
    else if (name === 'UNWATCH') this.#watching = false;
  }

  /** The server answered `EXEC` or `DISCARD`: the transaction and any `WATCH` are over, and a queued `SELECT` took effect if `EXEC` ran. */
  #endTransaction(executed: boolean): void {
    if (executed && this.#queuedDb !== null) this.#db = this.#queuedDb;
    this.#inTransaction = false;
    this.#watching = false;
    this.#queuedDb = null;
  }

  /** The server refused a `MULTI`: it queues only if a `MULTI` before it opened a transaction (this one was nested). */
  readonly #multiRefused = (): void => {
    this.#queueing = this.#inTransaction;
  };

  /**
   * Refuses a pub/sub command while a transaction is open, and nothing is
   * sent: Redis would queue it until `EXEC`, so that no confirmation could
   * be told, and `SSUBSCRIBE` would make `EXEC` fail.
   */
  #refuseInTransaction(command: PubsubCommand): void {
    if (this.#queueing) throw new TypeError(`${command} between MULTI and EXEC is refused, and nothing is sent: Redis would queue it; subscribe before MULTI or after EXEC or DISCARD`);
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
   * A command with a `timeout` that gets no reply within it rejects with a
   * `TimeoutError`, and the connection closes.
   */
  #track<T>(sent: Promise<unknown>, settle: (value: unknown) => T, answeredWithError?: () => void, timeout: number | null = this.#commandTimeout): Promise<T> {
    return new Promise((resolve, reject) => {
      this.#pending.set(reject, timeout === null ? null : Date.now() + timeout);
      if (timeout !== null && this.#timer === null) this.#arm(timeout);
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
          if (!this.#pending.delete(reject)) return;
          const translated = this.#translate(error);
          if (translated instanceof ReplyError || translated instanceof ReadOnlyError) answeredWithError?.();
          reject(translated);
        },
      );
    });
  }

  #arm(ms: number): void {
    this.#timer = setTimeout(this.#checkDeadlines, ms);
    this.#timer.unref();
  }

  /**
   * One timer a connection: replies come in order, so only the oldest command
   * can be late. A blocking command ahead waits as long as it says, and the
   * commands behind it with it.
   */
  readonly #checkDeadlines = (): void => {
    this.#timer = null;
    const [first] = this.#pending;
    if (first === undefined || this.#closedBy) return;
    const [reject, deadline] = first;
    if (deadline === null) return;
    const now = Date.now();
    if (deadline > now) {
      this.#arm(deadline - now);
      return;
    }
    const ms = this.#commandTimeout ?? 0;
    this.#pending.delete(reject);
    reject(new TimeoutError(`no reply within ${ms} ms: the connection was closed, so that the late reply reaches no other command`));
    this.#shut(new ConnectionClosedError(`the connection was closed: a command before this one got no reply within ${ms} ms`));
    this.disconnect();
  };

  #translate(error: unknown): Error {
    if (error instanceof TypeError || error instanceof RedisError) return error;
    const kind = this.classify(error);
    const cause = error instanceof Error ? error : new Error(String(error));
    if (kind === 'reply') return replyError(cause.message);
    if (kind === 'protocol') return this.unparsable(cause);
    if (kind === 'closed') return this.#closedBy ?? new ConnectionClosedError('the connection was closed by the server or the network', { cause });
    return cause;
  }

  executePubsub<C extends PubsubCommand>(command: C, ...targets: PubsubTargets<C, E>): Promise<PubsubConfirmation[]>;
  async executePubsub(command: PubsubCommand, ...targets: Target[]): Promise<PubsubConfirmation[]> {
    const kind = pubsubKind(command);
    checkTargets(kind, targets);
    if (this.#closedBy) throw this.#closedBy;
    this.#refuseInTransaction(command);
    // A channel dropped in the background may still be unsubscribing: a
    // client that keeps its own listeners per name (node-redis) must see that
    // finish before the same name is subscribed again.
    await this.#unsubscribing;
    if (this.#closedBy) throw this.#closedBy;
    this.#refuseInTransaction(command);
    const names = targets.map((target) => (isChannelName(target) ? target : target.name));
    const wire = names.map((name) => (typeof name === 'string' ? name : toBuffer(name)));
    if (isUnsubscribe(kind)) {
      await this.#track(this.#sentPubsub(kind, wire), () => undefined);
      return this.#subscriptions.remove(kind, names);
    }
    const added = this.#subscriptions.add(kind, targets);
    try {
      await this.#track(this.#sentPubsub(kind, wire), () => undefined);
    } catch (error) {
      added.undo();
      throw error;
    }
    return added.confirmations;
  }

  /** The subclass calls this for each message of a plain subscription. */
  protected receive(channel: Buffer, message: Buffer): void {
    const failed = this.#subscriptions.deliver(channel, message, this.#decodeMessage);
    if (failed) this.#dropChannel('unsubscribe', channel, failed);
  }

  /** The subclass calls this for each message of a shard subscription (`smessage`). */
  protected receiveShard(channel: Buffer, message: Buffer): void {
    const failed = this.#subscriptions.deliverShard(channel, message, this.#decodeMessage);
    if (failed) this.#dropChannel('sunsubscribe', channel, failed);
  }

  /**
   * Sets who takes the shard channels the server unsubscribes on its own (see
   * `ShardsMovedHandler`), replacing any handler before; `null` goes back to
   * closing them. A pool that routes shard channels by slot sets it on the
   * connection it subscribes them on.
   */
  onShardsMoved(handler: ShardsMovedHandler | null): void {
    this.#shardsMoved = handler;
  }

  /**
   * The subclass calls this when the server unsubscribed shard channels that
   * no `SUNSUBSCRIBE` asked for (Redis sends `sunsubscribe` when their slot
   * moves). They leave `pubsubShardChannels` and go to the handler of
   * `onShardsMoved()`, or, without one, are closed with a `RedisError` that
   * says why.
   */
  protected shardsUnsubscribed(names: readonly (string | Buffer)[]): void {
    const channels = this.#subscriptions.takeShards(names);
    if (channels.length === 0) return;
    const handler = this.#shardsMoved;
    if (handler !== null) {
      handler(channels);
      return;
    }
    const reason = new RedisError('the server unsubscribed the shard channel: its slot moved to another node');
    for (const channel of channels) channel.close(reason);
  }

  /** The subclass calls this for each message of a pattern subscription. */
  protected receivePattern(pattern: string | Buffer, channel: Buffer, message: Buffer): void {
    const failed = this.#subscriptions.deliverPattern(pattern, channel, message, this.#decodeMessage);
    if (failed) this.#dropChannel('punsubscribe', pattern, failed);
  }

  /**
   * A channel whose message could not be decoded, or whose `putNowait()` threw,
   * is closed with that error and unsubscribed; the connection and its other
   * channels carry on. The unsubscribing runs in the background: when it fails,
   * the connection is lost anyway and closes.
   */
  #dropChannel(kind: UnsubscribeKind, name: string | Buffer, error: Error): void {
    this.#subscriptions.remove(kind, [name], error);
    if (this.#closedBy) return;
    const unsubscribed = this.#track(this.#sentPubsub(kind, [name]), () => undefined).catch(() => {});
    this.#unsubscribing = Promise.all([this.#unsubscribing, unsubscribed]).then(() => undefined);
  }

  /** What the client does with a pub/sub command: a promise even when it throws at once. */
  #sentPubsub(kind: PubsubKind, names: readonly (string | Buffer)[]): Promise<void> {
    try {
      return this.sendPubsub(kind, names);
    } catch (error) {
      return Promise.reject(error);
    }
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
    for (const reject of this.#pending.keys()) reject(error);
    this.#pending.clear();
    if (this.#timer !== null) clearTimeout(this.#timer);
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

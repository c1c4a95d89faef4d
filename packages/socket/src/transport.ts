// One socket to a Redis server: commands written once a tick, replies parsed and handed to their commands in order.
import { connect as netConnect, type NetConnectOpts, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import { CommandEncoder, type CommandArg } from './encoder.js';
import { ErrorReply, HAS_ERROR, RespParser, type ParsedReply, type ReplySink } from './parser.js';
import { ReplyQueue } from './queue.js';

/** A pub/sub message or confirmation as it came: `['message', channel, payload]`, `['pmessage', pattern, channel, payload]`, `['subscribe', channel, count]` … */
export type Push = ParsedReply[];

/** How a `Transport` turns what goes wrong into the errors its commands reject with. */
export interface TransportOptions {
  /** The encoding of pub/sub messages' channels and payloads: a Node `BufferEncoding`, or `null` for bytes. Default `'utf8'`. */
  readonly pushEncoding?: BufferEncoding | null;
  /** The error a command whose reply is an error reply rejects with (the kit's `ReplyError`); default a plain `Error`. */
  readonly replyError?: (message: string) => Error;
  /** The error pending and later commands reject with once the server closes the socket or it fails (`cause`); default a plain `Error`. */
  readonly closedError?: (cause: Error | undefined) => Error;
}

/** The names `TransportOptions` knows: any other is refused by name. */
const optionNames: ReadonlySet<string> = new Set(['pushEncoding', 'replyError', 'closedError']);

/** The options themselves; a `TypeError` names the first unknown one. */
function checkOptions(options: TransportOptions): TransportOptions {
  const unknown = Object.keys(options).find((name) => !optionNames.has(name));
  if (unknown !== undefined) throw new TypeError(`unknown transport option ${JSON.stringify(unknown)}: the options are ${[...optionNames].join(', ')}`);
  return options;
}

/** The push kinds that are messages: handed to `onPush` only. */
const messageKinds = new Set(['message', 'pmessage', 'smessage']);
/** The push kinds that confirm a pub/sub command: handed to `onPush` and counted off the command. */
const confirmationKinds = new Set(['subscribe', 'psubscribe', 'unsubscribe', 'punsubscribe']);
/** The confirmations of sharded pub/sub, whose count is of shard channels alone. */
const shardKinds = new Set(['ssubscribe', 'sunsubscribe']);

/** What the top-level array being parsed is, in pub/sub mode. */
const enum Kind {
  Reply,
  Message,
  Confirmation,
  ShardConfirmation,
}

/**
 * A connected socket that speaks RESP2: `send()` writes a command (every
 * command of a tick goes out in one write) and resolves with its reply,
 * decoded straight into what the contract returns; pub/sub messages and
 * confirmations go to the `onPush` callback. When the socket closes or fails,
 * or `close()` is called, every pending command rejects, once, and so does
 * every later one.
 *
 * It knows nothing of the contract's options: the connection above it
 * authenticates, selects, names and times out.
 */
export class Transport implements ReplySink {
  /** Resolves once the socket is closed and every pending command has settled. */
  readonly closed: Promise<void>;
  /**
   * Called with every pub/sub message and confirmation, in the order they
   * came, with its kind (`'message'`, `'subscribe'` …) and whether it counted
   * off a pending pub/sub command (`false` for a message, and for a
   * confirmation no command asked for: the `sunsubscribe` of a shard channel
   * whose slot moved). It must not throw: an error it throws closes the transport, as
   * bytes that are not RESP2 do, every pending command rejecting with the
   * closed error whose cause is that error.
   */
  onPush: (push: Push, kind: string, answered: boolean) => void = () => {};

  /** The socket, connected. */
  readonly #socket: Socket;
  /** The reply parser, fed the socket's chunks. */
  readonly #parser: RespParser;
  /** The commands of this tick, not yet written. */
  readonly #encoder = new CommandEncoder();
  /** The commands written and waiting for their replies. */
  readonly #queue = new ReplyQueue();
  /** The encoding of pub/sub messages: see `TransportOptions.pushEncoding`. */
  readonly #pushEncoding: BufferEncoding | null;
  /** Makes the error of an error reply: see `TransportOptions.replyError`. */
  readonly #replyError: (message: string) => Error;
  /** Makes the error of a lost socket: see `TransportOptions.closedError`. */
  readonly #closedError: (cause: Error | undefined) => Error;
  /** Whether a write of `#encoder`'s batch is scheduled for the end of the tick. */
  #flushing = false;
  /** Whether the socket's buffer is full (`write()` said so) and no `'drain'` came yet: the batch waits in `#encoder`. */
  #blocked = false;
  /** Channels and patterns subscribed to, as the server last counted them. */
  #subscriptions = 0;
  /** Shard channels subscribed to, as the server last counted them (apart from the others). */
  #shardSubscriptions = 0;
  /** Pub/sub commands pending. */
  #pubsubPending = 0;
  /** What the top-level array being parsed is, once its first element said. */
  #kind = Kind.Reply;
  /** The first element of the pub/sub array being parsed: its kind, for `onPush`. */
  #kindName = '';
  /** The confirmations the oldest pub/sub command has had so far. */
  #confirmed: Push[] = [];
  /** The error every command rejects with once closing has begun; `null` while open. */
  #failure: Error | null = null;
  /** The socket's error, if it had one: the cause a closing names. */
  #cause: Error | undefined = undefined;

  /** A transport over `socket`, which is connected (or connecting: writes wait for it); a `TypeError` names an unknown option. */
  constructor(socket: Socket, options: TransportOptions = {}) {
    checkOptions(options);
    this.#socket = socket;
    this.#pushEncoding = options.pushEncoding === undefined ? 'utf8' : options.pushEncoding;
    this.#replyError = options.replyError ?? ((message) => new Error(message));
    this.#closedError = options.closedError ?? ((cause) => new Error('the connection is closed', cause === undefined ? {} : { cause }));
    this.#parser = new RespParser(this);
    this.#parser.encoding = this.#pushEncoding;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.#read(chunk));
    socket.on('error', (error) => (this.#cause ??= error));
    socket.on('drain', () => this.#drained());
    this.closed = new Promise((resolve) => socket.once('close', () => resolve(this.#lost())));
  }

  /** The number of commands waiting for their replies. */
  get pending(): number {
    return this.#queue.size;
  }

  /** Whether the connection is in pub/sub mode: subscribed, as the server last counted, to at least one channel, pattern or shard channel. */
  get inPubsub(): boolean {
    return this.#subscriptions > 0 || this.#shardSubscriptions > 0;
  }

  /**
   * Sends a command and resolves with its reply, its strings in `encoding`
   * (or bytes when it is `null`), an error reply in an array as the error
   * `replyError` makes. Rejects with `replyError` when the reply is an error
   * reply, with a `TypeError` when a string of it is not
   * valid in `encoding`, and with the closing error once the transport is
   * closing; throws nothing.
   */
  send(args: readonly CommandArg[], encoding: BufferEncoding | null): Promise<unknown> {
    return this.#enqueue(args, encoding, 0);
  }

  /** `send([name, ...args], encoding)`, without making that array. */
  sendCommand(name: string, args: readonly CommandArg[], encoding: BufferEncoding | null): Promise<unknown> {
    if (this.#failure !== null) return Promise.reject(this.#failure);
    try {
      this.#encoder.pushCommand(name, args);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#queued(encoding, 0);
  }

  /**
   * Sends a pub/sub command (`SUBSCRIBE`, `PSUBSCRIBE`, `SSUBSCRIBE` and their
   * `UN` forms) with at least one channel, and resolves with its
   * confirmations, one per channel, once all have come; each also goes to
   * `onPush`. An error reply rejects it as `send()` does.
   */
  sendPubsub(args: readonly CommandArg[], encoding: BufferEncoding | null): Promise<Push[]> {
    const confirmations = Math.max(1, args.length - 1);
    this.#pubsubPending += 1;
    this.#parser.pushAware = true;
    return this.#enqueue(args, encoding, confirmations) as Promise<Push[]>;
  }

  /**
   * Closes the socket at once; every pending command rejects with `error`
   * (default the closed error), and so does every later one. Calling it again
   * does nothing.
   */
  close(error?: Error): void {
    if (this.#failure !== null) return;
    this.#fail(error ?? this.#closedError(undefined));
    this.#socket.destroy();
  }

  /** Encodes a command into this tick's batch and queues its reply's settling. */
  #enqueue(args: readonly CommandArg[], encoding: BufferEncoding | null, confirmations: number): Promise<unknown> {
    if (this.#failure !== null) return Promise.reject(this.#failure);
    try {
      this.#encoder.push(args);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#queued(encoding, confirmations);
  }

  /** Queues the settling of the command just encoded, and schedules the batch's write. */
  #queued(encoding: BufferEncoding | null, confirmations: number): Promise<unknown> {
    if (this.#queue.size === 0 && this.#parser.idle) this.#parser.encoding = encoding;
    if (!this.#flushing) {
      this.#flushing = true;
      process.nextTick(() => this.#flush());
    }
    return new Promise((resolve, reject) => this.#queue.push(resolve, reject, encoding, confirmations));
  }

  /**
   * Writes the tick's batch in one write, unless the socket's buffer is full:
   * then the batch waits in the encoder, the commands of the next ticks
   * joining it, until `'drain'`. The socket holds at most one batch beyond its
   * high-water mark; what waits is the commands sent meanwhile, as one buffer.
   */
  #flush(): void {
    this.#flushing = false;
    if (this.#failure !== null || this.#blocked || this.#encoder.length === 0) return;
    this.#blocked = !this.#socket.write(this.#encoder.take());
  }

  /** The socket's buffer has room again: what waited goes out. */
  #drained(): void {
    this.#blocked = false;
    this.#flush();
  }

  /** Feeds a chunk to the parser; bytes that are not RESP2 close the transport with their error. */
  #read(chunk: Buffer): void {
    try {
      this.#parser.execute(chunk);
    } catch (error) {
      this.#cause ??= error instanceof Error ? error : new Error(String(error));
      this.#socket.destroy();
    }
  }

  /**
   * `ReplySink`: a whole reply, to its command or, in pub/sub mode, to
   * `onPush`. An array that holds error replies (`EXEC`'s, when a queued
   * command failed) resolves, each error reply in it as the error
   * `replyError` makes: the caller knows what the other elements did.
   */
  reply(value: ParsedReply, flags: number): void {
    const kind = this.#kind;
    if (kind !== Kind.Reply) this.#push(value as Push, kind);
    else if (flags === 0) this.#queue.resolve(value);
    else if (flags === HAS_ERROR && Array.isArray(value)) this.#queue.resolve(this.#withErrors(value));
    else this.#queue.reject(this.#failed(value, flags));
    this.#parser.encoding = this.#nextEncoding();
  }

  /**
   * `ReplySink`: in pub/sub mode, what the array starting with `kind` is, and
   * the encoding of the rest of it. A message is a push only in pub/sub mode;
   * a confirmation also while a pub/sub command waits (the first one), and
   * without one (a shard channel's `sunsubscribe` when its slot moves). Any
   * other array (`PING`'s `['pong', …]`) is the oldest command's reply, in
   * its encoding.
   */
  arrayKind(kind: string): BufferEncoding | null {
    const pubsubHead = this.#queue.headConfirmations > 0;
    const head = this.#nextEncoding();
    if (!this.inPubsub && !pubsubHead) return head;
    this.#kindName = kind;
    if (messageKinds.has(kind)) {
      this.#kind = Kind.Message;
      return this.#pushEncoding;
    }
    if (confirmationKinds.has(kind)) this.#kind = Kind.Confirmation;
    else if (shardKinds.has(kind)) this.#kind = Kind.ShardConfirmation;
    else return head;
    return pubsubHead ? head : this.#pushEncoding;
  }

  /** The encoding of the next reply: the oldest command's (which may be `null`, bytes), or the push encoding when none waits. */
  #nextEncoding(): BufferEncoding | null {
    const encoding = this.#queue.headEncoding;
    return encoding === undefined ? this.#pushEncoding : encoding;
  }

  /** A message or confirmation: to `onPush`, and a confirmation counted off the oldest command and the subscriptions. */
  #push(push: Push, kind: Kind): void {
    this.#kind = Kind.Reply;
    const answered = kind !== Kind.Message && this.#confirm(push, kind === Kind.ShardConfirmation);
    this.onPush(push, this.#kindName, answered);
  }

  /**
   * Counts a confirmation: the server's count of subscriptions, and one off
   * the pub/sub command it answers, if one waits, which resolves with all of
   * its own once they have come. Returns whether a command waited for it.
   */
  #confirm(push: Push, shard: boolean): boolean {
    const count = typeof push[2] === 'number' ? push[2] : 0;
    if (shard) this.#shardSubscriptions = count;
    else this.#subscriptions = count;
    if (this.#queue.headConfirmations === 0) {
      this.#parser.pushAware = this.#pubsubPending > 0 || this.inPubsub;
      return false;
    }
    this.#confirmed.push(push);
    if (this.#queue.confirm() > 0) return true;
    const confirmed = this.#confirmed;
    this.#pubsubDone();
    this.#queue.resolve(confirmed);
    return true;
  }

  /** The error a reply with `flags` rejects its command with: the first error reply in it, or a `TypeError` for bytes not in the encoding. */
  #failed(value: ParsedReply, flags: number): Error {
    if ((flags & HAS_ERROR) !== 0) {
      const error = firstError(value);
      if (error !== null) {
        if (this.#queue.headConfirmations > 0) this.#pubsubDone();
        return this.#replyError(error.message);
      }
    }
    const encoding = this.#nextEncoding();
    return new TypeError(`the reply's bytes are not valid ${String(encoding)}: read them as bytes with { encoding: null }`);
  }

  /** The array with each error reply in it, at any depth, replaced by the error `replyError` makes of it. */
  #withErrors(array: ParsedReply[]): unknown[] {
    const made: unknown[] = array;
    for (const [i, item] of array.entries()) {
      if (item instanceof ErrorReply) made[i] = this.#replyError(item.message);
      else if (Array.isArray(item)) made[i] = this.#withErrors(item);
    }
    return made;
  }

  /** A pub/sub command refused: no more confirmations are awaited for it. */
  #pubsubDone(): void {
    this.#confirmed = [];
    this.#pubsubPending -= 1;
    this.#parser.pushAware = this.#pubsubPending > 0 || this.inPubsub;
  }

  /** Starts closing: `error` is what every pending and later command rejects with. */
  #fail(error: Error): void {
    this.#failure = error;
    this.#queue.rejectAll(error);
  }

  /** The socket is closed: the pending commands reject, if closing had not begun. */
  #lost(): void {
    if (this.#failure === null) this.#fail(this.#closedError(this.#cause));
    this.#parser.reset();
  }
}

/** The first error reply in a reply, depth first, or `null`. */
function firstError(value: ParsedReply): ErrorReply | null {
  if (value instanceof ErrorReply) return value;
  if (!Array.isArray(value)) return null;
  for (const item of value) {
    const error = firstError(item);
    if (error !== null) return error;
  }
  return null;
}

/** Where and how to connect: a TCP address or a unix socket path, with TLS options to speak TLS. */
export type ConnectOptions = NetConnectOpts & { readonly tls?: ConnectionOptions };

/**
 * Opens a socket to a server (TLS when `options.tls` is given) and resolves
 * with a transport over it once connected; rejects with the socket's error, or
 * with a `TypeError` naming an unknown transport option before connecting.
 */
export function connectTransport(options: ConnectOptions, transportOptions: TransportOptions = {}): Promise<Transport> {
  try {
    checkOptions(transportOptions);
  } catch (error) {
    return Promise.reject(error);
  }
  const { tls, ...net } = options;
  const socket = tls === undefined ? netConnect(net) : tlsConnect({ ...net, ...tls });
  const ready = tls === undefined ? 'connect' : 'secureConnect';
  return new Promise((resolve, reject) => {
    const failed = (error: Error): void => {
      socket.destroy();
      reject(error);
    };
    socket.once('error', failed);
    socket.once(ready, () => {
      socket.off('error', failed);
      resolve(new Transport(socket, transportOptions));
    });
  });
}

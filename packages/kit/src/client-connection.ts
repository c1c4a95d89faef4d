// The shared connection over a Redis client: the contract's state and checks; a subclass sends with its client.
import type { AbcConnection, Address, CommandName, Encoding, ExecuteArgs, PubsubCommand, PubsubConfirmation, PubsubKind, PubsubTargets, Reply } from 'aioredis-abc';
import { bufferEncoding, checkExecutable, splitCommand } from './arguments.js';
import type { ErrorKind } from './connecting.js';
import { ConnectionPubsub, type ShardsMovedHandler } from './connection-pubsub.js';
import { decoderFor, keepBytes, pubsubPong, toReply } from './decoding.js';
import { ConnectionClosedError, ConnectionForcedCloseError, ProtocolError, RedisError, ReplyError, replyError } from './errors.js';
import { resolveOptions, type ConnectOptions } from './options.js';
import { checkTargets, pubsubKind, type Target } from './pubsub-targets.js';
import { pubsubDictionary } from './readonly-map.js';
import { ReplyQueue } from './reply-queue.js';
import { SessionState } from './session-state.js';
import { toWireArgs, type WireArg } from './wire.js';

/** A pub/sub command's reply, which says nothing the connection keeps. */
function noReply(): undefined {
  return undefined;
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
  /** The codec of replies and messages; `null` keeps their bytes. */
  readonly #decoding: BufferEncoding | null;
  /** The database, transaction and `WATCH` the commands left, and whether they changed what a pool cannot undo. */
  readonly #session: SessionState;
  /** The commands sent and not yet answered, and their deadlines. */
  readonly #queue: ReplyQueue;
  /** The subscriptions, and the messages the client receives for them. */
  readonly #pubsub: ConnectionPubsub;
  /** Settles once the client's connection is gone (`ended()`). */
  readonly #ended: Promise<void>;
  /** What the handshake sends: the user, password, database and client name of the options. */
  readonly #username: string | undefined;
  readonly #password: string | undefined;
  readonly #selectOnConnect: number;
  readonly #clientName: string | undefined;
  /** Resolves `#ended`. */
  #markEnded: () => void = () => {};
  /** Why the connection is closed, once it is: what every later call rejects with. */
  #closedBy: ConnectionClosedError | null = null;

  /** Checks the options; `address` is the one they name, unless the subclass gives another (`null`: none). */
  protected constructor(options: ConnectOptions<E>, address?: Address | null) {
    const resolved = resolveOptions(options);
    this.address = address === undefined ? resolved.address : address;
    this.encoding = resolved.encoding;
    this.#decoding = bufferEncoding(resolved.encoding);
    this.#username = resolved.username;
    this.#password = resolved.password;
    this.#clientName = resolved.name;
    this.#selectOnConnect = resolved.db;
    this.#session = new SessionState(resolved.db);
    this.#queue = new ReplyQueue(resolved.commandTimeout, (error) => this.#translate(error), (error) => this.#lost(error));
    const decodeMessage = this.#decoding === null ? keepBytes : decoderFor(this.#decoding);
    this.#pubsub = new ConnectionPubsub(decodeMessage, (kind, names) => this.#queue.track(this.#sentPubsub(kind, names), noReply), () => this.#closedBy !== null);
    this.#ended = new Promise((resolve) => {
      this.#markEnded = resolve;
    });
  }

  /**
   * Sends one command and resolves with the client's reply, bulk strings as
   * bytes, or as strings already decoded (strictly) with `decoding`, the
   * reply's codec (`null`: bytes), which are kept as they are.
   */
  protected abstract send(command: string, args: WireArg[], decoding: BufferEncoding | null): Promise<unknown>;
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
      this.#session.handshakeDone();
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
    return this.#session.db;
  }

  get closed(): boolean {
    return this.#closedBy !== null;
  }

  get inPubsub(): number {
    return this.#pubsub.subscriptions.count;
  }

  get pubsubChannels(): AbcConnection<E>['pubsubChannels'] {
    return pubsubDictionary<E>(this.#pubsub.subscriptions.channels);
  }

  get pubsubPatterns(): AbcConnection<E>['pubsubPatterns'] {
    return pubsubDictionary<E>(this.#pubsub.subscriptions.patterns);
  }

  get pubsubShardChannels(): AbcConnection<E>['pubsubChannels'] {
    return pubsubDictionary<E>(this.#pubsub.subscriptions.shards);
  }

  /** Whether a `MULTI` was sent and its `EXEC` or `DISCARD` not yet: a pool closes such a connection on release. */
  get inTransaction(): boolean {
    return this.#session.inTransaction;
  }

  /**
   * Whether it ran a command that stays with it for the commands after it, and
   * that no pool can undo: a `WATCH` not yet ended by `EXEC`, `DISCARD` or
   * `UNWATCH`; or `AUTH`, `HELLO`, `RESET`, `READONLY`, a `CLIENT` subcommand
   * such as `SETNAME` or `TRACKING`, or a command the kit does not know. A pool
   * closes such a connection on release.
   */
  get stateChanged(): boolean {
    return this.#session.stateChanged;
  }

  /** How many commands are sent and not yet answered: a pool hands out no connection that still waits for one. */
  get pendingCommands(): number {
    return this.#queue.size;
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
      const session = this.#session;
      session.sending(name, ends);
      return this.#queue.track(
        this.#sent(name, toWireArgs(args), decoding),
        (value) => {
          // EXEC and DISCARD end the transaction whatever they answer, before an error in EXEC's reply rejects.
          if (ends) session.endTransaction(name === 'EXEC' && Array.isArray(value));
          const reply = toReply(inPubsub && name === 'PING' ? pubsubPong(value, args) : value, decoding);
          if (change !== 'none' && !ends) session.changed(name, args, change);
          return reply;
        },
        ends ? () => session.endTransaction(false) : name === 'MULTI' ? session.multiRefused : undefined,
        route === 'alone' ? null : this.#queue.timeout,
      );
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** What the client does with a command: a promise even when it throws at once. */
  #sent(name: string, args: WireArg[], decoding: BufferEncoding | null): Promise<unknown> {
    try {
      return this.send(name, args, decoding);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** The contract's error for what the client rejected a command with, told apart by `classify()`. */
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
    this.#session.refuseInTransaction(command);
    // A channel dropped in the background may still be unsubscribing.
    await this.#pubsub.unsubscribing;
    if (this.#closedBy) throw this.#closedBy;
    this.#session.refuseInTransaction(command);
    return this.#pubsub.apply(kind, targets);
  }

  /** The subclass calls this for each message of a plain subscription. */
  protected receive(channel: Buffer, message: Buffer): void {
    this.#pubsub.receive(channel, message);
  }

  /** The subclass calls this for each message of a shard subscription (`smessage`). */
  protected receiveShard(channel: Buffer, message: Buffer): void {
    this.#pubsub.receiveShard(channel, message);
  }

  /**
   * Sets who takes the shard channels the server unsubscribes on its own (see
   * `ShardsMovedHandler`), replacing any handler before; `null` goes back to
   * closing them. A pool that routes shard channels by slot sets it on the
   * connection it subscribes them on.
   */
  onShardsMoved(handler: ShardsMovedHandler | null): void {
    this.#pubsub.onShardsMoved(handler);
  }

  /**
   * The subclass calls this when the server unsubscribed shard channels that
   * no `SUNSUBSCRIBE` asked for (Redis sends `sunsubscribe` when their slot
   * moves). They leave `pubsubShardChannels` and go to the handler of
   * `onShardsMoved()`, or, without one, are closed with a `RedisError` that
   * says why.
   */
  protected shardsUnsubscribed(names: readonly (string | Buffer)[]): void {
    this.#pubsub.shardsUnsubscribed(names);
  }

  /** The subclass calls this for each message of a pattern subscription. */
  protected receivePattern(pattern: string | Buffer, channel: Buffer, message: Buffer): void {
    this.#pubsub.receivePattern(pattern, channel, message);
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
    this.#lost(error);
    return error;
  }

  /** The stream is lost (a reply could not be parsed, or came too late): the connection closes with `error`, unless it is closed already. */
  #lost(error: ConnectionClosedError | ProtocolError): void {
    if (this.#closedBy) return;
    this.#shut(error);
    this.disconnect();
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
    this.#queue.stop(error);
    this.#pubsub.subscriptions.closeAll(error);
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

import type { Address } from './address';
import type { CommandName, ExecuteArgs } from './command';
import type { ChannelName } from './channel';
import type {
  PatternChannelTarget,
  PatternPubsubCommand,
  PlainChannelTarget,
  PlainPubsubCommand,
  PubsubCommand,
  PubsubConfirmation,
  PubsubDictionary,
  PubsubTarget,
} from './pubsub';
import type { BulkString, Encoding, Reply } from './reply';

/**
 * An async connection to a Redis server: it executes commands, subscribes to
 * pub/sub channels and closes.
 *
 * `E` is the connection's encoding: a codec name (`'utf-8'`, or `string`) makes
 * replies and pub/sub messages strings, `null` makes them bytes. The default,
 * `Encoding`, means "not known": they are either.
 *
 * An implementation's way of opening a connection hands out one that is
 * authenticated and on its database: it rejects, and leaves nothing open, when
 * the server refuses the database (a `ReplyError`) or the password (an
 * `AuthError`, for a wrong or missing password and for a password the server
 * has no use for).
 *
 * Decision: Python's `errors` member (how bytes that do not decode are
 * handled) is left out, since Node's decoders have no such named handlers and an
 * optional member would tell a caller nothing it could rely on; decoding is
 * strict, as aioredis's default.
 * Python: `aioredis.abc.AbcConnection`.
 *
 * @example
 * ```ts
 * async function cache(conn: AbcConnection<'utf-8'>, key: string): Promise<string | null> {
 *   const value = await conn.execute('GET', key);
 *   return typeof value === 'string' ? value : null;
 * }
 * ```
 */
export interface AbcConnection<E extends Encoding = Encoding> {
  /**
   * Where the connection is connected: the configured `[host, port]` pair for
   * TCP, or the configured path of a unix socket.
   *
   * Decision: it is the address the connection was configured with, not the
   * peer the socket resolved to (aioredis reports the resolved one), so that it
   * is known before connecting and the same for every client underneath.
   * Decision: `null` is allowed because a pool is a connection too and a pool
   * over several servers has no single address; a class whose address is always
   * known declares it without `null`.
   */
  readonly address: Address | null;

  /**
   * The selected database index, a non-negative integer: 0 by default,
   * changed by a successful `SELECT`. A `SELECT` queued in a transaction
   * changes it when `EXEC` succeeds.
   *
   * Decision: it is always a number; aioredis stores `SELECT`'s argument as
   * given, so a `SELECT` with a string left a string there.
   */
  readonly db: number;

  /**
   * The codec bulk-string replies are decoded with, or `null` when replies stay
   * bytes.
   */
  readonly encoding: E;

  /**
   * `true` from the moment closing starts, by `close()` or because the server
   * went away, not only once it is finished.
   */
  readonly closed: boolean;

  /**
   * Number of channels and patterns this connection is subscribed to.
   * Zero means the connection is not in pub/sub mode.
   * After the connection is lost, `inPubsub` is 0.
   * Python: `in_pubsub`.
   */
  readonly inPubsub: number;

  /**
   * The subscribed channels, by name, with the channel objects their messages
   * go to. Holds plain channels only. Its channels deliver messages decoded with
   * the connection's encoding: strings on a connection with a codec, bytes on
   * one without. After the connection is lost, it is empty.
   * Python: `pubsub_channels`.
   *
   * Decision: messages are decoded with the connection's encoding, where
   * aioredis leaves them bytes, so that a reader gets what `execute()` would give
   * and the type says which.
   */
  readonly pubsubChannels: PubsubDictionary<false, BulkString<E>>;

  /**
   * The subscribed patterns, by pattern, with the channel objects their
   * messages go to. Holds pattern channels only. Its channels deliver the
   * channel a message was published to and the message, both decoded with the
   * connection's encoding. After the connection is lost, it is empty.
   * Python: `pubsub_patterns`.
   *
   * Decision: the channel a pattern message was published to is decoded too,
   * where aioredis leaves it bytes, for the reason messages are.
   */
  readonly pubsubPatterns: PubsubDictionary<true, BulkString<E>>;

  /**
   * Sends one command and resolves with its reply, decoded with the
   * connection's encoding or with the `encoding` of an options object given
   * last.
   *
   * An error reply rejects with a `ReplyError` whose `message` is the reply,
   * or with the subclass its text picks: `MaxClientsError` for
   * `ERR max number of clients reached` (and the connection closes), `AuthError`
   * for `NOAUTH`, `WRONGPASS` and `ERR invalid password`. A `READONLY` error
   * reply (a write sent to a read-only replica) rejects with a `ReadOnlyError`,
   * which is not a `ReplyError`. An error reply inside an array reply (as in
   * the reply to `EXEC`) rejects the whole command with that error.
   * A command on a connection that is already closed rejects with a
   * `ConnectionClosedError`, a `ConnectionForcedCloseError` if `close()` closed
   * it. A command pending when `close()` is called rejects with a
   * `ConnectionForcedCloseError`; one pending when the server or the network
   * closes the connection rejects with a `ConnectionClosedError`.
   * A `null` or `undefined` argument rejects with a `TypeError`, and nothing is
   * sent. An options object in last place that is not `{ encoding }` rejects
   * with a `TypeError` that says so. `SUBSCRIBE`, `PSUBSCRIBE`, `UNSUBSCRIBE`
   * and `PUNSUBSCRIBE` reject with a `TypeError`: they go through
   * `executePubsub()`. In pub/sub mode only the pub/sub commands and `PING` are
   * allowed; any other command rejects with a `RedisError`. `PING` in pub/sub
   * mode resolves as outside it: with `PONG`, or with its argument.
   * `MONITOR`, `SYNC`, `PSYNC`, `CLIENT REPLY OFF` and `CLIENT REPLY SKIP`, and
   * `HELLO` with a protocol other than 2 reject with a `TypeError`, and nothing
   * is sent: their replies could not be read as replies.
   * A bulk string the codec cannot decode (bytes that are not UTF-8 for
   * `utf-8`, above 0x7F for `ascii`) rejects with a `TypeError` that says so,
   * and the connection carries on; `{ encoding: null }` reads the bytes.
   * Replies are RESP2: an implementation over a client that can speak RESP3
   * speaks RESP2 to the server.
   *
   * Decision: replies are RESP2 whatever the client underneath, so that every
   * implementation resolves the same command with the same reply.
   * Decision: an error inside an array reply rejects the whole command, where
   * aioredis keeps it as an element, so that a `Reply` never holds an error and
   * a caller catches every error reply in one place.
   * Decision: the pub/sub commands are refused, where aioredis forwards them to
   * `execute_pubsub`, so that each command has one reply type.
   * Decision: `MONITOR`, `CLIENT REPLY OFF` and `HELLO 3` are refused, where
   * aioredis sends them and leaves the connection's later replies out of step,
   * so that every promise settles with its own command's reply.
   * Decision: the compiler does not refuse a pub/sub command written as a
   * literal: typing the command as a type parameter to refuse it cost every
   * program 46 instantiations of the 300 the contract may add (`npm run bench`),
   * and the first run of the code rejects it with a `TypeError` that says to use
   * `executePubsub()`.
   * Decision: the reply is not typed per command (`GET` as `string | null`,
   * `INCR` as `number`), since that would make `execute` impossible to
   * implement without casts; narrow the `Reply` where you use it.
   * Decision: `execute` stays a method, so a class whose `execute` takes less
   * (only strings) is not refused at `implements`, because TypeScript compares a
   * method's parameters both ways; a function-typed property would refuse it at
   * no cost to the compiler, but only under `strictFunctionTypes`, and would let
   * lint treat `const run = conn.execute` as safe to detach, which it is not for
   * a class.
   *
   * To implement it in a class, declare this signature as an overload and
   * implement it with `ExecuteArgs` and `Promise<Reply>`: see the README.
   *
   * @example
   * ```ts
   * await conn.execute('SET', 'key', 'value'); // 'OK' on a connection with an encoding
   * await conn.execute('GET', 'key', { encoding: null }); // bytes, whatever the connection's encoding
   * ```
   */
  execute<O extends Encoding = E>(command: CommandName, ...args: ExecuteArgs<O>): Promise<Reply<O>>;

  /**
   * Sends a pub/sub command for one or more channels (or patterns) and resolves
   * with one confirmation per channel, in order.
   *
   * A channel given by name gets a channel object made by the connection; a
   * channel object given instead receives the messages itself. It must be a
   * pattern channel for `PSUBSCRIBE` and `PUNSUBSCRIBE` and a plain one for
   * `SUBSCRIBE` and `UNSUBSCRIBE`, and take the messages this connection
   * delivers (strings with a codec, bytes without). Unsubscribing closes the
   * channel.
   * A channel object of the other kind rejects with a `TypeError`, for the
   * unsubscribe commands as for the subscribe ones. A call with no channel
   * rejects with a `TypeError`, and so does anything that is neither a name nor
   * a channel object (with `name`, `isPattern`, `get`, `putNowait` and `close`),
   * at run time too. A command on a connection that is already closed
   * rejects as `execute()` does.
   * Subscribing again to a channel already subscribed keeps its channel object,
   * and each message is delivered to it once.
   * A channel whose `putNowait()` throws, or whose message the codec cannot
   * decode, is closed with that error as the reason and unsubscribed; the
   * connection and its other channels carry on.
   * Without `strictNullChecks` a codec name cannot be told apart from `null`, so
   * there a connection with a codec takes a channel object of strings, of bytes
   * or of either.
   * Python: `execute_pubsub`.
   *
   * Decision: a channel object of the other kind is a `TypeError`, where
   * aioredis raises `ValueError`, which JavaScript does not have.
   * Decision: a channel that throws is closed and unsubscribed, where in
   * aioredis the error ends the connection's reader, so that one caller's
   * channel cannot break what other callers share.
   * Decision: one signature per kind of command, then one generic in the
   * command for code that passes a command on, because choosing a signature
   * costs the compiler a fraction of inferring the command; a class declares
   * the generic one alone, which fits all three.
   * Decision: the method compares its parameters both ways, as `execute`
   * does, so a class that takes less is not refused at `implements`; a channel
   * object given at a call is checked one way, by `putNowait`.
   *
   * @example
   * ```ts
   * const [[kind, name, count]] = await conn.executePubsub('SUBSCRIBE', 'news');
   * const news = conn.pubsubChannels.get('news');
   * ```
   */
  executePubsub(
    command: PlainPubsubCommand,
    ...channels: [ChannelName | PlainChannelTarget<BulkString<E>>, ...(ChannelName | PlainChannelTarget<BulkString<E>>)[]]
  ): Promise<PubsubConfirmation[]>;
  /**
   * Sends `PSUBSCRIBE` or `PUNSUBSCRIBE` for one or more patterns, given by
   * name or as pattern channel objects, as the plain commands do.
   */
  executePubsub(
    command: PatternPubsubCommand,
    ...channels: [ChannelName | PatternChannelTarget<BulkString<E>>, ...(ChannelName | PatternChannelTarget<BulkString<E>>)[]]
  ): Promise<PubsubConfirmation[]>;
  /**
   * Sends a pub/sub command whose kind the compiler does not know (a union such
   * as `'SUBSCRIBE' | 'PSUBSCRIBE'`, or a type parameter that code passes on),
   * as the commands of one kind do. A command that may be of either kind takes
   * names only.
   */
  executePubsub<C extends PubsubCommand>(
    command: C,
    ...channels: [PubsubTarget<C, BulkString<E>>, ...PubsubTarget<C, BulkString<E>>[]]
  ): Promise<PubsubConfirmation[]>;

  /**
   * Starts closing the connection and returns at once; calling it again does
   * nothing. Every pending command rejects with a `ConnectionForcedCloseError`,
   * and every subscribed channel is closed with that error. When the server or
   * the network closes the connection instead, pending commands reject with a
   * `ConnectionClosedError` and channels are closed with it.
   * Await `waitClosed()` to know when closing is finished.
   */
  close(): void;

  /**
   * Resolves once the connection is closed and every resource is released.
   * Safe to await more than once and from several places.
   * Python: `wait_closed()`.
   */
  waitClosed(): Promise<void>;
}

import type { Address } from './address';
import type { CommandName, ExecuteArgs } from './command';
import type { ChannelName } from './channel';
import type { ChannelOfKind, PubsubCommand, PubsubConfirmation, PubsubDictionary, TargetKind } from './pubsub';
import type { BulkString, Encoding, Reply } from './reply';

/**
 * An async connection to a Redis server. `E` is its encoding: a codec gives
 * strings, `null` bytes, the default `Encoding` either.
 *
 * Opening a connection rejects, leaving nothing open, when the server refuses
 * the database (`ReplyError`) or the password (`AuthError`: wrong, missing, or
 * one the server has no use for).
 * Python: `aioredis.abc.AbcConnection`.
 *
 * Decision: Python's `errors` member is left out: decoding is strict, as
 * aioredis's default.
 */
export interface AbcConnection<E extends Encoding = Encoding> {
  /**
   * Where the connection is connected: the configured `[host, port]` pair for
   * TCP, or the configured path of a unix socket.
   *
   * Decision: the configured address, not aioredis's resolved peer, so it is
   * known before connecting; `null` for a pool.
   */
  readonly address: Address | null;

  /**
   * The selected database index, a non-negative integer: 0 by default, changed
   * by a successful `SELECT`. A `SELECT` queued in a transaction changes it
   * when `EXEC` succeeds.
   *
   * Decision: always a number, where aioredis keeps `SELECT`'s argument as
   * given.
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
   * Number of channels, patterns and shard channels this connection is
   * subscribed to. Zero means the connection is not in pub/sub mode. After the connection is lost,
   * `inPubsub` is 0.
   * Python: `in_pubsub`.
   */
  readonly inPubsub: number;

  /**
   * The subscribed channels, by name, with the channel objects their messages
   * go to. Holds plain channels only. Its channels deliver messages decoded
   * with the connection's encoding. After the connection is lost, it is empty.
   *
   * Decision: messages are decoded, where aioredis leaves them bytes.
   */
  readonly pubsubChannels: PubsubDictionary<false, BulkString<E>>;

  /**
   * The subscribed patterns, by pattern, with the channel objects their
   * messages go to. Holds pattern channels only. Its channels deliver (channel,
   * message) pairs, both decoded with the connection's encoding. After the
   * connection is lost, it is empty.
   *
   * Decision: the channel a pattern message was published to is decoded too.
   */
  readonly pubsubPatterns: PubsubDictionary<true, BulkString<E>>;

  /**
   * The channels of `SSUBSCRIBE`, apart from `pubsubChannels`: a name may be
   * in both, with a channel in each. Holds plain channels only, delivering as
   * `pubsubChannels`'s do. One the server unsubscribes on its own (its slot
   * moved) leaves it, closed with a `RedisError`. After the connection is lost,
   * it is empty.
   *
   * Decision: optional, so that a 0.2 class still implements the interface.
   */
  readonly pubsubShardChannels?: PubsubDictionary<false, BulkString<E>>;

  /**
   * Sends one command and resolves with its reply, decoded with the
   * connection's encoding or with the `encoding` of an options object given
   * last.
   *
   * An error reply rejects with a `ReplyError` whose `message` is the reply, or
   * with the subclass its text picks (`MaxClientsError`, `AuthError`).
   * A `READONLY` error reply rejects with a `ReadOnlyError`, which is not a
   * `ReplyError`. An error reply inside an array reply (as in the reply to
   * `EXEC`) rejects the whole command with that error. A command on a
   * connection that is already closed rejects with a `ConnectionClosedError`, a
   * `ConnectionForcedCloseError` if `close()` closed it. A command pending when
   * `close()` is called rejects with a `ConnectionForcedCloseError`; one
   * pending when the connection is lost, with a `ConnectionClosedError`. A
   * `null` or `undefined` argument rejects with a `TypeError`, and nothing is
   * sent. An options object in last place that is not `{ encoding }` rejects
   * with a `TypeError` that says so. The pub/sub commands reject with a
   * `TypeError`: they go through `executePubsub()`. In pub/sub mode only the
   * pub/sub commands and `PING` are allowed; any other command rejects with a
   * `RedisError`. `PING` in pub/sub mode resolves as outside it: with `PONG`,
   * or with its argument. `MONITOR`, `SYNC`, `PSYNC`, `CLIENT REPLY OFF` or
   * `SKIP`, and `HELLO` other than 2 reject with a `TypeError`, and nothing is
   * sent. A bulk string the codec cannot decode rejects with a `TypeError`, and
   * the connection carries on; `{ encoding: null }` reads the bytes. Replies
   * are RESP2, whatever the client underneath. A connection sends commands in
   * call order.
   *
   * Decision: rejects where aioredis keeps the error in the array or sends
   * the command, so each promise has its own reply.
   * Decision: a pub/sub command literal compiles: refusing it cost 46
   * instantiations.
   * Decision: the reply is not typed per command, which no class could
   * implement without casts.
   * Decision: a method, compared both ways, so a class taking less is not
   * refused at `implements`.
   *
   * A class declares it as an overload: see the README.
   */
  execute<O extends Encoding = E>(command: CommandName, ...args: ExecuteArgs<O>): Promise<Reply<O>>;

  /**
   * Sends a pub/sub command for one or more channels (or patterns) and resolves
   * with one confirmation per channel, in order.
   *
   * A channel given by name gets a channel object made by the connection; a
   * channel object given instead receives the messages itself. It must be of
   * the command's kind and take the messages this connection delivers.
   * Unsubscribing closes the channel. A channel object of the other kind
   * rejects with a `TypeError`, on unsubscribe too. A call with no channel, or
   * with anything that is neither a name nor a channel object, rejects with a
   * `TypeError`. A command on a connection that is already closed rejects as
   * `execute()` does. A command the server refuses rejects with a `ReplyError`
   * and subscribes none of its channels. Subscribing again to a channel
   * already subscribed keeps its channel object, and each message is delivered
   * to it once. A channel whose `putNowait()` throws, or whose message cannot
   * be decoded, is closed with that error and unsubscribed; the others carry
   * on.
   * Python: `execute_pubsub`.
   *
   * Decision: the wrong kind is a `TypeError`, not Python's `ValueError`; a
   * channel that throws is closed alone, where aioredis's reader stops.
   * Decision: a method, compared both ways. One generic signature, so that a
   * misuse's first line names it where overloads print `TS2769`: +111
   * instantiations.
   *
   * @example
   * ```ts
   * const [[kind, name, count]] = await conn.executePubsub('SUBSCRIBE', 'news');
   * ```
   */
  executePubsub<C extends PubsubCommand>(
    command: C,
    ...channels: [ChannelName | ChannelOfKind<BulkString<E>>[TargetKind<C>], ...(ChannelName | ChannelOfKind<BulkString<E>>[TargetKind<C>])[]]
  ): Promise<PubsubConfirmation[]>;

  /**
   * Starts closing the connection and returns at once; calling it again does
   * nothing. Every pending command rejects with a `ConnectionForcedCloseError`,
   * and every subscribed channel is closed with that error. When the connection
   * is lost instead, commands reject, and channels close, with a
   * `ConnectionClosedError`.
   */
  close(): void;

  /**
   * Resolves once the connection is closed and every resource is released. Safe
   * to await more than once and from several places.
   */
  waitClosed(): Promise<void>;
}

import type { Address } from './address';
import type { CommandName, ExecuteArgs } from './command';
import type { PubsubCommand, PubsubConfirmation, PubsubDictionary, PubsubTarget } from './pubsub';
import type { Encoding, Reply } from './reply';

/**
 * An async connection to a Redis server: it executes commands, subscribes to
 * pub/sub channels and closes.
 *
 * `E` is the connection's encoding: a codec name (`'utf-8'`, or `string`) makes
 * replies strings, `null` makes them bytes. The default, `Encoding`,
 * means "not known": replies are either.
 *
 * Decision: Python's `errors` member (how bytes that do not decode are
 * handled) is left out. Node's decoders have no such named handlers, and an
 * optional member would tell a caller nothing it could rely on.
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
   * Where the connection is connected: a `[host, port]` pair for TCP, a path
   * for a unix socket.
   *
   * Decision: `null` is allowed because a pool is a connection too, and a pool
   * over several servers has no single address. A class whose address is always
   * known declares it without `null`.
   */
  readonly address: Address | null;

  /**
   * The selected database index, a non-negative integer: 0 by default,
   * changed by a successful `SELECT`.
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
   * Python: `in_pubsub`.
   */
  readonly inPubsub: number;

  /**
   * The subscribed channels, by name, with the channel objects their messages
   * go to. Holds plain channels only. Its channels deliver messages decoded as
   * replies are: strings on a connection with a codec, bytes on one without.
   * Python: `pubsub_channels`.
   */
  readonly pubsubChannels: [E] extends [null]
    ? PubsubDictionary<false, Uint8Array>
    : null extends string
      ? PubsubDictionary<false>
      : [E] extends [string]
        ? PubsubDictionary<false, string>
        : PubsubDictionary<false>;

  /**
   * The subscribed patterns, by pattern, with the channel objects their
   * messages go to. Holds pattern channels only. Its channels deliver the
   * channel a message was published to and the message, both decoded as
   * replies are.
   * Python: `pubsub_patterns`.
   */
  readonly pubsubPatterns: [E] extends [null]
    ? PubsubDictionary<true, Uint8Array>
    : null extends string
      ? PubsubDictionary<true>
      : [E] extends [string]
        ? PubsubDictionary<true, string>
        : PubsubDictionary<true>;

  /**
   * Sends one command and resolves with its reply, decoded with the
   * connection's encoding or with the `encoding` of an options object given
   * last.
   *
   * Rejects with a `ReplyError` on an error reply, with a
   * `ConnectionClosedError` when the connection is closed, and with a
   * `TypeError` for a `null` or `undefined` argument (nothing is sent). In
   * pub/sub mode only the pub/sub commands and `PING` are allowed; any other
   * command rejects.
   *
   * Decision: the reply is not typed per command (`GET` as `string | null`,
   * `INCR` as `number`): that would make `execute` impossible to implement
   * without casts. Narrow the `Reply` where you use it.
   *
   * To implement it in a class, declare this signature as an overload and
   * implement it with `ExecuteArgs` and `Promise<Reply>`: see the README.
   *
   * Decision: `execute` stays a method, so a class whose `execute` takes less
   * (only strings) is not refused at `implements`: TypeScript compares a
   * method's parameters both ways. A function-typed property would refuse it at
   * no cost to the compiler, but only under `strictFunctionTypes`, and would let
   * lint treat `const run = conn.execute` as safe to detach, which it is not for
   * a class.
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
   * channel object given instead receives the messages itself, and must be a
   * pattern channel for the pattern commands and a channel of the messages this
   * connection delivers (strings with a codec, bytes without). Unsubscribing
   * closes the channel. Without `strictNullChecks` a codec name cannot be told
   * apart from `null`, so there a connection with a codec takes a channel object
   * of strings, of bytes or of either.
   * Python: `execute_pubsub`.
   *
   * @example
   * ```ts
   * const [[kind, name, count]] = await conn.executePubsub('SUBSCRIBE', 'news');
   * const news = conn.pubsubChannels.get('news');
   * ```
   */
  executePubsub<C extends PubsubCommand>(
    command: C,
    ...channels: [E] extends [null]
      ? [PubsubTarget<C, Uint8Array>, ...PubsubTarget<C, Uint8Array>[]]
      : null extends string
        ? [PubsubTarget<C, string> | PubsubTarget<C, Uint8Array> | PubsubTarget<C>, ...(PubsubTarget<C, string> | PubsubTarget<C, Uint8Array> | PubsubTarget<C>)[]]
        : [E] extends [string]
          ? [PubsubTarget<C, string>, ...PubsubTarget<C, string>[]]
          : [PubsubTarget<C>, ...PubsubTarget<C>[]]
  ): Promise<PubsubConfirmation[]>;

  /**
   * Starts closing the connection and returns at once; calling it again does
   * nothing. Every pending command rejects with a `ConnectionClosedError`,
   * and every subscribed channel is closed with that error.
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

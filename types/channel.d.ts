/// <reference lib="es2018.asynciterable" />
import type { Encoding, BulkString } from './reply';

/**
 * A channel name or pattern as sent to the server: a string, or bytes for
 * names that are not text. A text name is sent as UTF-8. Implementations keep
 * the form they were given. An implementation over a client that subscribes
 * by string names only (as node-redis does) may refuse bytes that are not valid
 * UTF-8 with a `TypeError`.
 */
export type ChannelName = string | Uint8Array;

/**
 * A message as a channel receives it from a connection of unknown encoding,
 * before any decoder: a string on a connection with an encoding, bytes on one
 * without.
 */
export type RawMessage = BulkString<Encoding>;

/**
 * What a pattern channel delivers: the channel the message was published to,
 * as the connection decodes it (`S`), and the message (`M`: `S` as received,
 * or what a decoder made of it).
 */
export type PatternMessage<S = RawMessage, M = S> = readonly [channel: S, message: M];

/**
 * What a channel delivers: the message `M` on a plain channel (`P` is `false`),
 * a `PatternMessage` pair on a pattern channel (`P` is `true`), and either
 * one when `P` is `boolean`.
 */
export type ChannelMessage<P extends boolean = boolean, M = RawMessage> = P extends true ? PatternMessage<M> : M;

/**
 * A function that turns a received message into a value, for example
 * `JSON.parse`. Its return type becomes the type of the message `get()` resolves with.
 */
export type MessageDecoder<M, R> = (message: M) => R;

/**
 * The queue that a connection puts pub/sub messages into and that user code
 * reads them from, one channel per subscribed channel name or pattern: an
 * `AbcPlainChannel` when `P` is `false`, an `AbcPatternChannel` when `P` is
 * `true`, and either one when `P` is `boolean`, told apart by `isPattern`.
 * `M` is the message as received.
 *
 * A class implements one kind, `AbcChannel<false>` (that is `AbcPlainChannel`)
 * or `AbcChannel<true>`: the bare `AbcChannel` is the union of the two kinds,
 * which a class cannot implement (TS2422). A reader of a channel of unknown kind
 * compares `isPattern` with `true` and gets the right `get()`; a truthiness
 * check (`if (channel.isPattern)`) does the same only under `strictNullChecks`.
 * Reading with `for await` is optional: a channel may offer it, and a reader
 * can loop on `get()` while `isActive` is true.
 * Python: `aioredis.abc.AbcChannel`.
 *
 * Decision: the two kinds are two interfaces and this is their union, because
 * one interface with member types that depend on `P` says the same at several
 * times the cost to the compiler for every program that compares two channel
 * types.
 *
 * @example
 * ```ts
 * function read(channel: AbcChannel): Promise<RawMessage> {
 *   return channel.isPattern === true ? channel.get().then(([, message]) => message) : channel.get();
 * }
 * ```
 */
export type AbcChannel<P extends boolean = boolean, M = RawMessage> =
  | (P extends true ? AbcPatternChannel<M> : never)
  | (P extends false ? AbcPlainChannel<M> : never);

/** What every channel has, plain or pattern. */
export interface AbcChannelBase {
  /**
   * The channel name or the pattern, as sent to the server.
   * A name given as bytes stays bytes, so binary names are safe.
   */
  readonly name: ChannelName;

  /**
   * `true` while the channel is subscribed or still holds unread messages;
   * `false` once it is closed and drained.
   * Python: `is_active`.
   */
  readonly isActive: boolean;

  /**
   * Marks the channel closed: no more messages are put into it, and messages
   * already queued can still be read. The connection calls it on unsubscribe and
   * on close; `error` is the reason, for example a `ConnectionClosedError`.
   * Calling it again does nothing.
   * Python: `close(exc=None)`.
   */
  close(error?: Error): void;
}

/** A channel of a plain subscription (`SUBSCRIBE`): it delivers messages. */
export interface AbcPlainChannel<M = RawMessage> extends AbcChannelBase {
  /**
   * `false`: a plain subscription, not a pattern.
   * Python: `is_pattern`.
   */
  readonly isPattern: false;

  /**
   * Waits for the next message and resolves with it.
   * Rejects with a `ChannelClosedError` when the channel is not active,
   * and rejects a pending call with it when the channel is closed while it
   * waits.
   *
   * Decision: where Python's `get()` resolves with `None` once, as an
   * end-of-stream marker, this one rejects, because a `null` in every message
   * type would make each reader check for a value that comes once, and it could
   * not be told apart from a decoder's own `null`.
   */
  get(): Promise<M>;
  /**
   * Waits for the next message, passes it through `decoder`, and resolves with
   * the decoder's result. Rejects like `get()`; a decoder that throws rejects
   * with its error.
   * Python: `get(decoder=...)`.
   *
   * @example
   * ```ts
   * const event = await channel.get((message) => JSON.parse(String(message)) as Event);
   * ```
   */
  get<R>(decoder: (message: M) => R): Promise<R>;

  /**
   * Puts a message into the queue; called by the connection when a message
   * arrives. Never blocks and never waits for a reader.
   * Python: `put_nowait`.
   *
   * Decision: a method, which TypeScript compares both ways, so that a reader
   * of any channel (`AbcChannel`) takes a channel of strings, of bytes, or of a
   * class's own messages; so a channel widened that way takes any message in
   * `putNowait`. The connection is the one caller, and `executePubsub()` checks
   * one way that a channel object takes what the connection delivers.
   */
  putNowait(data: M): void;

  /**
   * Reads the messages with `for await`, in order, waiting for each; the loop
   * ends once the channel is closed and drained, and throws the error the
   * channel was closed with, if any.
   *
   * Decision: optional, so that a class need not write it; the kit's channels
   * have it. A reader of a channel whose class may lack it loops on `get()`
   * while `isActive` is true.
   */
  [Symbol.asyncIterator]?(): AsyncIterator<M>;
}

/** A channel of a pattern subscription (`PSUBSCRIBE`): it delivers (channel, message) pairs. */
export interface AbcPatternChannel<M = RawMessage> extends AbcChannelBase {
  /**
   * `true`: a pattern subscription.
   * Python: `is_pattern`.
   */
  readonly isPattern: true;

  /**
   * Waits for the next message and resolves with the channel it was published
   * to and the message. Rejects with a `ChannelClosedError` when the channel is
   * not active, and rejects a pending call with it when the channel is closed
   * while it waits.
   *
   * Decision: where Python's `get()` resolves with `None` once, as an
   * end-of-stream marker, this one rejects, as a plain channel's does.
   */
  get(): Promise<PatternMessage<M>>;
  /**
   * Waits for the next message, passes the message through `decoder`, and
   * resolves with the channel and the decoder's result. Rejects like `get()`;
   * a decoder that throws rejects with its error.
   * Python: `get(decoder=...)`.
   */
  get<R>(decoder: (message: M) => R): Promise<PatternMessage<M, R>>;

  /**
   * Puts a (channel, message) pair into the queue; called by the connection
   * when a message arrives. Never blocks and never waits for a reader.
   * Python: `put_nowait`.
   *
   * Decision: a method, for the reason a plain channel's is.
   */
  putNowait(data: PatternMessage<M>): void;

  /**
   * Reads the (channel, message) pairs with `for await`, as a plain channel's
   * loop reads messages.
   */
  [Symbol.asyncIterator]?(): AsyncIterator<PatternMessage<M>>;
}

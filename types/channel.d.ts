/// <reference lib="es2018.asynciterable" />
import type { Encoding, BulkString } from './reply';

/**
 * A channel name or pattern: a string, or bytes for names that are not text. A
 * text name is sent as UTF-8. Implementations keep the form they were given. An
 * implementation whose client takes string names only may refuse bytes that are
 * not UTF-8 with a `TypeError`.
 */
export type ChannelName = string | Uint8Array;

/**
 * A message as a channel receives it from a connection of unknown encoding,
 * before any decoder: a string on a connection with an encoding, bytes on one
 * without.
 */
export type RawMessage = BulkString<Encoding>;

/**
 * What a pattern channel delivers: the channel the message was published to, as
 * the connection decodes it (`S`), and the message (`M`: `S` as received, or
 * what a decoder made of it).
 */
export type PatternMessage<S = RawMessage, M = S> = readonly [channel: S, message: M];

/** What a channel of kind `P` delivers: `M`, or a `PatternMessage` if `P`. */
export type ChannelMessage<P extends boolean = boolean, M = RawMessage> = P extends true ? PatternMessage<M> : M;

/** Turns a message into what `get()` resolves with, as `JSON.parse` does. */
export type MessageDecoder<M, R> = (message: M) => R;

/**
 * One subscription's message queue: `AbcPlainChannel` or
 * `AbcPatternChannel` by `P`, told apart by `isPattern`.
 * Reading with `for await` is optional: a channel may offer it, and a reader can loop on `get()`
 * while `isActive` is true.
 * Python: `aioredis.abc.AbcChannel`.
 *
 * Decision: a union of two interfaces, cheaper than members that depend on `P`.
 */
export type AbcChannel<P extends boolean = boolean, M = RawMessage> =
  | (P extends true ? AbcPatternChannel<M> : never)
  | (P extends false ? AbcPlainChannel<M> : never);

/** What every channel has. */
export interface AbcChannelBase {
  /**
   * The channel name or pattern. A name given as bytes stays bytes, so binary
   * names are safe.
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
   * already queued can still be read. The connection calls it on unsubscribe
   * and on close; `error` is the reason, for example a `ConnectionClosedError`.
   * Calling it again does nothing.
   */
  close(error?: Error): void;
}

/** The channel of a `SUBSCRIBE`. */
export interface AbcPlainChannel<M = RawMessage> extends AbcChannelBase {
  /**
   * `false`: a plain subscription, not a pattern.
   * Python: `is_pattern`.
   */
  readonly isPattern: false;

  /**
   * Waits for the next message and resolves with it. Rejects with a
   * `ChannelClosedError` when the channel is not active or closes while it
   * waits.
   *
   * Decision: rejects where Python's resolves with `None` at end-of-stream, so
   * no message type needs a `null`.
   */
  get(): Promise<M>;
  /**
   * Waits for the next message, passes it through `decoder`, and resolves with
   * the decoder's result. Rejects like `get()`; a decoder that throws rejects
   * with its error.
   */
  get<R>(decoder: (message: M) => R): Promise<R>;

  /**
   * Puts a message into the queue; called by the connection when a message
   * arrives. Never blocks and never waits for a reader.
   * Python: `put_nowait`.
   *
   * Decision: a method, compared both ways, so `AbcChannel` takes a channel of
   * any message type.
   */
  putNowait(data: M): void;

  /**
   * Reads the messages with `for await`, in order, waiting for each; the loop
   * ends once the channel is closed and drained, and throws the error the
   * channel was closed with, if any.
   */
  [Symbol.asyncIterator](): AsyncIterator<M>;
}

/** The channel of a `PSUBSCRIBE`. */
export interface AbcPatternChannel<M = RawMessage> extends AbcChannelBase {
  /** `true`: a pattern subscription. */
  readonly isPattern: true;

  /**
   * Waits for the next message and resolves with the channel it was published
   * to and the message. Rejects with a `ChannelClosedError` when the channel is
   * not active or closes while it waits.
   */
  get(): Promise<PatternMessage<M>>;
  /**
   * Waits for the next message, passes the message through `decoder`, and
   * resolves with the channel and the decoder's result. Rejects like `get()`; a
   * decoder that throws rejects with its error.
   */
  get<R>(decoder: (message: M) => R): Promise<PatternMessage<M, R>>;

  /**
   * Puts a (channel, message) pair into the queue; called by the connection
   * when a message arrives. Never blocks and never waits for a reader.
   */
  putNowait(data: PatternMessage<M>): void;

  /**
   * Reads the (channel, message) pairs with `for await`, as a plain channel's
   * loop reads messages.
   */
  [Symbol.asyncIterator](): AsyncIterator<PatternMessage<M>>;
}

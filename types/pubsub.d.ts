import type { AbcChannel, AbcPatternChannel, AbcPlainChannel, ChannelName, PatternMessage, RawMessage } from './channel';
import type { BulkString, Encoding } from './reply';

/**
 * A pub/sub command that `executePubsub()` takes: `SUBSCRIBE`, `PSUBSCRIBE`,
 * `UNSUBSCRIBE` or `PUNSUBSCRIBE`, in upper or lower case or capitalized
 * (`'SUBSCRIBE'`, `'subscribe'`, `'Subscribe'`).
 *
 * Decision: Python takes the command in any case, and so does an
 * implementation at run time; the type lists the three spellings code uses,
 * since a type of every mix of cases (`'SubScribe'`) would be thousands of
 * strings long.
 */
export type PubsubCommand = PlainPubsubCommand | PatternPubsubCommand;

/**
 * The pub/sub commands about plain channels, `SUBSCRIBE` and `UNSUBSCRIBE`, in
 * the spellings `PubsubCommand` takes.
 */
export type PlainPubsubCommand = 'SUBSCRIBE' | 'UNSUBSCRIBE' | 'subscribe' | 'unsubscribe' | 'Subscribe' | 'Unsubscribe';

/**
 * The pub/sub commands about patterns, `PSUBSCRIBE` and `PUNSUBSCRIBE`, in
 * the spellings `PubsubCommand` takes.
 */
export type PatternPubsubCommand = 'PSUBSCRIBE' | 'PUNSUBSCRIBE' | 'psubscribe' | 'punsubscribe' | 'Psubscribe' | 'Punsubscribe';

/**
 * One argument of `executePubsub()` with command `C`: a channel name (or
 * pattern), or a channel object that takes the messages `M` of the connection.
 * A channel object must be a pattern channel for `PSUBSCRIBE` and
 * `PUNSUBSCRIBE` and a plain one for the others. When `C` may be either kind (a
 * union such as `'SUBSCRIBE' | 'PSUBSCRIBE'`, or `PubsubCommand` itself), only
 * a name fits every command it may be.
 */
export type PubsubTarget<C extends PubsubCommand = PubsubCommand, M = RawMessage> =
  | ChannelName
  | ChannelOfKind<M>[PubsubCommand extends C ? 'none' : [C] extends [PlainPubsubCommand] ? 'plain' : [C] extends [PatternPubsubCommand] ? 'pattern' : 'none'];

/**
 * The channel object a target may be, by the kind of its command.
 *
 * Decision: a lookup rather than nested conditional types, which cost the
 * compiler more.
 */
export interface ChannelOfKind<M> {
  /** For `SUBSCRIBE` and `UNSUBSCRIBE`. */
  readonly plain: PlainChannelTarget<M>;
  /** For `PSUBSCRIBE` and `PUNSUBSCRIBE`. */
  readonly pattern: PatternChannelTarget<M>;
  /** For a command that may be of either kind: no channel object fits both. */
  readonly none: never;
}


/**
 * A plain channel object as a connection that delivers messages `M` takes it:
 * a plain channel of raw messages whose `putNowait()` takes `M`. So a channel
 * of `string | Uint8Array` fits a connection that delivers strings, and a
 * channel of bytes does not.
 *
 * Decision: the `putNowait` added here is a function type, where the channel
 * interfaces have a method, so that under `strictFunctionTypes` the compiler
 * checks it one way: the channel takes at least what the connection delivers.
 */
export type PlainChannelTarget<M> = AbcPlainChannel & {
  /** Takes each message the connection delivers. */
  readonly putNowait: (data: M) => void;
};

/**
 * A pattern channel object as a connection that delivers messages `M` takes
 * it: a pattern channel of raw messages whose `putNowait()` takes (channel,
 * message) pairs of `M`.
 *
 * Decision: `putNowait` is checked one way, as in `PlainChannelTarget`.
 */
export type PatternChannelTarget<M> = AbcPatternChannel & {
  /** Takes each (channel, message) pair the connection delivers. */
  readonly putNowait: (data: PatternMessage<M>) => void;
};

/**
 * The arguments of `executePubsub()` after the command `C` on a connection of
 * encoding `E`: one target or more, whose channel objects take the messages
 * that connection delivers (strings with a codec, bytes without).
 */
export type PubsubTargets<C extends PubsubCommand = PubsubCommand, E extends Encoding = Encoding> = [
  PubsubTarget<C, BulkString<E>>,
  ...PubsubTarget<C, BulkString<E>>[],
];

/**
 * The kind of a pub/sub confirmation: the command it answers, in lower case.
 */
export type PubsubKind = 'subscribe' | 'psubscribe' | 'unsubscribe' | 'punsubscribe';

/**
 * The server's confirmation for one channel of a pub/sub command: the kind, the
 * channel name or pattern, and how many channels and patterns the connection is
 * subscribed to after it.
 */
export type PubsubConfirmation = readonly [kind: PubsubKind, channel: ChannelName, count: number];

/**
 * The subscribed channels (`P` is `false`) or patterns (`P` is `true`) of a
 * connection, each name mapped to the channel its messages `M` go to.
 * Read-only: it cannot be changed through this view (no `set`, `delete` or
 * `clear`; element assignment is refused under `noImplicitAny`), and an
 * implementation hands out a view that cannot be changed at run time either.
 *
 * Keyed by a string that maps the name's bytes losslessly: a text name is sent
 * as UTF-8, and a name's key is its UTF-8 bytes decoded with each byte of an
 * invalid sequence mapped to U+DC80–U+DCFF (Python's `surrogateescape`). So a
 * text name is its own key (a text name with lone surrogates is keyed as the
 * UTF-8 the server sees), names the server sees as the same bytes share one
 * key, and no two others do.
 *
 * Decision: a `Map` rather than an object, so that any name (`__proto__`
 * included) is a safe key.
 */
export type PubsubDictionary<P extends boolean = boolean, M = RawMessage> = ReadonlyMap<string, AbcChannel<P, M>>;


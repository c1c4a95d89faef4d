import type { AbcChannel, AbcPatternChannel, AbcPlainChannel, ChannelName } from './channel';

/**
 * A pub/sub command that `executePubsub()` takes, in upper or lower case.
 */
export type PubsubCommand =
  | 'SUBSCRIBE'
  | 'PSUBSCRIBE'
  | 'UNSUBSCRIBE'
  | 'PUNSUBSCRIBE'
  | 'subscribe'
  | 'psubscribe'
  | 'unsubscribe'
  | 'punsubscribe';

/**
 * The pub/sub commands about patterns, `PSUBSCRIBE` and `PUNSUBSCRIBE`, in
 * upper or lower case.
 */
export type PatternPubsubCommand = 'PSUBSCRIBE' | 'PUNSUBSCRIBE' | 'psubscribe' | 'punsubscribe';

/**
 * One argument of `executePubsub()`: a channel name (or pattern), or the channel
 * object that its messages go to. A channel object must be a pattern channel for
 * `PSUBSCRIBE` and `PUNSUBSCRIBE` and a plain one for the others.
 */
export type PubsubTarget<C extends PubsubCommand = PubsubCommand> =
  | ChannelName
  | (C extends PatternPubsubCommand ? AbcPatternChannel : AbcPlainChannel);

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
 * connection, each name mapped to the channel its messages go to. Read-only: it
 * cannot be changed through this view, and an implementation hands out a view
 * that cannot be changed at run time either.
 *
 * Keyed by the name as a string: a name given as bytes is keyed by its UTF-8
 * decoding. A `Map` rather than an object, so that any name (`__proto__`
 * included) is a safe key.
 */
export type PubsubDictionary<P extends boolean = boolean> = ReadonlyMap<string, AbcChannel<P>>;

import type { AbcChannel, AbcPatternChannel, AbcPlainChannel, ChannelName, PatternMessage, RawMessage } from './channel';
import type { BulkString, Encoding } from './reply';

/**
 * A pub/sub command that `executePubsub()` takes: `SUBSCRIBE`, `PSUBSCRIBE`,
 * `SSUBSCRIBE` or their `UN` forms, in upper or lower case or capitalized
 * (`'SUBSCRIBE'`, `'subscribe'`, `'Subscribe'`).
 *
 * Decision: only those three spellings are typed; any case runs, as in Python.
 */
export type PubsubCommand = PlainPubsubCommand | PatternPubsubCommand | ShardPubsubCommand;

/** `SUBSCRIBE` and `UNSUBSCRIBE`, as `PubsubCommand` spells them. */
export type PlainPubsubCommand = 'SUBSCRIBE' | 'UNSUBSCRIBE' | 'subscribe' | 'unsubscribe' | 'Subscribe' | 'Unsubscribe';

/** `PSUBSCRIBE` and `PUNSUBSCRIBE`, as `PubsubCommand` spells them. */
export type PatternPubsubCommand = 'PSUBSCRIBE' | 'PUNSUBSCRIBE' | 'psubscribe' | 'punsubscribe' | 'Psubscribe' | 'Punsubscribe';

/**
 * `SSUBSCRIBE` and `SUNSUBSCRIBE` (Redis 7), as `PubsubCommand` spells them. They take plain channels; `SPUBLISH` publishes.
 *
 * Decision: in `PubsubCommand`, not a new method: +0 instantiations.
 */
export type ShardPubsubCommand = 'SSUBSCRIBE' | 'SUNSUBSCRIBE' | 'ssubscribe' | 'sunsubscribe' | 'Ssubscribe' | 'Sunsubscribe';

/**
 * One argument of `executePubsub()` with command `C`: a name, or a channel
 * object that takes the connection's messages `M`. A channel object must be a
 * pattern channel for `PSUBSCRIBE` and `PUNSUBSCRIBE` and a plain one for the
 * others. A `C` that may be either kind takes names only.
 */
export type PubsubTarget<C extends PubsubCommand = PubsubCommand, M = RawMessage> = ChannelName | ChannelOfKind<M>[TargetKind<C>];

/**
 * The kind of channel object a command `C` takes: `plain`, `pattern`, `none`
 * for a `C` that may be either kind, `unchecked` for `any`.
 */
export type TargetKind<C extends PubsubCommand> = PubsubCommand extends C
  ? [C] extends [''] ? 'unchecked' : 'none'
  : [C] extends [PlainPubsubCommand | ShardPubsubCommand] ? 'plain' : [C] extends [PatternPubsubCommand] ? 'pattern' : 'none';

/**
 * The channel object a target may be, by the kind of its command.
 *
 * Decision: a lookup, cheaper than nested conditional types.
 */
export interface ChannelOfKind<M> {
  /** For `SUBSCRIBE`, `SSUBSCRIBE` and their `UN` forms. */
  readonly plain: PlainChannelTarget<M>;
  /** For `PSUBSCRIBE` and `PUNSUBSCRIBE`. */
  readonly pattern: PatternChannelTarget<M>;
  /** For a command of either kind. */
  readonly none: ChannelNamesOnly;
  /** For `any`, as in a class's generic `executePubsub`. */
  readonly unchecked: never;
}

/** The channel object a command of either kind takes: none, as the compiler says. */
export interface ChannelNamesOnly {
  /** No channel has it. */
  readonly isPattern: never;
}

/**
 * A plain channel whose `putNowait()` takes `M`.
 *
 * Decision: `putNowait` is a function type, checked one way under
 * `strictFunctionTypes`.
 */
export type PlainChannelTarget<M> = AbcPlainChannel & {
  /** Takes each message. */
  readonly putNowait: (data: M) => void;
};

/** As `PlainChannelTarget`, for a pattern channel and pairs of `M`. */
export type PatternChannelTarget<M> = AbcPatternChannel & {
  /** Takes each (channel, message) pair. */
  readonly putNowait: (data: PatternMessage<M>) => void;
};

/** `executePubsub()`'s arguments after the command `C`, for encoding `E`. */
export type PubsubTargets<C extends PubsubCommand = PubsubCommand, E extends Encoding = Encoding> = [
  PubsubTarget<C, BulkString<E>>,
  ...PubsubTarget<C, BulkString<E>>[],
];

/**
 * The kind of a pub/sub confirmation: the command it answers, in lower case.
 */
export type PubsubKind = 'subscribe' | 'psubscribe' | 'ssubscribe' | 'unsubscribe' | 'punsubscribe' | 'sunsubscribe';

/**
 * The server's confirmation for one channel of a pub/sub command: the kind, the
 * channel name or pattern, and how many channels and patterns the connection is
 * subscribed to after it. For `ssubscribe` and `sunsubscribe` it counts shard
 * channels only, which the other kinds leave out.
 */
export type PubsubConfirmation = readonly [kind: PubsubKind, channel: ChannelName, count: number];

/**
 * The subscribed channels (`P` is `false`) or patterns (`P` is `true`) of a
 * connection, each name mapped to the channel its messages `M` go to.
 * Read-only, in the type and at run time.
 *
 * Keyed by the name's UTF-8 bytes, decoded with each byte of an invalid
 * sequence mapped to U+DC80–U+DCFF (Python's `surrogateescape`). So a
 * well-formed text name is its own key, and two names share a key only when the
 * server sees the same bytes.
 */
export type PubsubDictionary<P extends boolean = boolean, M = RawMessage> = ReadonlyMap<string, AbcChannel<P, M>>;

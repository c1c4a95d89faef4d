// The channels a Cluster pool subscribes on its node connections, each relaying to one of the application's channels.
import type { AbcPatternChannel, AbcPlainChannel, ChannelName, PatternMessage, PubsubConfirmation, PubsubKind, RawMessage } from 'aioredis-abc';
import { keyOf } from './channel-keys.js';
import { isChannelName, type Target } from './pubsub-targets.js';
import { ReplyError } from './errors.js';
import type { ReusableConnection } from './pool-types.js';
import type { SubscribeKind, Subscriptions, UnsubscribeKind } from './subscriptions.js';

/** What a relay says when the node connection closes it: the reason, if any. */
export type RelayClosed = (reason: Error | undefined) => void;

/**
 * The channel the pool subscribes on a node connection for one of the
 * application's plain channels: it puts each message into that channel, one
 * call more than a direct subscription, and reports its own closing to the
 * pool instead of closing the application's channel. Reading it reads the
 * application's channel.
 */
export class PlainRelay implements AbcPlainChannel<RawMessage> {
  readonly isPattern = false;

  constructor(
    readonly name: ChannelName,
    readonly target: AbcPlainChannel<RawMessage>,
    readonly closed: RelayClosed,
  ) {}

  /** The application's channel's. */
  get isActive(): boolean {
    return this.target.isActive;
  }

  /** Reads the application's channel: nobody needs to, the pool reads neither. */
  get(): Promise<RawMessage>;
  get<R>(decoder: (message: RawMessage) => R): Promise<R>;
  get<R>(decoder?: (message: RawMessage) => R): Promise<RawMessage | R> {
    return decoder ? this.target.get(decoder) : this.target.get();
  }

  /** Puts the message into the application's channel; what it throws, the node connection sees, and drops the subscription. */
  putNowait(data: RawMessage): void {
    this.target.putNowait(data);
  }

  /** Reads the application's channel with `for await`: nobody needs to, as with `get()`. */
  [Symbol.asyncIterator](): AsyncIterator<RawMessage> {
    return this.target[Symbol.asyncIterator]();
  }

  /** Tells the pool, which decides what becomes of the application's channel. */
  close(error?: Error): void {
    this.closed(error);
  }
}

/** The relay of a pattern channel, as `PlainRelay` is of a plain one. */
export class PatternRelay implements AbcPatternChannel<RawMessage> {
  readonly isPattern = true;

  constructor(
    readonly name: ChannelName,
    readonly target: AbcPatternChannel<RawMessage>,
    readonly closed: RelayClosed,
  ) {}

  /** The application's channel's. */
  get isActive(): boolean {
    return this.target.isActive;
  }

  /** Reads the application's channel, as `PlainRelay.get()`. */
  get(): Promise<PatternMessage<RawMessage>>;
  get<R>(decoder: (message: RawMessage) => R): Promise<PatternMessage<RawMessage, R>>;
  get<R>(decoder?: (message: RawMessage) => R): Promise<PatternMessage<RawMessage> | PatternMessage<RawMessage, R>> {
    return decoder ? this.target.get(decoder) : this.target.get();
  }

  /** Puts the pair into the application's channel, as `PlainRelay.putNowait()`. */
  putNowait(data: PatternMessage<RawMessage>): void {
    this.target.putNowait(data);
  }

  /** Reads the application's channel with `for await`, as `PlainRelay`'s. */
  [Symbol.asyncIterator](): AsyncIterator<PatternMessage<RawMessage>> {
    return this.target[Symbol.asyncIterator]();
  }

  /** Tells the pool, as `PlainRelay.close()`. */
  close(error?: Error): void {
    this.closed(error);
  }
}

/** The name of a pub/sub target: the name itself, or the channel object's. */
export function nameOf(target: Target): ChannelName {
  return isChannelName(target) ? target : target.name;
}

/** The list as a tuple of at least one item, or `null` when it is empty. */
export function nonEmpty<T>(items: readonly T[]): [T, ...T[]] | null {
  const [first, ...rest] = items;
  return first === undefined ? null : [first, ...rest];
}

/** The command that takes back a subscription of each kind. */
export const undoing: Readonly<Record<SubscribeKind, UnsubscribeKind>> = { subscribe: 'unsubscribe', psubscribe: 'punsubscribe', ssubscribe: 'sunsubscribe' };

/** Whether a reply says the slot is another node's (`MOVED`): the slot map is old. */
export function moved(error: unknown): boolean {
  return error instanceof ReplyError && error.message.startsWith('MOVED ');
}

/** Whether a kind is one of shard channels, which live in the slot of their name. */
export function sharded(kind: PubsubKind): boolean {
  return kind === 'ssubscribe' || kind === 'sunsubscribe';
}

/**
 * The confirmations of a subscribing command as one connection would give
 * them, in the caller's order: the count starts at `before` and grows at the
 * first sight of each name not subscribed before (`fresh`).
 */
export function confirmations(kind: SubscribeKind, names: readonly ChannelName[], fresh: ReadonlySet<string>, before: number): PubsubConfirmation[] {
  const seen = new Set<string>();
  let count = before;
  return names.map((name): PubsubConfirmation => {
    const key = keyOf(name);
    if (fresh.has(key) && !seen.has(key)) {
      seen.add(key);
      count += 1;
    }
    return [kind, name, count];
  });
}

/**
 * Subscribes on `conn` a relay for the application's channel (pattern, shard
 * channel) of each name in `subscriptions`, each told by `closed` what to say
 * when the connection closes it. Names without a channel are skipped; the
 * connection keeps the relay it has for a name already subscribed.
 */
export async function subscribeRelays(
  conn: ReusableConnection,
  kind: SubscribeKind,
  names: readonly ChannelName[],
  subscriptions: Subscriptions,
  closed: (name: ChannelName, target: object) => RelayClosed,
): Promise<void> {
  if (kind === 'psubscribe') {
    const relays = nonEmpty(names.flatMap((name) => relayOf(subscriptions.patterns, name, (target) => new PatternRelay(name, target, closed(name, target)))));
    if (relays !== null) await conn.executePubsub('PSUBSCRIBE', ...relays);
    return;
  }
  const registry = kind === 'subscribe' ? subscriptions.channels : subscriptions.shards;
  const relays = nonEmpty(names.flatMap((name) => relayOf(registry, name, (target) => new PlainRelay(name, target, closed(name, target)))));
  if (relays === null) return;
  if (kind === 'subscribe') await conn.executePubsub('SUBSCRIBE', ...relays);
  else await conn.executePubsub('SSUBSCRIBE', ...relays);
}

/** The relay `make` gives for the application's channel of `name` in `registry`, or none when it has none. */
function relayOf<T, R>(registry: ReadonlyMap<string, T>, name: ChannelName, make: (target: T) => R): R[] {
  const target = registry.get(keyOf(name));
  return target === undefined ? [] : [make(target)];
}

/** Sends the command that unsubscribes `names` of `kind` on a node connection; nothing for no name. */
export async function unsubscribeOn(conn: ReusableConnection, kind: UnsubscribeKind, names: readonly ChannelName[]): Promise<void> {
  const sent = nonEmpty(names);
  if (sent === null) return;
  if (kind === 'unsubscribe') await conn.executePubsub('UNSUBSCRIBE', ...sent);
  else if (kind === 'punsubscribe') await conn.executePubsub('PUNSUBSCRIBE', ...sent);
  else await conn.executePubsub('SUNSUBSCRIBE', ...sent);
}

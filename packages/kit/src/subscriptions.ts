import type { AbcPatternChannel, AbcPlainChannel, ChannelName, PubsubConfirmation, PubsubKind, RawMessage } from 'aioredis-abc';
import { keyOf } from './channel-keys.js';
import { isChannelName, patternChannel, plainChannel, type Target } from './pubsub-targets.js';
import { PatternChannel, PlainChannel } from './channel.js';
import { ReadonlyMapView } from './readonly-map.js';

/** What `add()` did, and how to take it back when the server refuses the command. */
export interface Added {
  readonly confirmations: PubsubConfirmation[];
  undo(): void;
}

/** The kinds that subscribe. */
export type SubscribeKind = 'subscribe' | 'psubscribe' | 'ssubscribe';
/** The kinds that unsubscribe. */
export type UnsubscribeKind = 'unsubscribe' | 'punsubscribe' | 'sunsubscribe';

/**
 * A connection's pub/sub state: the channel of each subscribed name, pattern
 * and shard channel, keyed by `keyOf()`, and the read-only views the
 * connection hands out as `pubsubChannels`, `pubsubPatterns` and
 * `pubsubShardChannels`. Shard channels are a namespace of their own, as on
 * the server: a name may be both a channel and a shard channel.
 */
export class Subscriptions {
  readonly #channels = new Map<string, AbcPlainChannel<RawMessage>>();
  readonly #patterns = new Map<string, AbcPatternChannel<RawMessage>>();
  readonly #shards = new Map<string, AbcPlainChannel<RawMessage>>();
  readonly channels: ReadonlyMap<string, AbcPlainChannel<RawMessage>> = new ReadonlyMapView(this.#channels);
  readonly patterns: ReadonlyMap<string, AbcPatternChannel<RawMessage>> = new ReadonlyMapView(this.#patterns);
  readonly shards: ReadonlyMap<string, AbcPlainChannel<RawMessage>> = new ReadonlyMapView(this.#shards);
  /** The plain channel the last message was for, and a copy of its name's bytes: see `#plainChannelOf()`. */
  #recent: { readonly bytes: Buffer; readonly channel: AbcPlainChannel<RawMessage> } | null = null;

  /** How many channels, patterns and shard channels are subscribed: zero when the connection is not in pub/sub mode. */
  get count(): number {
    return this.#channels.size + this.#patterns.size + this.#shards.size;
  }

  /** The count the server confirms a command of `kind` with: shard channels alone for the shard kinds, channels and patterns for the others. */
  #confirmedCount(kind: PubsubKind): number {
    return kind === 'ssubscribe' || kind === 'sunsubscribe' ? this.#shards.size : this.#channels.size + this.#patterns.size;
  }

  /**
   * Adds a channel for each target not yet subscribed (a channel object given
   * is used itself), before the command is sent so that no message is missed,
   * and confirms each as the server will. The targets are checked already.
   */
  add(kind: SubscribeKind, targets: readonly Target[]): Added {
    this.#recent = null;
    const added: string[] = [];
    const confirmations = targets.map((target): PubsubConfirmation => {
      const name = isChannelName(target) ? target : target.name;
      const key = keyOf(name);
      if (kind === 'psubscribe') {
        if (!this.#patterns.has(key)) {
          this.#patterns.set(key, isChannelName(target) ? new PatternChannel<RawMessage>(name) : patternChannel<RawMessage>(target));
          added.push(key);
        }
      } else {
        const registry = kind === 'subscribe' ? this.#channels : this.#shards;
        if (!registry.has(key)) {
          registry.set(key, isChannelName(target) ? new PlainChannel<RawMessage>(name) : plainChannel<RawMessage>(target));
          added.push(key);
        }
      }
      return [kind, name, this.#confirmedCount(kind)];
    });
    const registry = this.#registry(kind);
    return {
      confirmations,
      undo: () => {
        this.#recent = null;
        added.forEach((key) => registry.delete(key));
      },
    };
  }

  /** Removes and closes the channel of each name, with `reason` if given, and confirms each as the server does. */
  remove(kind: UnsubscribeKind, names: readonly ChannelName[], reason?: Error): PubsubConfirmation[] {
    this.#recent = null;
    const registry = this.#registry(kind);
    return names.map((name) => {
      const key = keyOf(name);
      const channel = registry.get(key);
      registry.delete(key);
      if (channel) closeQuietly(channel, reason);
      return [kind, name, this.#confirmedCount(kind)];
    });
  }

  /**
   * Takes the shard channels of `names` out, still open, and returns them:
   * the server unsubscribed them on its own (their slot moved), and whoever
   * owns the connection decides what becomes of them.
   */
  takeShards(names: readonly ChannelName[]): AbcPlainChannel<RawMessage>[] {
    const taken: AbcPlainChannel<RawMessage>[] = [];
    for (const name of names) {
      const key = keyOf(name);
      const channel = this.#shards.get(key);
      if (channel === undefined) continue;
      this.#shards.delete(key);
      taken.push(channel);
    }
    return taken;
  }

  /** The map of the channels, patterns or shard channels that a command of `kind` changes. */
  #registry(kind: PubsubKind): Map<string, AbcPlainChannel<RawMessage>> | Map<string, AbcPatternChannel<RawMessage>> {
    if (kind === 'psubscribe' || kind === 'punsubscribe') return this.#patterns;
    return kind === 'ssubscribe' || kind === 'sunsubscribe' ? this.#shards : this.#channels;
  }

  /**
   * Puts `message`, decoded by `decode()`, into the channel of a plain
   * subscription, if there is one. Returns the error when the message cannot
   * be decoded or the channel's `putNowait()` throws, so that the connection
   * drops that channel; a channel can break nothing else.
   */
  deliver(channel: Buffer, message: Buffer, decode: (bytes: Buffer) => RawMessage): Error | undefined {
    const target = this.#plainChannelOf(channel);
    if (target === undefined) return undefined;
    try {
      target.putNowait(decode(message));
      return undefined;
    } catch (error) {
      return asError(error);
    }
  }

  /** Puts `message`, decoded by `decode()`, into the channel of a shard subscription, if there is one, like `deliver()`. */
  deliverShard(channel: Buffer, message: Buffer, decode: (bytes: Buffer) => RawMessage): Error | undefined {
    const target = this.#shards.get(keyOf(channel));
    if (target === undefined) return undefined;
    try {
      target.putNowait(decode(message));
      return undefined;
    } catch (error) {
      return asError(error);
    }
  }

  /** Puts the (channel, message) pair, each decoded by `decode()`, into the channel of a pattern subscription, like `deliver()`. */
  deliverPattern(pattern: ChannelName, channel: Buffer, message: Buffer, decode: (bytes: Buffer) => RawMessage): Error | undefined {
    const target = this.#patterns.get(keyOf(pattern));
    if (target === undefined) return undefined;
    try {
      target.putNowait([decode(channel), decode(message)]);
      return undefined;
    } catch (error) {
      return asError(error);
    }
  }

  /**
   * The channel subscribed by the name `bytes` spell, if any. Most messages
   * come for the channel the one before came for, so the last one found is
   * kept with a copy of its name's bytes, and found again by comparing them,
   * without decoding the name; any change to the subscriptions forgets it.
   */
  #plainChannelOf(bytes: Buffer): AbcPlainChannel<RawMessage> | undefined {
    const recent = this.#recent;
    if (recent !== null && sameBytes(recent.bytes, bytes)) return recent.channel;
    const channel = this.#channels.get(keyOf(bytes));
    if (channel !== undefined) this.#recent = { bytes: Buffer.from(bytes), channel };
    return channel;
  }

  /** Closes every channel with `reason` and forgets them: nothing is subscribed any more. */
  closeAll(reason: Error): void {
    this.#recent = null;
    const all = [...this.#channels.values(), ...this.#patterns.values(), ...this.#shards.values()];
    this.#channels.clear();
    this.#patterns.clear();
    this.#shards.clear();
    for (const channel of all) closeQuietly(channel, reason);
  }
}

/** What a decoder or a channel's `putNowait()` threw, as an `Error`. */
function asError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new Error(String(thrown));
}

/** Whether two byte strings are the same; for channel names, short enough that a loop beats a call into C++. */
function sameBytes(a: Buffer, b: Buffer): boolean {
  const length = a.length;
  if (length !== b.length) return false;
  for (let i = 0; i < length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

/** Closes a channel; a `close()` that throws breaks nothing else. */
function closeQuietly(channel: AbcPlainChannel<RawMessage> | AbcPatternChannel<RawMessage>, reason: Error | undefined): void {
  try {
    channel.close(reason);
  } catch {
    // The channel is forgotten either way: its own failure is its own.
  }
}

/** The kinds that remove subscriptions. */
export function isUnsubscribe(kind: PubsubKind): kind is UnsubscribeKind {
  return kind === 'unsubscribe' || kind === 'punsubscribe' || kind === 'sunsubscribe';
}

// A connection's pub/sub bookkeeping: its subscriptions, the messages it hands them, and the channels it drops or hands on.
import type { AbcPlainChannel, PubsubConfirmation, PubsubKind, RawMessage } from 'aioredis-abc';
import { isChannelName, type Target } from './pubsub-targets.js';
import { RedisError } from './errors.js';
import { isUnsubscribe, Subscriptions, type UnsubscribeKind } from './subscriptions.js';
import { toBuffer } from './wire.js';

/**
 * What becomes of shard channels the server unsubscribed on its own, as Redis
 * does when their slot moves to another master: they are out of the
 * connection's `pubsubShardChannels` and still open, for the handler to
 * subscribe elsewhere (on the slot's new master) or to close.
 */
export type ShardsMovedHandler = (channels: readonly AbcPlainChannel<RawMessage>[]) => void;

/** Sends a pub/sub command for the names, and settles once the server confirmed it. */
export type PubsubSender = (kind: PubsubKind, names: readonly (string | Buffer)[]) => Promise<void>;

/**
 * The pub/sub side of a `ClientConnection`: the channels it is subscribed to,
 * kept in step with the commands it sends (`apply()`) and the messages its
 * client receives. A channel whose message cannot be decoded, or whose
 * `putNowait()` throws, is closed with that error and unsubscribed.
 */
export class ConnectionPubsub {
  /** The channels, patterns and shard channels subscribed. */
  readonly subscriptions = new Subscriptions();
  /** What a pub/sub message's bytes become: text in the connection's encoding, or the bytes themselves. */
  readonly #decodeMessage: (bytes: Buffer) => string | Buffer;
  /** Sends a pub/sub command through the connection. */
  readonly #send: PubsubSender;
  /** Whether the connection is closed: a dropped channel is then not unsubscribed. */
  readonly #closed: () => boolean;
  /** The unsubscribing of the channels dropped because they threw, or could not decode a message. */
  #unsubscribing: Promise<void> = Promise.resolve();
  /** Who takes the shard channels the server unsubscribes on its own; `null`: they are closed. */
  #shardsMoved: ShardsMovedHandler | null = null;

  /** Nothing subscribed yet. */
  constructor(decodeMessage: (bytes: Buffer) => string | Buffer, send: PubsubSender, closed: () => boolean) {
    this.#decodeMessage = decodeMessage;
    this.#send = send;
    this.#closed = closed;
  }

  /**
   * Settles once the channels dropped so far are unsubscribed: a client that
   * keeps its own listeners per name (node-redis) must see that finish before
   * the same name is subscribed again.
   */
  get unsubscribing(): Promise<void> {
    return this.#unsubscribing;
  }

  /** Sends a pub/sub command of `kind` for checked targets, and confirms each as the server does; a refused subscribe is undone. */
  async apply(kind: PubsubKind, targets: readonly Target[]): Promise<PubsubConfirmation[]> {
    const names = targets.map((target) => (isChannelName(target) ? target : target.name));
    const wire = names.map((name) => (typeof name === 'string' ? name : toBuffer(name)));
    if (isUnsubscribe(kind)) {
      await this.#send(kind, wire);
      return this.subscriptions.remove(kind, names);
    }
    const added = this.subscriptions.add(kind, targets);
    try {
      await this.#send(kind, wire);
    } catch (error) {
      added.undo();
      throw error;
    }
    return added.confirmations;
  }

  /** A message of a plain subscription. */
  receive(channel: Buffer, message: Buffer): void {
    const failed = this.subscriptions.deliver(channel, message, this.#decodeMessage);
    if (failed) this.#drop('unsubscribe', channel, failed);
  }

  /** A message of a shard subscription (`smessage`). */
  receiveShard(channel: Buffer, message: Buffer): void {
    const failed = this.subscriptions.deliverShard(channel, message, this.#decodeMessage);
    if (failed) this.#drop('sunsubscribe', channel, failed);
  }

  /** A message of a pattern subscription. */
  receivePattern(pattern: string | Buffer, channel: Buffer, message: Buffer): void {
    const failed = this.subscriptions.deliverPattern(pattern, channel, message, this.#decodeMessage);
    if (failed) this.#drop('punsubscribe', pattern, failed);
  }

  /** Sets who takes the shard channels the server unsubscribes on its own; `null` goes back to closing them. */
  onShardsMoved(handler: ShardsMovedHandler | null): void {
    this.#shardsMoved = handler;
  }

  /** Shard channels the server unsubscribed on its own: to the handler of `onShardsMoved()`, or closed with a `RedisError` that says why. */
  shardsUnsubscribed(names: readonly (string | Buffer)[]): void {
    const channels = this.subscriptions.takeShards(names);
    if (channels.length === 0) return;
    const handler = this.#shardsMoved;
    if (handler !== null) {
      handler(channels);
      return;
    }
    const reason = new RedisError('the server unsubscribed the shard channel: its slot moved to another node');
    for (const channel of channels) channel.close(reason);
  }

  /**
   * Closes the channel of `name` with `error` and unsubscribes it; the
   * connection and its other channels carry on. The unsubscribing runs in the
   * background: when it fails, the connection is lost anyway and closes.
   */
  #drop(kind: UnsubscribeKind, name: string | Buffer, error: Error): void {
    this.subscriptions.remove(kind, [name], error);
    if (this.#closed()) return;
    const unsubscribed = this.#send(kind, [name]).catch(() => {});
    this.#unsubscribing = Promise.all([this.#unsubscribing, unsubscribed]).then(() => undefined);
  }
}

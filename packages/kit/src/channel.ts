// Plain and pattern channels, queues that any connection can put messages into.
import type { AbcChannel, ChannelName, MessageDecoder, PatternMessage, RawMessage } from 'aioredis-abc';
import { ChannelClosedError } from './errors.js';

/** A reader waiting for the next item: it takes the item, or hears that the queue closed. */
interface Waiter<T> {
  take(item: T): void;
  closed(reason: Error | undefined): void;
}

/** How many items taken a queue keeps at the start of its array before a new item cuts them off, when they are also half of it. */
const COMPACT_AFTER = 1024;

/**
 * A queue of items with waiting readers: what both channel classes share. The
 * items are an array read from a head index, so that taking one moves nothing;
 * the array is let go of once the queue is empty, and the items taken are cut
 * off before a new one is added once they are many.
 */
class Queue<T> {
  #items: T[] = [];
  #head = 0;
  readonly #waiters: Waiter<T>[] = [];
  #closed: { readonly reason: Error | undefined } | null = null;

  get isActive(): boolean {
    return this.#closed === null || this.#head < this.#items.length;
  }

  next(): Promise<T> {
    if (this.#head < this.#items.length) return Promise.resolve(this.#take());
    if (this.#closed) return Promise.reject(closedError(this.#closed.reason));
    return new Promise((resolve, reject) => {
      this.#waiters.push({ take: resolve, closed: (reason) => reject(closedError(reason)) });
    });
  }

  putNowait(item: T): void {
    if (this.#closed) return;
    if (this.#waiters.length > 0) {
      this.#waiters.shift()?.take(item);
      return;
    }
    if (this.#head >= COMPACT_AFTER && this.#head * 2 >= this.#items.length) {
      this.#items.splice(0, this.#head);
      this.#head = 0;
    }
    this.#items.push(item);
  }

  /**
   * An iterator over the items: each `next()` takes one, or waits for one;
   * done once closed and drained, or rejecting with the reason it was closed with.
   * An item already queued costs one settled promise and its result, nothing more.
   */
  iterator(): AsyncIterator<T, undefined> {
    return {
      next: (): Promise<IteratorResult<T, undefined>> => {
        if (this.#head < this.#items.length) return Promise.resolve({ value: this.#take(), done: false });
        if (this.#closed) return this.#closed.reason ? Promise.reject(this.#closed.reason) : Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve, reject) => {
          this.#waiters.push({
            take: (value) => resolve({ value, done: false }),
            closed: (reason) => (reason ? reject(reason) : resolve({ value: undefined, done: true })),
          });
        });
      },
    };
  }

  close(reason: Error | undefined): void {
    if (this.#closed) return;
    this.#closed = { reason };
    for (const waiter of this.#waiters.splice(0)) waiter.closed(reason);
  }

  /** The item at the head, which the caller has checked is there. */
  #take(): T {
    const items = this.#items;
    const item = items[this.#head] as T;
    this.#head += 1;
    if (this.#head === items.length) {
      this.#items = [];
      this.#head = 0;
    }
    return item;
  }
}

/** What a reader of a closed channel gets: a `ChannelClosedError`, whose cause is the reason the channel was closed with, if any. */
function closedError(reason: Error | undefined): ChannelClosedError {
  return reason ? new ChannelClosedError('the channel is closed', { cause: reason }) : new ChannelClosedError('the channel is closed');
}

/** A plain channel: `get()` resolves with the message. */
export class PlainChannel<M = RawMessage> implements AbcChannel<false, M> {
  readonly isPattern = false;
  readonly #queue = new Queue<M>();

  constructor(readonly name: ChannelName) {}

  get isActive(): boolean {
    return this.#queue.isActive;
  }

  get(): Promise<M>;
  get<R>(decoder: MessageDecoder<M, R>): Promise<R>;
  get<R>(decoder?: MessageDecoder<M, R>): Promise<M | R> {
    const next = this.#queue.next();
    return decoder ? next.then(decoder) : next;
  }

  putNowait(data: M): void {
    this.#queue.putNowait(data);
  }

  /** Reads the messages with `for await`: the loop ends when the channel is closed and drained, and throws the error it was closed with. */
  [Symbol.asyncIterator](): AsyncIterator<M, undefined> {
    return this.#queue.iterator();
  }

  close(error?: Error): void {
    this.#queue.close(error);
  }
}

/** A pattern channel: `get()` resolves with the (channel, message) pair. */
export class PatternChannel<M = RawMessage> implements AbcChannel<true, M> {
  readonly isPattern = true;
  readonly #queue = new Queue<PatternMessage<M>>();

  constructor(readonly name: ChannelName) {}

  get isActive(): boolean {
    return this.#queue.isActive;
  }

  get(): Promise<PatternMessage<M>>;
  get<R>(decoder: MessageDecoder<M, R>): Promise<PatternMessage<M, R>>;
  get<R>(decoder?: MessageDecoder<M, R>): Promise<PatternMessage<M> | PatternMessage<M, R>> {
    const next = this.#queue.next();
    return decoder ? next.then(([channel, message]): PatternMessage<M, R> => [channel, decoder(message)]) : next;
  }

  putNowait(data: PatternMessage<M>): void {
    this.#queue.putNowait(data);
  }

  /** Reads the (channel, message) pairs with `for await`, as a plain channel's loop does. */
  [Symbol.asyncIterator](): AsyncIterator<PatternMessage<M>, undefined> {
    return this.#queue.iterator();
  }

  close(error?: Error): void {
    this.#queue.close(error);
  }
}

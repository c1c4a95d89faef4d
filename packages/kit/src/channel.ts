// Plain and pattern channels, queues that any connection can put messages into.
import type { AbcChannel, ChannelName, MessageDecoder, PatternMessage, RawMessage } from 'aioredis-abc';
import { ChannelClosedError } from './errors.js';

interface Waiter<T> {
  resolve(value: T): void;
  reject(error: Error): void;
}

/** A queue of items with waiting readers: what both channel classes share. */
class Queue<T> {
  readonly #items: T[] = [];
  readonly #waiters: Waiter<T>[] = [];
  #closed: { readonly reason: Error | undefined } | null = null;

  get isActive(): boolean {
    return this.#closed === null || this.#items.length > 0;
  }

  next(): Promise<T> {
    const item = this.#items.shift();
    if (item !== undefined) return Promise.resolve(item);
    if (this.#closed) return Promise.reject(this.#error(this.#closed.reason));
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }

  putNowait(item: T): void {
    if (this.#closed) return;
    const waiter = this.#waiters.shift();
    if (waiter) waiter.resolve(item);
    else this.#items.push(item);
  }

  /**
   * An iterator over the items: each `next()` takes one, or waits for one;
   * done once closed and drained, or rejecting with the reason it was closed with.
   */
  iterator(): AsyncIterator<T, undefined> {
    return {
      next: (): Promise<IteratorResult<T, undefined>> => {
        const item = this.#items.shift();
        if (item !== undefined) return Promise.resolve({ value: item, done: false });
        if (this.#closed) return this.#closed.reason ? Promise.reject(this.#closed.reason) : Promise.resolve({ value: undefined, done: true });
        return new Promise<T>((resolve, reject) => this.#waiters.push({ resolve, reject })).then(
          (value): IteratorResult<T, undefined> => ({ value, done: false }),
          (error: unknown): IteratorResult<T, undefined> => {
            if (this.#closed?.reason) throw this.#closed.reason;
            if (this.#closed) return { value: undefined, done: true };
            throw error;
          },
        );
      },
    };
  }

  close(reason: Error | undefined): void {
    if (this.#closed) return;
    this.#closed = { reason };
    for (const waiter of this.#waiters.splice(0)) waiter.reject(this.#error(reason));
  }

  #error(reason: Error | undefined): ChannelClosedError {
    return reason ? new ChannelClosedError('the channel is closed', { cause: reason }) : new ChannelClosedError('the channel is closed');
  }
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

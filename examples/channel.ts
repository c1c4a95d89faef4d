// examples/channel.ts: a plain channel, the queue a connection puts messages into and readers wait on.
import type { AbcChannel, ChannelClosedError, ChannelName, RawMessage } from 'aioredis-abc';

class ClosedError extends Error implements ChannelClosedError {
  override readonly name = 'ChannelClosedError';
}

export class QueueChannel<M = RawMessage> implements AbcChannel<false, M> {
  readonly isPattern = false;
  readonly #items: { readonly message: M }[] = [];
  readonly #readers: { resolve(message: M): void; reject(error: Error): void }[] = [];
  #closed = false;

  constructor(readonly name: ChannelName) {}

  get isActive(): boolean {
    return !this.#closed || this.#items.length > 0;
  }

  get(): Promise<M>;
  get<R>(decoder: (message: M) => R): Promise<R>;
  async get<R>(decoder?: (message: M) => R): Promise<M | R> {
    const item = this.#items.shift();
    if (!item && this.#closed) throw new ClosedError('the channel is closed');
    const message = item ? item.message : await new Promise<M>((resolve, reject) => this.#readers.push({ resolve, reject }));
    return decoder ? decoder(message) : message;
  }

  putNowait(data: M): void {
    if (this.#closed) return;
    const reader = this.#readers.shift();
    if (reader) reader.resolve(data);
    else this.#items.push({ message: data });
  }

  [Symbol.asyncIterator](): AsyncIterator<M> {
    const ended = (error: unknown) => (error instanceof ClosedError ? { value: undefined, done: true as const } : Promise.reject(error));
    return { next: () => this.get().then((value) => ({ value, done: false as const }), ended) };
  }

  close(): void {
    this.#closed = true;
    for (const reader of this.#readers.splice(0)) reader.reject(new ClosedError('the channel is closed'));
  }
}

// examples/memory/pool.ts: an in-memory pool of MemoryConnections.
import type { AbcChannel, AbcPool, CommandName, Encoding, ExecuteArgs, PubsubCommand, PubsubConfirmation, PubsubTarget, Reply } from 'aioredis-abc';
import { MemoryConnection } from './connection.js';

/** A pool of `MemoryConnection`s that hands out its own connection type. */
export class MemoryPool<E extends Encoding = 'utf-8'> implements AbcPool<MemoryConnection<E>> {
  readonly address = null;
  readonly #free: MemoryConnection<E>[] = [];
  readonly #used = new Set<MemoryConnection<E>>();
  readonly #pubsub: MemoryConnection<E>;

  constructor(readonly encoding: E) {
    this.#pubsub = new MemoryConnection(encoding);
  }

  get db(): number {
    return 0;
  }

  get closed(): boolean {
    return this.#pubsub.closed;
  }

  get inPubsub(): number {
    return this.#pubsub.inPubsub;
  }

  get pubsubChannels(): ReadonlyMap<string, AbcChannel<false>> {
    return this.#pubsub.pubsubChannels;
  }

  get pubsubPatterns(): ReadonlyMap<string, AbcChannel<true>> {
    return this.#pubsub.pubsubPatterns;
  }

  async acquire(): Promise<MemoryConnection<E>> {
    if (this.closed) throw new Error('pool is closed');
    const conn = this.#free.pop() ?? new MemoryConnection(this.encoding);
    this.#used.add(conn);
    return conn;
  }

  getConnection(): MemoryConnection<E> | null {
    const conn = this.#free.pop();
    if (conn === undefined) return null;
    this.#used.add(conn);
    return conn;
  }

  release(conn: MemoryConnection<E>): void {
    if (!this.#used.delete(conn)) throw new Error('connection was not acquired from this pool');
    if (conn.closed || conn.db !== 0 || conn.inPubsub > 0) conn.close();
    else this.#free.push(conn);
  }

  execute<O extends Encoding = E>(command: CommandName, ...args: ExecuteArgs<O>): Promise<Reply<O>>;
  async execute(command: CommandName, ...args: ExecuteArgs): Promise<Reply> {
    const conn = await this.acquire();
    try {
      return await conn.execute(command, ...args);
    } finally {
      this.release(conn);
    }
  }

  executePubsub(command: PubsubCommand, ...channels: [PubsubTarget, ...PubsubTarget[]]): Promise<PubsubConfirmation[]> {
    return this.#pubsub.executePubsub(command, ...channels);
  }

  close(): void {
    this.#pubsub.close();
    for (const conn of this.#free.splice(0)) conn.close();
  }

  async waitClosed(): Promise<void> {
    await this.#pubsub.waitClosed();
  }
}

// examples/pool.ts: a pool of fake connections for unit tests: it lends them out and takes back only its own.
import type { AbcPool } from 'aioredis-abc';
import { FakeConnection } from './fake-connection.js';

export class FakePool extends FakeConnection implements AbcPool<FakeConnection> {
  readonly #free: FakeConnection[] = [];
  readonly #lent = new Set<FakeConnection>();

  async acquire(): Promise<FakeConnection> {
    return this.getConnection() ?? this.#lend(new FakeConnection(this.replies));
  }

  getConnection(): FakeConnection | null {
    const conn = this.#free.pop();
    return conn ? this.#lend(conn) : null;
  }

  release(conn: FakeConnection): void {
    if (!this.#lent.delete(conn)) throw new Error('release: this connection was not acquired from this pool');
    this.#free.push(conn);
  }

  #lend(conn: FakeConnection): FakeConnection {
    this.#lent.add(conn);
    return conn;
  }
}

import type { Encoding } from 'aioredis-abc';
import { checkMaxsize, ConnectionPool, defaultTimeout } from 'aioredis-abc-kit';
import { MemoryConnection } from './connection.js';

/** Where and how an in-memory connection opens. */
export interface MemoryConnectOptions<E extends Encoding> {
  /** The codec replies and messages are decoded with (a Node `BufferEncoding`), or `null` for bytes. */
  readonly encoding: E;
  /** The database to select: 0 by default, 0 to 15. */
  readonly db?: number;
}

/** How an in-memory pool opens its connections, and how many at most (10 by default). */
export interface MemoryPoolOptions<E extends Encoding> extends MemoryConnectOptions<E> {
  readonly maxsize?: number;
}

/** A pool of in-memory connections, as `MemoryServer.createPool()` makes it. */
export type MemoryPool<E extends Encoding = 'utf-8'> = ConnectionPool<MemoryConnection<E>>;

/** How many databases a server has, as Redis's default `databases 16`. */
export const databases = 16;

/**
 * The shared state of in-memory connections, as one Redis server would hold
 * it: sixteen databases of string values, and the pub/sub broker that
 * `PUBLISH` on one connection delivers through to the subscribers on the others.
 */
export class MemoryServer {
  readonly #databases = Array.from({ length: databases }, () => new Map<string, Buffer>());
  readonly #connections = new Set<MemoryConnection<Encoding>>();

  /** Opens a connection to this server. */
  async connect<E extends Encoding>(options: MemoryConnectOptions<E>): Promise<MemoryConnection<E>> {
    const conn = new MemoryConnection(this, options);
    this.#connections.add(conn);
    return conn;
  }

  /** A pool of connections to this server. */
  createPool<E extends Encoding>(options: MemoryPoolOptions<E>): MemoryPool<E> {
    const { maxsize, ...connection } = options;
    const db = connection.db ?? 0;
    MemoryConnection.checkDb(db);
    return new ConnectionPool({ create: () => this.connect(connection), maxsize: checkMaxsize(maxsize), acquireTimeout: defaultTimeout, address: null, encoding: options.encoding, db });
  }

  /** The keys and values of database `db`. */
  database(db: number): Map<string, Buffer> {
    const database = this.#databases[db];
    if (database === undefined) throw new RangeError(`no database ${db}`);
    return database;
  }

  /** Delivers a message to every subscriber of the channel, by name and by pattern; resolves with how many got it. */
  publish(channel: Buffer, message: Buffer): number {
    let receivers = 0;
    for (const conn of this.#connections) receivers += conn.deliver(channel, message);
    return receivers;
  }

  /** Forgets a closed connection. */
  disconnect(conn: MemoryConnection<Encoding>): void {
    this.#connections.delete(conn);
  }
}

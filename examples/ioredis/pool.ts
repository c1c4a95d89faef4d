// examples/ioredis/pool.ts: AbcPool of IoredisConnections.
import type { AbcPool, Encoding } from 'aioredis-abc';
import { checkOptions, type ConnectOptions } from '../client-connection.js';
import { ConnectionPool } from '../pool.js';
import { IoredisConnection } from './connection.js';

/** Where to connect, and how many connections to keep open at most (10 by default). */
export interface IoredisPoolOptions<E extends Encoding> extends ConnectOptions<E> {
  readonly maxsize?: number;
}

/** A pool of IoredisConnections, all to one server. */
export class IoredisPool<E extends Encoding> extends ConnectionPool<IoredisConnection<E>> implements AbcPool<IoredisConnection<E>> {
  constructor(options: IoredisPoolOptions<E>) {
    super({
      create: () => IoredisConnection.connect(options),
      maxsize: options.maxsize ?? 10,
      address: checkOptions(options),
      encoding: options.encoding,
      db: options.db ?? 0,
    });
  }
}

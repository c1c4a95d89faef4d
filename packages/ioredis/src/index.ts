import type { Encoding } from 'aioredis-abc';
import type { ConnectOptions, ServerPoolOptions } from 'aioredis-abc-kit';
import { IoredisConnection } from './connection.js';
import { IoredisPool } from './pool.js';

export { IoredisConnection, IoredisPool };
export type { ConnectOptions, ServerPoolOptions };

/** Opens a connection and resolves once the server answers; rejects with the reason when it cannot. */
export function connect<E extends Encoding>(options: ConnectOptions<E>): Promise<IoredisConnection<E>> {
  return IoredisConnection.connect(options);
}

/** A pool of connections to one server; it opens them as they are needed. */
export function createPool<E extends Encoding>(options: ServerPoolOptions<E>): IoredisPool<E> {
  return new IoredisPool(options);
}

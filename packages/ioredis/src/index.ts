import type { Encoding } from 'aioredis-abc';
import { ConnectionPool, poolSettings, type ConnectOptions, type ServerPoolOptions } from 'aioredis-abc-kit';
import { IoredisConnection } from './connection.js';

export { IoredisConnection };
export type { ConnectOptions, ServerPoolOptions };

/** A pool of IoredisConnections, all to one server: the kit's `ConnectionPool`. */
export type IoredisPool<E extends Encoding> = ConnectionPool<IoredisConnection<E>>;

/** Opens a connection and resolves once the server answers; rejects with an error of the contract's shapes when it cannot. */
export function connect<E extends Encoding>(options: ConnectOptions<E>): Promise<IoredisConnection<E>> {
  return IoredisConnection.connect(options);
}

/** A pool of connections to one server; it opens them as they are needed. */
export function createPool<E extends Encoding>(options: ServerPoolOptions<E>): IoredisPool<E> {
  const { connection, ...settings } = poolSettings(options);
  return new ConnectionPool({ create: () => IoredisConnection.connect(connection), ...settings });
}

import type { Encoding } from 'aioredis-abc';
import { ConnectionPool, poolSettings, type ConnectOptions, type ServerPoolOptions } from 'aioredis-abc-kit';
import { NodeRedisConnection } from './connection.js';

export { NodeRedisConnection };
export type { ConnectOptions, ServerPoolOptions };

/** A pool of NodeRedisConnections, all to one server: the kit's `ConnectionPool`. */
export type NodeRedisPool<E extends Encoding> = ConnectionPool<NodeRedisConnection<E>>;

/** Opens a connection and resolves once the server answers; rejects with an error of the contract's shapes when it cannot. */
export function connect<E extends Encoding>(options: ConnectOptions<E>): Promise<NodeRedisConnection<E>> {
  return NodeRedisConnection.connect(options);
}

/** A pool of connections to one server; it opens them as they are needed. */
export function createPool<E extends Encoding>(options: ServerPoolOptions<E>): NodeRedisPool<E> {
  const { connection, ...settings } = poolSettings(options);
  return new ConnectionPool({ create: () => NodeRedisConnection.connect(connection), ...settings });
}

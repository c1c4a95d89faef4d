import type { Encoding } from 'aioredis-abc';
import type { ConnectOptions, ServerPoolOptions } from 'aioredis-abc-kit';
import { NodeRedisConnection } from './connection.js';
import { NodeRedisPool } from './pool.js';

export { NodeRedisConnection, NodeRedisPool };
export type { ConnectOptions, ServerPoolOptions };

/** Opens a connection and resolves once the server answers; rejects with the reason when it cannot. */
export function connect<E extends Encoding>(options: ConnectOptions<E>): Promise<NodeRedisConnection<E>> {
  return NodeRedisConnection.connect(options);
}

/** A pool of connections to one server; it opens them as they are needed. */
export function createPool<E extends Encoding>(options: ServerPoolOptions<E>): NodeRedisPool<E> {
  return new NodeRedisPool(options);
}

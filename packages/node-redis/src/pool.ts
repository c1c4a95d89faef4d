// AbcPool of NodeRedisConnections.
import type { AbcPool, Encoding } from 'aioredis-abc';
import { checkOptions, type ServerPoolOptions } from 'aioredis-abc-kit';
import { ConnectionPool } from 'aioredis-abc-kit';
import { NodeRedisConnection } from './connection.js';

/** A pool of NodeRedisConnections, all to one server. */
export class NodeRedisPool<E extends Encoding> extends ConnectionPool<NodeRedisConnection<E>> implements AbcPool<NodeRedisConnection<E>> {
  constructor(options: ServerPoolOptions<E>) {
    super({
      create: () => NodeRedisConnection.connect(options),
      maxsize: options.maxsize ?? 10,
      address: checkOptions(options),
      encoding: options.encoding,
      db: options.db ?? 0,
    });
  }
}

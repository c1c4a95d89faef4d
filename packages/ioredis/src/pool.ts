// AbcPool of IoredisConnections.
import type { AbcPool, Encoding } from 'aioredis-abc';
import { checkOptions, type ServerPoolOptions } from 'aioredis-abc-kit';
import { ConnectionPool } from 'aioredis-abc-kit';
import { IoredisConnection } from './connection.js';

/** A pool of IoredisConnections, all to one server. */
export class IoredisPool<E extends Encoding> extends ConnectionPool<IoredisConnection<E>> implements AbcPool<IoredisConnection<E>> {
  constructor(options: ServerPoolOptions<E>) {
    super({
      create: () => IoredisConnection.connect(options),
      maxsize: options.maxsize ?? 10,
      address: checkOptions(options),
      encoding: options.encoding,
      db: options.db ?? 0,
    });
  }
}

// examples/memory/pool.ts: an in-memory pool of MemoryConnections.
import type { AbcPool, Encoding } from 'aioredis-abc';
import { ConnectionPool } from 'aioredis-abc-kit';
import { MemoryConnection } from './connection.js';

/** A pool of `MemoryConnection`s that hands out its own connection type. */
export class MemoryPool<E extends Encoding = 'utf-8'> extends ConnectionPool<MemoryConnection<E>> implements AbcPool<MemoryConnection<E>> {
  constructor(encoding: E, maxsize = 10) {
    super({ create: async () => new MemoryConnection(encoding), maxsize, address: null, encoding, db: 0 });
  }
}

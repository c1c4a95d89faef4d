// examples/cluster.ts: a Redis Cluster through either adapter: each command goes to the master of its key's slot.
import type { AbcConnection, AbcPool } from 'aioredis-abc';
import { createClusterPool as overIoredis } from 'aioredis-abc-ioredis';
import { createClusterPool as overNodeRedis } from 'aioredis-abc-node-redis';

// host:port of one or more nodes of the cluster, comma-separated: the pool reads the slot map from them.
const nodes = (process.env['CLUSTER_NODES'] ?? '127.0.0.1:7000').split(',').map((entry) => {
  const [host = '127.0.0.1', port = '7000'] = entry.split(':');
  return [host, Number(port)] as const;
});

// Keys that share a hash tag, {cart:42}, are in one slot: a multi-key command or a transaction on them works.
async function fill<C extends AbcConnection<string>>(pool: AbcPool<C>, owner: string): Promise<void> {
  await pool.execute('MSET', '{cart:42}:items', '3', '{cart:42}:owner', owner);
  const conn = await pool.acquire('INCR', '{cart:42}:items');
  try {
    await conn.execute('MULTI');
    await conn.execute('INCR', '{cart:42}:items');
    await conn.execute('GET', '{cart:42}:owner');
    console.log(await conn.execute('EXEC'));
  } finally {
    pool.release(conn);
    pool.close();
    await pool.waitClosed();
  }
}

await fill(overIoredis({ nodes, encoding: 'utf-8' }), 'ioredis');
await fill(overNodeRedis({ nodes, encoding: 'utf-8' }), 'node-redis');

// examples/wrap.ts: a client the application already has, through either adapter: wrap() makes a connection over it, createPool({ client }) a pool of copies.
import { createPool as ioredisPool, wrap as wrapIoredis } from 'aioredis-abc-ioredis';
import { createPool as nodeRedisPool, wrap as wrapNodeRedis } from 'aioredis-abc-node-redis';
import { Redis } from 'ioredis';
import { createClient } from 'redis';

const host = '127.0.0.1';
const port = Number(process.env['REDIS_PORT'] ?? 6379);

// ioredis connects as soon as the client is made: wrap() waits for it.
const ioredis = new Redis({ host, port, protocol: 2, enableOfflineQueue: false, retryStrategy: () => null });
const viaIoredis = ioredisPool({ client: ioredis, encoding: 'utf-8', maxsize: 4 });
await viaIoredis.execute('HSET', 'profile:wrap', 'ioredis', 'pool');
const ioredisConnection = await wrapIoredis(ioredis, { encoding: 'utf-8' });
console.log(await ioredisConnection.execute('HGETALL', 'profile:wrap'));

// node-redis connects on connect(): wrap() calls it when nobody has.
const nodeRedis = createClient({ RESP: 2, disableOfflineQueue: true, socket: { host, port, reconnectStrategy: false } });
const viaNodeRedis = nodeRedisPool({ client: nodeRedis, encoding: 'utf-8', maxsize: 4 });
await viaNodeRedis.execute('HSET', 'profile:wrap', 'node-redis', 'pool');
const nodeRedisConnection = await wrapNodeRedis(nodeRedis, { encoding: 'utf-8' });
console.log(await nodeRedisConnection.execute('HGETALL', 'profile:wrap'));

// A wrapped connection owns its client: closing it closes the client.
for (const closing of [viaIoredis, ioredisConnection, viaNodeRedis, nodeRedisConnection]) {
  closing.close();
  await closing.waitClosed();
}

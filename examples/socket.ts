// examples/socket.ts: the quick start of aioredis-abc-socket: the contract's own connection, no client library under it.
import type { AbcConnection } from 'aioredis-abc';
import { connect, createPool } from 'aioredis-abc-socket';

async function visit(conn: AbcConnection<string>, page: string): Promise<string> {
  const count = await conn.execute('INCR', `visits:${page}`);
  return `${page} has ${String(count)} visit(s)`;
}

const port = Number(process.env['REDIS_PORT'] ?? 6379);
const pool = createPool({ host: '127.0.0.1', port, encoding: 'utf-8', maxsize: 4 });
console.log(await visit(pool, '/socket'));
pool.close();
await pool.waitClosed();

const conn = await connect({ host: '127.0.0.1', port, encoding: 'utf-8' });
await conn.executePubsub('SUBSCRIBE', 'news');
const news = conn.pubsubChannels.get('news');
if (news === undefined) throw new Error('not subscribed');
const publisher = await connect({ host: '127.0.0.1', port, encoding: 'utf-8' });
await publisher.execute('PUBLISH', 'news', 'hello');
console.log(`news: ${String(await news.get())}`);
for (const each of [conn, publisher]) each.close();
await Promise.all([conn.waitClosed(), publisher.waitClosed()]);

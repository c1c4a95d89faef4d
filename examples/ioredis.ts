// examples/ioredis.ts: the quick start of aioredis-abc-ioredis: a pool over ioredis, used through the contract.
import type { AbcConnection } from 'aioredis-abc';
import { createPool } from 'aioredis-abc-ioredis';

async function visit(conn: AbcConnection<string>, page: string): Promise<string> {
  const count = await conn.execute('INCR', `visits:${page}`);
  return `${page} has ${String(count)} visit(s)`;
}

const pool = createPool({ host: '127.0.0.1', port: Number(process.env['REDIS_PORT'] ?? 6379), encoding: 'utf-8', maxsize: 4 });
console.log(await visit(pool, '/home'));
pool.close();
await pool.waitClosed();

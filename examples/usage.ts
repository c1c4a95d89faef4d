// examples/ioredis/usage.ts: a pool of ioredis connections, used through the contract.
import { cache } from '../cache.js';
import { IoredisPool } from './pool.js';

export async function greeting(port: number): Promise<string> {
  const pool = new IoredisPool({ host: '127.0.0.1', port, encoding: 'utf-8', maxsize: 4 });
  try {
    return await cache(pool, 'greeting', async () => 'hello');
  } finally {
    pool.close();
    await pool.waitClosed();
  }
}

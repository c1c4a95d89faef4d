// examples/cache.ts: code that takes any connection with an encoding: a client's adapter, a pool or a test double.
import type { AbcConnection } from 'aioredis-abc';

export async function cache(conn: AbcConnection<string>, key: string, load: () => Promise<string>): Promise<string> {
  const hit = await conn.execute('GET', key);
  if (typeof hit === 'string') return hit;
  const value = await load();
  await conn.execute('SET', key, value, 'EX', 60);
  return value;
}

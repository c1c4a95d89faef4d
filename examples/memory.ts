// examples/memory.ts: the quick start of aioredis-abc-memory: code written against the contract, tested without a server.
import assert from 'node:assert/strict';
import type { AbcConnection } from 'aioredis-abc';
import { MemoryServer } from 'aioredis-abc-memory';

async function remember(conn: AbcConnection<string>, key: string, value: string): Promise<string | null> {
  await conn.execute('SET', key, value);
  const stored = await conn.execute('GET', key);
  return typeof stored === 'string' ? stored : null;
}

const conn = await new MemoryServer().connect({ encoding: 'utf-8' });
assert.equal(await remember(conn, 'colour', 'green'), 'green');
conn.close();
console.log('remembered');

// packages/memory/test/wrong-answers.test.mjs: the three wrong answers of issue 16, each the answer Redis gives now.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryServer } from 'aioredis-abc-memory';

test('SET NX on an existing key resolves with null and keeps the value, as Redis does (a lock is not stolen)', async () => {
  const conn = await new MemoryServer().connect({ encoding: 'utf-8' });
  assert.equal(await conn.execute('SET', 'lock', 'a', 'NX'), 'OK');
  assert.equal(await conn.execute('SET', 'lock', 'b', 'NX'), null);
  assert.equal(await conn.execute('GET', 'lock'), 'a');
  conn.close();
});

test('SET GET resolves with the old value, and EX gives the key a TTL', async () => {
  const conn = await new MemoryServer().connect({ encoding: 'utf-8' });
  assert.equal(await conn.execute('SET', 'k', 'old'), 'OK');
  assert.equal(await conn.execute('SET', 'k', 'new', 'GET', 'EX', 60), 'old');
  assert.equal(await conn.execute('GET', 'k'), 'new');
  assert.equal(await conn.execute('TTL', 'k'), 60);
  conn.close();
});

test("createPool({ encoding: 'utf-9' }) throws a TypeError, as the adapters do, and connect() rejects with one", async () => {
  const server = new MemoryServer();
  assert.throws(() => server.createPool({ encoding: 'utf-9' }), TypeError);
  await assert.rejects(server.connect({ encoding: 'utf-9' }), TypeError);
});

// packages/memory/test/clock.example.test.mjs: expiry by a clock the test moves.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryServer } from 'aioredis-abc-memory';

test('a session expires once the clock is past its time', async () => {
  let now = Date.parse('2030-01-01T00:00:00Z');
  const server = new MemoryServer({ clock: { now: () => now } });
  const conn = await server.connect({ encoding: 'utf-8' });
  await conn.execute('SET', 'session', 'alice', 'PX', 100);
  now += 100;
  assert.equal(await conn.execute('GET', 'session'), 'alice');
  now += 1;
  assert.equal(await conn.execute('GET', 'session'), null);
  conn.close();
});

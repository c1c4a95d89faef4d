// packages/memory/test/options.test.mjs: options the double cannot honour are refused when the connection, pool or server is made.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ReplyError } from 'aioredis-abc-kit';
import { MemoryServer } from 'aioredis-abc-memory';

test('an option the double does not take is a TypeError that names it', async () => {
  const server = new MemoryServer();
  await assert.rejects(server.connect({ encoding: 'utf-8', password: 'secret' }), { name: 'TypeError', message: /'password'/ });
  assert.throws(() => server.createPool({ encoding: 'utf-8', host: 'redis.example' }), { name: 'TypeError', message: /'host'/ });
  assert.throws(() => new MemoryServer({ clok: { now: () => 0 } }), { name: 'TypeError', message: /'clok'/ });
  assert.throws(() => new MemoryServer({ scriptTimeout: 0 }), { name: 'TypeError', message: /scriptTimeout/ });
});

test('a db past 15 rejects with the ReplyError a server gives; a negative or fractional one is a TypeError', async () => {
  const server = new MemoryServer();
  const refused = await server.connect({ encoding: 'utf-8', db: 16 }).then(
    () => assert.fail('db 16 was accepted'),
    (error) => error,
  );
  assert.ok(refused instanceof ReplyError);
  assert.equal(refused.message, 'ERR DB index is out of range');
  await assert.rejects(server.connect({ encoding: 'utf-8', db: -1 }), TypeError);
  await assert.rejects(server.connect({ encoding: 'utf-8', db: 1.5 }), TypeError);
  assert.throws(() => server.createPool({ encoding: 'utf-8', db: -1 }), TypeError);
  const pool = server.createPool({ encoding: 'utf-8', db: 16 });
  await assert.rejects(pool.execute('PING'), { name: 'ReplyError', message: 'ERR DB index is out of range' });
  pool.close();
  await pool.waitClosed();
});

test('db 15 is the last database, and each is separate', async () => {
  const server = new MemoryServer();
  const last = await server.connect({ encoding: 'utf-8', db: 15 });
  const first = await server.connect({ encoding: 'utf-8' });
  await last.execute('SET', 'k', 'in 15');
  assert.equal(await first.execute('GET', 'k'), null);
  assert.equal(await first.execute('SELECT', 15), 'OK');
  assert.equal(await first.execute('GET', 'k'), 'in 15');
  await assert.rejects(first.execute('SELECT', 16), { name: 'ReplyError', message: 'ERR DB index is out of range' });
  last.close();
  first.close();
});

// packages/memory/test/real-server.test.mjs: an application test on a real redis-server of its own, started before and stopped after.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startRedisServer } from 'aioredis-abc-conformance';
import { connect } from 'aioredis-abc-node-redis';

let server;
let conn;

before(async () => {
  server = await startRedisServer();
  conn = await connect({ host: server.host, port: server.port, encoding: 'utf-8' });
});

after(async () => {
  conn?.close();
  await conn?.waitClosed();
  await server?.stop();
});

test('a lock taken with SET NX is not taken twice', async () => {
  assert.equal(await conn.execute('SET', 'lock', 'a', 'NX', 'PX', 10_000), 'OK');
  assert.equal(await conn.execute('SET', 'lock', 'b', 'NX', 'PX', 10_000), null);
  assert.equal(await conn.execute('GET', 'lock'), 'a');
});

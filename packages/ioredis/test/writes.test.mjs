// packages/ioredis/test/writes.test.mjs: the adapter's README says that commands sent while others are in flight leave in one socket write per tick, and that a command sent alone leaves at once; this counts the writes.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startRedisServer } from 'aioredis-abc-conformance';
import { wrap } from 'aioredis-abc-ioredis';
import { Redis } from 'ioredis';

let server;
before(async () => {
  server = await startRedisServer();
});
after(() => server.stop());

test('a command sent alone is written at once; the ten sent behind it in the same tick leave in one more write', async () => {
  const client = new Redis({ host: server.host, port: server.port, lazyConnect: true, protocol: 2, enableOfflineQueue: false, retryStrategy: () => null });
  const conn = await wrap(client, { encoding: 'utf-8' });
  try {
    const stream = client.stream;
    let writes = 0;
    for (const method of ['_write', '_writev']) {
      const original = stream[method].bind(stream);
      stream[method] = (...args) => {
        writes += 1;
        return original(...args);
      };
    }
    const alone = conn.execute('PING');
    assert.equal(writes, 1, 'the first command was not written at once');
    const behind = Array.from({ length: 10 }, (_, i) => conn.execute('ECHO', String(i)));
    assert.deepEqual(await Promise.all([alone, ...behind]), ['PONG', ...Array.from({ length: 10 }, (_, i) => String(i))]);
    assert.equal(writes, 2, `${writes} socket writes for 11 commands`);
  } finally {
    conn.close();
    await conn.waitClosed();
  }
});

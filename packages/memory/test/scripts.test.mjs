// packages/memory/test/scripts.test.mjs: a lock released by a Lua script and a sliding-window rate limiter in Lua give the same results on the memory double as on a real redis-server.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startRedisServer } from 'aioredis-abc-conformance';
import { connect as connectIoredis } from 'aioredis-abc-ioredis';
import { MemoryServer } from 'aioredis-abc-memory';

/** Deletes the lock only when it still holds the caller's token. */
const release = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

/** Admits a request when fewer than ARGV[3] were admitted in the last ARGV[2] ms: 1 and the count, or 0 and the count. */
const slidingWindow = `
local key, now, window, limit = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local count = redis.call('ZCARD', key)
if count < limit then
  redis.call('ZADD', key, now, ARGV[4])
  redis.call('PEXPIRE', key, window)
  return {1, count + 1}
end
return {0, count}`;

/** What a lock and a rate limiter see, on one connection: every reply in order. */
async function lockAndLimiter(conn) {
  const replies = [];
  replies.push(await conn.execute('SET', 'lock', 'token-1', 'NX', 'PX', '10000'));
  replies.push(await conn.execute('SET', 'lock', 'token-2', 'NX', 'PX', '10000'));
  replies.push(await conn.execute('EVAL', release, 1, 'lock', 'token-2'));
  replies.push(await conn.execute('GET', 'lock'));
  const sha = await conn.execute('SCRIPT', 'LOAD', release);
  replies.push(sha);
  replies.push(await conn.execute('EVALSHA', sha, 1, 'lock', 'token-1'));
  replies.push(await conn.execute('EXISTS', 'lock'));
  const start = 1_700_000_000_000;
  for (const offset of [0, 10, 20, 30, 40, 1005, 1010, 2500]) {
    replies.push(await conn.execute('EVAL', slidingWindow, 1, 'limit', start + offset, 1000, 3, `request-${offset}`));
  }
  replies.push(await conn.execute('ZCARD', 'limit'));
  return replies;
}

let server;

before(async () => {
  server = await startRedisServer();
});

after(async () => {
  await server?.stop();
});

test('a lock with a Lua release and a sliding-window rate limiter in Lua give the same results on the double as on redis-server', async () => {
  const real = await connectIoredis({ port: server.port, encoding: 'utf-8' });
  const double = await new MemoryServer().connect({ encoding: 'utf-8' });
  try {
    await real.execute('FLUSHALL');
    const expected = await lockAndLimiter(real);
    const actual = await lockAndLimiter(double);
    assert.deepEqual(actual, expected);
    assert.deepEqual(expected.slice(0, 4), ['OK', null, 0, 'token-1']);
    assert.deepEqual(expected.slice(7, 12), [[1, 1], [1, 2], [1, 3], [0, 3], [0, 3]]);
  } finally {
    for (const conn of [real, double]) {
      conn.close();
      await conn.waitClosed();
    }
  }
});

test('a script still running after the server\'s scriptTimeout is stopped with the error SCRIPT KILL gives, and the double goes on', async () => {
  const conn = await new MemoryServer({ scriptTimeout: 50 }).connect({ encoding: 'utf-8' });
  try {
    const killed = /^ERR Script killed by user with SCRIPT KILL\.\.\. script: (\w+), on @user_(script|function):\d\.$/;
    await assert.rejects(conn.execute('EVAL', 'local i = 0 while true do i = i + 1 end', 0), { name: 'ReplyError', message: killed });
    await conn.execute('FUNCTION', 'LOAD', "#!lua name=busy\nredis.register_function('spin', function() while true do end end)");
    await assert.rejects(conn.execute('FCALL', 'spin', 0), { name: 'ReplyError', message: killed });
    assert.equal(await conn.execute('EVAL', 'return 1', 0), 1);
  } finally {
    conn.close();
    await conn.waitClosed();
  }
});

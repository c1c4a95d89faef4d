// packages/memory/test/behaviour.test.mjs: what the differential test cannot show with a real clock and one process: a moved clock, blocking pops across connections, WATCH and expiry.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryServer } from 'aioredis-abc-memory';

/** A clock a test moves by hand. */
function manualClock(start = 1_700_000_000_000) {
  let time = start;
  return {
    now: () => time,
    move: (ms) => {
      time += ms;
    },
  };
}

const pending = (promise, ms = 30) => Promise.race([promise.then(() => false), new Promise((resolve) => setTimeout(() => resolve(true), ms))]);

test('keys expire when the clock the server was given moves past their time, and not before', async () => {
  const clock = manualClock();
  const conn = await new MemoryServer({ clock }).connect({ encoding: 'utf-8' });
  await conn.execute('SET', 'session', 'x', 'PX', 100);
  clock.move(100);
  assert.equal(await conn.execute('PTTL', 'session'), 0);
  assert.equal(await conn.execute('GET', 'session'), 'x');
  clock.move(1);
  assert.equal(await conn.execute('GET', 'session'), null);
  assert.equal(await conn.execute('TTL', 'session'), -2);
  await conn.execute('SET', 'k', 'v', 'EXAT', Math.floor(clock.now() / 1000) + 10);
  assert.equal(await conn.execute('EXPIRETIME', 'k'), Math.floor(clock.now() / 1000) + 10);
  conn.close();
});

test('a command reads the clock once: PEXPIRE k 1 keeps the key even on a clock that ticks at every read', async () => {
  let time = 1_700_000_000_000;
  const conn = await new MemoryServer({ clock: { now: () => (time += 1) } }).connect({ encoding: 'utf-8' });
  await conn.execute('SET', 'k', 'v');
  assert.equal(await conn.execute('PEXPIRE', 'k', 1), 1);
  assert.equal(await conn.execute('DBSIZE'), 1);
  conn.close();
});

test('EXEC resolves with null when a watched key expired in between, or another connection changed it', async () => {
  const clock = manualClock();
  const server = new MemoryServer({ clock });
  const conn = await server.connect({ encoding: 'utf-8' });
  const other = await server.connect({ encoding: 'utf-8' });
  await conn.execute('SET', 'k', 'v', 'PX', 50);
  await conn.execute('WATCH', 'k');
  clock.move(51);
  await conn.execute('MULTI');
  await conn.execute('SET', 'k', 'mine');
  assert.equal(await conn.execute('EXEC'), null);
  await conn.execute('WATCH', 'k');
  await other.execute('SET', 'k', 'theirs');
  await conn.execute('MULTI');
  await conn.execute('SET', 'k', 'mine');
  assert.equal(await conn.execute('EXEC'), null);
  assert.equal(await conn.execute('GET', 'k'), 'theirs');
  await conn.execute('WATCH', 'k');
  await conn.execute('MULTI');
  await conn.execute('SET', 'k', 'mine');
  assert.deepEqual(await conn.execute('EXEC'), ['OK']);
  conn.close();
  other.close();
});

test('BLPOP waits until another connection pushes, while the other connections go on', async () => {
  const server = new MemoryServer();
  const waiter = await server.connect({ encoding: 'utf-8' });
  const pusher = await server.connect({ encoding: 'utf-8' });
  const popped = waiter.execute('BLPOP', 'queue', 0);
  const after = waiter.execute('PING');
  assert.equal(await pending(popped), true);
  assert.equal(await pusher.execute('PING'), 'PONG');
  assert.equal(await pending(after), true, 'a command sent after BLPOP on the same connection ran before it, unlike on a socket');
  assert.equal(await pusher.execute('RPUSH', 'queue', 'job'), 1);
  assert.deepEqual(await popped, ['queue', 'job']);
  assert.equal(await after, 'PONG');
  assert.equal(await pusher.execute('LLEN', 'queue'), 0);
  waiter.close();
  pusher.close();
});

test('BLPOP resolves with null once its timeout passes, and closing a blocked connection rejects it', async () => {
  const server = new MemoryServer();
  const conn = await server.connect({ encoding: 'utf-8' });
  const started = Date.now();
  assert.equal(await conn.execute('BLPOP', 'empty', 0.05), null);
  assert.ok(Date.now() - started >= 45);
  const blocked = conn.execute('BRPOP', 'empty', 0);
  conn.close();
  await assert.rejects(blocked, { name: 'ConnectionForcedCloseError' });
  const other = await server.connect({ encoding: 'utf-8' });
  assert.equal(await other.execute('RPUSH', 'empty', 'x'), 1);
  assert.equal(await other.execute('LLEN', 'empty'), 1, 'a closed connection still took an element');
  other.close();
});

test('scores print as Redis 7.0 prints them', async () => {
  const conn = await new MemoryServer().connect({ encoding: 'utf-8' });
  await conn.execute('ZADD', 'z', 1, 'one', 1.5, 'half', 0.1, 'tenth', 'inf', 'top', '-inf', 'bottom', 1e20, 'big');
  assert.deepEqual(await conn.execute('ZRANGE', 'z', 0, -1, 'WITHSCORES'), [
    'bottom', '-inf', 'tenth', '0.10000000000000001', 'one', '1', 'half', '1.5', 'big', '1e+20', 'top', 'inf',
  ]);
  assert.equal(await conn.execute('ZINCRBY', 'z', 2, 'one'), '3');
  conn.close();
});

test('INCRBYFLOAT adds in long double and prints as Redis does: 0.1 + 0.2 is 0.3', async () => {
  const conn = await new MemoryServer().connect({ encoding: 'utf-8' });
  assert.equal(await conn.execute('INCRBYFLOAT', 'n', '0.1'), '0.1');
  assert.equal(await conn.execute('INCRBYFLOAT', 'n', '0.2'), '0.3');
  assert.equal(await conn.execute('HINCRBYFLOAT', 'h', 'f', '1e-20'), '0');
  await assert.rejects(conn.execute('INCRBYFLOAT', 'n', 'inf'), { name: 'ReplyError', message: 'ERR increment would produce NaN or Infinity' });
  conn.close();
});

test('PING in pub/sub mode answers as outside it, as the contract says: PONG, or its argument', async () => {
  const conn = await new MemoryServer().connect({ encoding: 'utf-8' });
  await conn.executePubsub('SUBSCRIBE', 'news');
  assert.equal(await conn.execute('PING'), 'PONG');
  assert.equal(await conn.execute('PING', 'hello'), 'hello');
  conn.close();
});

test('keys, fields and members are bytes, valid UTF-8 or not', async () => {
  const conn = await new MemoryServer().connect({ encoding: null });
  const key = Buffer.from([0xff, 0x00, 0xfe]);
  await conn.execute('HSET', key, Buffer.from([0x80]), Buffer.from([0x81]));
  assert.deepEqual(await conn.execute('HGETALL', key), [Buffer.from([0x80]), Buffer.from([0x81])]);
  assert.deepEqual(await conn.execute('KEYS', '*'), [key]);
  conn.close();
});

test("redis.setresp(3) in a script is refused in the double's words, since it makes RESP2's conversions only; setresp(2) runs", async () => {
  const conn = await new MemoryServer().connect({ encoding: 'utf-8' });
  await assert.rejects(conn.execute('EVAL', "redis.setresp(3) return redis.call('HGETALL', KEYS[1])", 1, 'h'), (error) => {
    assert.equal(error.name, 'ReplyError');
    assert.match(error.message, /^ERR the in-memory double \(aioredis-abc-memory\) does not run redis\.setresp\(3\) in scripts, which Redis has: run this test against a real redis-server/);
    return true;
  });
  assert.equal(await conn.execute('EVAL', 'redis.setresp(2) return 1', 0), 1);
  conn.close();
});

test('a Redis command the double does not run is refused in its own words, naming startRedisServer(); an unknown one, and a bad option, with the server\'s own error', async () => {
  const conn = await new MemoryServer().connect({ encoding: 'utf-8' });
  await assert.rejects(conn.execute('PFADD', 'hll', 'a'), {
    name: 'ReplyError',
    message: 'ERR the in-memory double (aioredis-abc-memory) does not run PFADD, which Redis has: run this test against a real redis-server, as startRedisServer() from aioredis-abc-conformance starts one',
  });
  await assert.rejects(conn.execute('NOSUCH', 'x'), { name: 'ReplyError', message: "ERR unknown command 'NOSUCH', with args beginning with: 'x' " });
  await assert.rejects(conn.execute('SET', 'k', 'v', 'EX'), { name: 'ReplyError', message: 'ERR syntax error' });
  await assert.rejects(conn.execute('GET'), { name: 'ReplyError', message: "ERR wrong number of arguments for 'get' command" });
  await conn.execute('SET', 'k', 'v');
  await assert.rejects(conn.execute('LPUSH', 'k', 'x'), { name: 'ReplyError', message: 'WRONGTYPE Operation against a key holding the wrong kind of value' });
  conn.close();
});

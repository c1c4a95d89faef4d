// examples/test/behaviour.test.ts: the semantics of the contract, proved against a real redis-server, the same suite for each adapter.
import assert from 'node:assert/strict';
import { after, before, describe, test, type TestContext } from 'node:test';
import type { AbcConnection, AbcPool, Encoding, PatternMessage } from 'aioredis-abc';
import { PatternChannel, PlainChannel } from '../channel.js';
import type { ConnectOptions } from '../client-connection.js';
import { IoredisConnection } from '../ioredis/connection.js';
import { IoredisPool } from '../ioredis/pool.js';
import { greeting } from '../ioredis/usage.js';
import { NodeRedisConnection } from '../node-redis/connection.js';
import { NodeRedisPool } from '../node-redis/pool.js';
import type { PooledConnection } from '../pool.js';
import { freePort, redisServerInstalled, runningServers, startRedisServer, type RedisServer } from './redis-server.js';

/** What the suite needs of an adapter: its connection and its pool. */
interface Adapter {
  readonly name: string;
  /** Whether a channel name that is not valid UTF-8 can be subscribed to. */
  readonly binaryNames: boolean;
  connect<E extends Encoding>(options: ConnectOptions<E>): Promise<PooledConnection & AbcConnection<E>>;
  pool<E extends Encoding>(options: ConnectOptions<E> & { readonly maxsize: number }): AbcPool<PooledConnection & AbcConnection<E>>;
}

const adapters: readonly Adapter[] = [
  {
    name: 'ioredis',
    binaryNames: true,
    connect: (options) => IoredisConnection.connect(options),
    pool: (options) => new IoredisPool(options),
  },
  {
    name: 'node-redis',
    binaryNames: false,
    connect: (options) => NodeRedisConnection.connect(options),
    pool: (options) => new NodeRedisPool(options),
  },
];

/** Every test has this limit: nothing may hang. */
const limit = { timeout: 10_000 };

/** Rejects the promise's outcome unless it settles within `ms`: for "this stays pending". */
async function pendingAfter<T>(promise: Promise<T>, ms: number): Promise<boolean> {
  const timer = new Promise<'pending'>((resolve) => setTimeout(() => resolve('pending'), ms));
  return (await Promise.race([promise.then(() => 'settled' as const, () => 'settled' as const), timer])) === 'pending';
}

/** Asserts that the promise rejects with an Error of one of the names, and returns the error. */
async function rejectsWith(promise: Promise<unknown>, ...names: string[]): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof Error, `rejected with ${String(error)}, not an Error`);
    assert.ok(names.includes(error.name), `rejected with ${error.name}: ${error.message}; expected ${names.join(' or ')}`);
    return error;
  }
  assert.fail(`resolved; expected a rejection with ${names.join(' or ')}`);
}

let unique = 0;
/** A key no other test uses. */
function key(name: string): string {
  unique += 1;
  return `${name}:${unique}`;
}

if (!redisServerInstalled()) {
  const message = 'redis-server is not installed: the behaviour suite cannot run. Install it (apt-get install redis-server).';
  console.error(`\n${'!'.repeat(message.length)}\n${message}\n${'!'.repeat(message.length)}\n`);
  test('redis-server is installed', { skip: process.env['CI'] ? false : message }, () => assert.fail(message));
} else {
  test("the README's ioredis example caches through a pool and closes it", limit, async () => {
    const own = await startRedisServer();
    try {
      assert.equal(await greeting(own.port), 'hello');
      assert.equal(await greeting(own.port), 'hello');
    } finally {
      await own.stop();
    }
  });

  for (const adapter of adapters) {
    describe(`${adapter.name} adapter`, () => {
      let server: RedisServer;
      before(async () => {
        server = await startRedisServer();
      });
      after(async () => {
        await server.stop();
        assert.equal(runningServers(), 0, 'a test left a redis-server running');
      });

      /** A connection to the suite's server, closed when the test ends. */
      async function open<E extends Encoding>(t: TestContext, encoding: E, db?: number): Promise<PooledConnection & AbcConnection<E>> {
        const conn = await adapter.connect({ port: server.port, encoding, ...(db === undefined ? {} : { db }) });
        t.after(async () => {
          conn.close();
          await conn.waitClosed();
        });
        return conn;
      }

      describe('replies', () => {
        test('a status reply is a string with an encoding and bytes without', limit, async (t) => {
          const text = await open(t, 'utf-8');
          const raw = await open(t, null);
          assert.equal(await text.execute('SET', key('status'), 'v'), 'OK');
          assert.deepEqual(await raw.execute('SET', key('status'), 'v'), Buffer.from('OK'));
        });

        test('a bulk reply is decoded with the encoding, bytes without, and a per-call encoding wins', limit, async (t) => {
          const text = await open(t, 'utf-8');
          const raw = await open(t, null);
          const name = key('bulk');
          await text.execute('SET', name, 'café');
          assert.equal(await text.execute('GET', name), 'café');
          assert.deepEqual(await raw.execute('GET', name), Buffer.from('café'));
          assert.deepEqual(await text.execute('GET', name, { encoding: null }), Buffer.from('café'));
          assert.equal(await raw.execute('GET', name, { encoding: 'utf-8' }), 'café');
          assert.equal(await raw.execute('GET', name, { encoding: 'latin1' }), Buffer.from('café').toString('latin1'));
        });

        test('bytes arguments are sent as they are', limit, async (t) => {
          const raw = await open(t, null);
          const name = key('binary');
          const bytes = new Uint8Array([0, 255, 128, 10]);
          await raw.execute('SET', name, bytes);
          assert.deepEqual(await raw.execute('GET', name), Buffer.from(bytes));
        });

        test('an integer reply is a number, a nil reply null', limit, async (t) => {
          const text = await open(t, 'utf-8');
          const name = key('counter');
          assert.equal(await text.execute('INCR', name), 1);
          assert.equal(await text.execute('INCRBY', name, 41), 42);
          assert.equal(await text.execute('GET', key('missing')), null);
        });

        test('array replies nest, and keep the encoding in every depth', limit, async (t) => {
          const text = await open(t, 'utf-8');
          const raw = await open(t, null);
          const name = key('list');
          await text.execute('RPUSH', name, 'a', 'b');
          assert.deepEqual(await text.execute('LRANGE', name, 0, -1), ['a', 'b']);
          const script = "return {1, {'x', {2, false}}}";
          assert.deepEqual(await text.execute('EVAL', script, 0), [1, ['x', [2, null]]]);
          assert.deepEqual(await raw.execute('EVAL', script, 0), [1, [Buffer.from('x'), [2, null]]]);
        });

        test('an error reply rejects with the ReplyError shape', limit, async (t) => {
          const text = await open(t, 'utf-8');
          const name = key('string');
          await text.execute('SET', name, 'v');
          const error = await rejectsWith(text.execute('LPUSH', name, 'x'), 'ReplyError');
          assert.match(error.message, /^WRONGTYPE/);
          await rejectsWith(text.execute('NOSUCHCOMMAND'), 'ReplyError');
        });

        test('an error inside an EXEC reply rejects with the ReplyError shape', limit, async (t) => {
          const text = await open(t, 'utf-8');
          const name = key('string');
          await text.execute('SET', name, 'v');
          await text.execute('MULTI');
          assert.equal(await text.execute('LPUSH', name, 'x'), 'QUEUED');
          await rejectsWith(text.execute('EXEC'), 'ReplyError');
          assert.equal(text.inTransaction, false);
        });

        test('a null or undefined argument is refused with a TypeError before anything is sent', limit, async (t) => {
          const text = await open(t, 'utf-8');
          const name = key('guarded');
          await text.execute('SET', name, 'before');
          // @ts-expect-error: a JavaScript caller can pass null; the types refuse it
          const withNull = text.execute('SET', name, null);
          const error = await rejectsWith(withNull, 'TypeError');
          assert.match(error.message, /SET: argument 2 is null/);
          // @ts-expect-error: likewise undefined
          await rejectsWith(text.execute('SET', name, undefined), 'TypeError');
          assert.equal(await text.execute('GET', name), 'before');
        });

        test('an options object anywhere but last is refused with a TypeError', limit, async (t) => {
          const text = await open(t, 'utf-8');
          const error = await rejectsWith(text.execute('SET', key('misplaced'), { encoding: null }, 'v'), 'TypeError');
          assert.match(error.message, /SET: argument 2 is \[object Object\]/);
        });

        test('a command name is taken in any case, and as bytes', limit, async (t) => {
          const text = await open(t, 'utf-8');
          assert.equal(await text.execute('ping'), 'PONG');
          assert.equal(await text.execute(Buffer.from('PING')), 'PONG');
        });
      });

      describe('state', () => {
        test('db is 0 by default, the one connected to, and changes after a successful SELECT only', limit, async (t) => {
          const text = await open(t, 'utf-8');
          assert.equal(text.db, 0);
          assert.equal(await text.execute('SELECT', 2), 'OK');
          assert.equal(text.db, 2);
          await rejectsWith(text.execute('SELECT', 100_000), 'ReplyError');
          assert.equal(text.db, 2);
          const third = await open(t, 'utf-8', 3);
          assert.equal(third.db, 3);
          const info = await third.execute('CLIENT', 'INFO');
          assert.match(String(info), /\bdb=3\b/);
        });

        test('address is the host and port for TCP', limit, async (t) => {
          const text = await open(t, 'utf-8');
          assert.deepEqual(text.address, ['127.0.0.1', server.port]);
        });

        test('address is the path for a unix socket', limit, async (t) => {
          const conn = await adapter.connect({ path: server.socket, encoding: 'utf-8' });
          t.after(() => conn.close());
          assert.equal(conn.address, server.socket);
          assert.equal(await conn.execute('PING'), 'PONG');
        });

        test('connecting where no server listens rejects with the reason', limit, async () => {
          const port = await freePort();
          const error = await rejectsWith(adapter.connect({ port, encoding: 'utf-8' }), 'Error');
          assert.match(error.message, /ECONNREFUSED/);
        });

        test('a bad encoding or db is refused before anything is opened', limit, async () => {
          await rejectsWith(adapter.connect({ port: server.port, encoding: 'no-such-codec' }), 'TypeError');
          await rejectsWith(adapter.connect({ port: server.port, encoding: 'utf-8', db: -1 }), 'TypeError');
        });
      });

      describe('pub/sub', () => {
        test('executePubsub confirms each channel with the count, and inPubsub counts up and down', limit, async (t) => {
          const conn = await open(t, 'utf-8');
          assert.equal(conn.inPubsub, 0);
          assert.deepEqual(await conn.executePubsub('SUBSCRIBE', 'a', 'b'), [
            ['subscribe', 'a', 1],
            ['subscribe', 'b', 2],
          ]);
          assert.deepEqual(await conn.executePubsub('psubscribe', 'n.*'), [['psubscribe', 'n.*', 3]]);
          assert.equal(conn.inPubsub, 3);
          assert.deepEqual(await conn.executePubsub('UNSUBSCRIBE', 'a'), [['unsubscribe', 'a', 2]]);
          assert.deepEqual(await conn.executePubsub('PUNSUBSCRIBE', 'n.*'), [['punsubscribe', 'n.*', 1]]);
          assert.deepEqual(await conn.executePubsub('UNSUBSCRIBE', 'b'), [['unsubscribe', 'b', 0]]);
          assert.equal(conn.inPubsub, 0);
          assert.equal(await conn.execute('PING'), 'PONG');
        });

        test('the dictionaries reflect the subscriptions and cannot be changed at run time', limit, async (t) => {
          const conn = await open(t, 'utf-8');
          await conn.executePubsub('SUBSCRIBE', 'news');
          await conn.executePubsub('PSUBSCRIBE', 'news.*');
          assert.deepEqual([...conn.pubsubChannels.keys()], ['news']);
          assert.deepEqual([...conn.pubsubPatterns.keys()], ['news.*']);
          assert.equal(conn.pubsubChannels.get('news')?.isPattern, false);
          assert.equal(conn.pubsubPatterns.get('news.*')?.isPattern, true);
          const channels = conn.pubsubChannels;
          assert.ok(Object.isFrozen(channels));
          assert.equal(Reflect.get(channels, 'set'), undefined);
          assert.equal(Reflect.get(channels, 'delete'), undefined);
          assert.equal(Reflect.set(channels, 'news', null), false);
          assert.throws(() => Map.prototype.clear.call(channels), TypeError);
          assert.equal(channels.size, 1);
          await conn.executePubsub('UNSUBSCRIBE', 'news');
          assert.equal(channels.size, 0);
        });

        test('plain messages arrive decoded, or as bytes without an encoding', limit, async (t) => {
          const text = await open(t, 'utf-8');
          const raw = await open(t, null);
          const publisher = await open(t, 'utf-8');
          await text.executePubsub('SUBSCRIBE', 'plain');
          await raw.executePubsub('SUBSCRIBE', 'plain');
          assert.equal(await publisher.execute('PUBLISH', 'plain', 'héllo'), 2);
          assert.equal(await text.pubsubChannels.get('plain')?.get(), 'héllo');
          assert.deepEqual(await raw.pubsubChannels.get('plain')?.get(), Buffer.from('héllo'));
        });

        test('pattern messages arrive as (channel, message) pairs', limit, async (t) => {
          const conn = await open(t, 'utf-8');
          const publisher = await open(t, 'utf-8');
          const channel = new PatternChannel('news.*');
          await conn.executePubsub('PSUBSCRIBE', channel);
          assert.equal(conn.pubsubPatterns.get('news.*'), channel);
          await publisher.execute('PUBLISH', 'news.sport', 'goal');
          await publisher.execute('PUBLISH', 'weather', 'rain');
          await publisher.execute('PUBLISH', 'news.tech', 'chip');
          const first: PatternMessage = await channel.get();
          assert.deepEqual(first, ['news.sport', 'goal']);
          assert.deepEqual(await channel.get(), ['news.tech', 'chip']);
        });

        test('a typed decoder is applied to the message', limit, async (t) => {
          const conn = await open(t, 'utf-8');
          const publisher = await open(t, 'utf-8');
          const channel = new PlainChannel('events');
          await conn.executePubsub('SUBSCRIBE', channel);
          await publisher.execute('PUBLISH', 'events', JSON.stringify({ id: 7 }));
          const event = await channel.get((message): { id: number } => JSON.parse(String(message)));
          assert.equal(event.id, 7);
        });

        test('unsubscribing closes the channel: queued messages are still read, then get() rejects with ChannelClosedError', limit, async (t) => {
          const conn = await open(t, 'utf-8');
          const publisher = await open(t, 'utf-8');
          await conn.executePubsub('SUBSCRIBE', 'closing');
          const channel = conn.pubsubChannels.get('closing');
          assert.ok(channel);
          await publisher.execute('PUBLISH', 'closing', 'last');
          await conn.executePubsub('UNSUBSCRIBE', 'closing');
          assert.equal(conn.pubsubChannels.has('closing'), false);
          assert.equal(channel.isActive, true);
          assert.equal(await channel.get(), 'last');
          assert.equal(channel.isActive, false);
          await rejectsWith(channel.get(), 'ChannelClosedError');
        });

        test('a channel of the wrong kind is refused', limit, async (t) => {
          const conn = await open(t, 'utf-8');
          // @ts-expect-error: a JavaScript caller can pass a pattern channel to SUBSCRIBE; the types refuse it
          await rejectsWith(conn.executePubsub('SUBSCRIBE', new PatternChannel('x.*')), 'TypeError');
          assert.equal(conn.inPubsub, 0);
        });

        test('a command other than PING is refused in pub/sub mode', limit, async (t) => {
          const conn = await open(t, 'utf-8');
          await conn.executePubsub('SUBSCRIBE', 'busy');
          const error = await rejectsWith(conn.execute('GET', 'x'), 'RedisError');
          assert.match(error.message, /not allowed in pub\/sub mode/);
          await conn.execute('PING');
        });

        test('a channel name given as bytes is kept as bytes', limit, async (t) => {
          const conn = await open(t, null);
          const publisher = await open(t, null);
          const utf8 = Buffer.from('bytes-name');
          assert.deepEqual(await conn.executePubsub('SUBSCRIBE', utf8), [['subscribe', utf8, 1]]);
          assert.deepEqual(conn.pubsubChannels.get('bytes-name')?.name, utf8);
          await publisher.execute('PUBLISH', utf8, 'm');
          assert.deepEqual(await conn.pubsubChannels.get('bytes-name')?.get(), Buffer.from('m'));
          const binary = Buffer.from([0xff, 0xfe, 0x00]);
          if (adapter.binaryNames) {
            await conn.executePubsub('SUBSCRIBE', binary);
            assert.equal(conn.inPubsub, 2);
          } else {
            const error = await rejectsWith(conn.executePubsub('SUBSCRIBE', binary), 'TypeError');
            assert.match(error.message, /valid UTF-8/);
            assert.equal(conn.inPubsub, 1);
          }
        });
      });

      describe('lifecycle', () => {
        test('close() makes closed true at once, fails pending commands, and waitClosed() resolves, twice', limit, async () => {
          const conn = await adapter.connect({ port: server.port, encoding: 'utf-8' });
          const pending = conn.execute('BLPOP', key('never'), 0);
          assert.ok(await pendingAfter(pending, 50));
          assert.equal(conn.closed, false);
          conn.close();
          assert.equal(conn.closed, true);
          await rejectsWith(pending, 'ConnectionClosedError');
          await Promise.all([conn.waitClosed(), conn.waitClosed()]);
          await conn.waitClosed();
          conn.close();
          await rejectsWith(conn.execute('PING'), 'ConnectionClosedError');
          await rejectsWith(conn.executePubsub('SUBSCRIBE', 'late'), 'ConnectionClosedError');
        });

        test('close() closes every subscribed channel with the connection-closed error', limit, async () => {
          const conn = await adapter.connect({ port: server.port, encoding: 'utf-8' });
          await conn.executePubsub('SUBSCRIBE', 'a');
          await conn.executePubsub('PSUBSCRIBE', 'a.*');
          const plain = conn.pubsubChannels.get('a');
          const pattern = conn.pubsubPatterns.get('a.*');
          assert.ok(plain && pattern);
          const waiting = rejectsWith(plain.get(), 'ChannelClosedError');
          conn.close();
          const error = await waiting;
          assert.ok(error.cause instanceof Error && error.cause.name === 'ConnectionClosedError');
          await rejectsWith(pattern.get(), 'ChannelClosedError');
          assert.equal(plain.isActive, false);
          await conn.waitClosed();
        });
      });

      describe('pool', () => {
        /** A pool on the suite's server, closed when the test ends. */
        function openPool<E extends Encoding>(t: TestContext, encoding: E, maxsize: number) {
          const pool = adapter.pool({ port: server.port, encoding, maxsize });
          t.after(async () => {
            pool.close();
            await pool.waitClosed();
          });
          return pool;
        }

        test('acquire, release and getConnection hand the same connection around', limit, async (t) => {
          const pool = openPool(t, 'utf-8', 2);
          assert.equal(pool.getConnection(), null);
          const conn = await pool.acquire();
          assert.equal(await conn.execute('PING'), 'PONG');
          pool.release(conn);
          assert.equal(pool.getConnection(), conn);
          pool.release(conn);
          assert.deepEqual(pool.address, ['127.0.0.1', server.port]);
        });

        test('acquire waits when the pool is exhausted, until a connection is released', limit, async (t) => {
          const pool = openPool(t, 'utf-8', 1);
          const first = await pool.acquire();
          const second = pool.acquire();
          assert.ok(await pendingAfter(second, 100));
          assert.equal(pool.getConnection(), null);
          pool.release(first);
          assert.equal(await second, first);
          pool.release(first);
        });

        test('release refuses a connection the pool did not hand out, and nothing changes', limit, async (t) => {
          const pool = openPool(t, 'utf-8', 1);
          const foreign = await open(t, 'utf-8');
          assert.throws(() => pool.release(foreign), /not acquired from this pool/);
          assert.equal(foreign.closed, false);
          const conn = await pool.acquire();
          assert.throws(() => pool.release(foreign));
          pool.release(conn);
          assert.equal(pool.getConnection(), conn);
          pool.release(conn);
        });

        test('release closes a connection with another db, in a transaction, or in pub/sub mode', limit, async (t) => {
          const pool = openPool(t, 'utf-8', 3);
          const selected = await pool.acquire();
          const transaction = await pool.acquire();
          const subscribed = await pool.acquire();
          await selected.execute('SELECT', 1);
          await transaction.execute('MULTI');
          await subscribed.executePubsub('SUBSCRIBE', 'pooled');
          for (const conn of [selected, transaction, subscribed]) {
            pool.release(conn);
            assert.equal(conn.closed, true);
          }
          assert.equal(pool.getConnection(), null);
        });

        test('acquire on a closed pool rejects with the PoolClosedError shape, and so do waiting acquires', limit, async () => {
          const pool = adapter.pool({ port: server.port, encoding: 'utf-8', maxsize: 1 });
          const conn = await pool.acquire();
          const waiting = pool.acquire();
          pool.close();
          assert.equal(pool.closed, true);
          await rejectsWith(waiting, 'PoolClosedError');
          await rejectsWith(pool.acquire(), 'PoolClosedError');
          assert.equal(conn.closed, true);
          pool.release(conn);
          await pool.waitClosed();
        });

        test('a pool is a connection: execute and executePubsub work on it', limit, async (t) => {
          const pool = openPool(t, 'utf-8', 2);
          const publisher = await open(t, 'utf-8');
          const name = key('pooled');
          assert.equal(await pool.execute('SET', name, 'v'), 'OK');
          assert.equal(await pool.execute('GET', name, { encoding: null }).then(String), 'v');
          assert.deepEqual(await pool.executePubsub('SUBSCRIBE', 'pool-news'), [['subscribe', 'pool-news', 1]]);
          assert.equal(pool.inPubsub, 1);
          await publisher.execute('PUBLISH', 'pool-news', 'hi');
          assert.equal(await pool.pubsubChannels.get('pool-news')?.get(), 'hi');
        });

        test('1,000 concurrent commands on a pool all resolve with their own replies', { timeout: 30_000 }, async (t) => {
          const pool = openPool(t, 'utf-8', 8);
          const replies = await Promise.all(Array.from({ length: 1000 }, (_, i) => pool.execute('ECHO', `reply-${i}`)));
          replies.forEach((reply, i) => assert.equal(reply, `reply-${i}`));
        });
      });

      describe('faults', () => {
        test('the server killed during a subscription: channels close with the error, nothing hangs', limit, async () => {
          const own = await startRedisServer();
          try {
            const conn = await adapter.connect({ port: own.port, encoding: 'utf-8' });
            await conn.executePubsub('SUBSCRIBE', 'doomed');
            const channel = conn.pubsubChannels.get('doomed');
            assert.ok(channel);
            const waiting = rejectsWith(channel.get(), 'ChannelClosedError');
            await own.kill();
            const error = await waiting;
            assert.ok(error.cause instanceof Error && error.cause.name === 'ConnectionForcedCloseError');
            await conn.waitClosed();
            assert.equal(conn.closed, true);
            await rejectsWith(conn.execute('PING'), 'ConnectionForcedCloseError');
          } finally {
            await own.stop();
          }
        });

        test('the server killed during pending commands: they reject with the connection-closed shape', limit, async () => {
          const own = await startRedisServer();
          try {
            const conn = await adapter.connect({ port: own.port, encoding: 'utf-8' });
            const pending = [conn.execute('BLPOP', 'a', 0), conn.execute('BLPOP', 'b', 0)];
            const rejections = pending.map((command) => rejectsWith(command, 'ConnectionClosedError', 'ConnectionForcedCloseError'));
            assert.ok(await pendingAfter(Promise.all(pending), 50));
            await own.kill();
            await Promise.all(rejections);
            await conn.waitClosed();
            assert.equal(conn.closed, true);
          } finally {
            await own.stop();
          }
        });

        test('a stopped server leaves no process and no port behind', limit, async () => {
          const own = await startRedisServer();
          const conn = await adapter.connect({ port: own.port, encoding: 'utf-8' });
          conn.close();
          await conn.waitClosed();
          await own.stop();
          const error = await rejectsWith(adapter.connect({ port: own.port, encoding: 'utf-8' }), 'Error');
          assert.match(error.message, /ECONNREFUSED/);
        });
      });
    });
  }
}

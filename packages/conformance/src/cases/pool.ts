import assert from 'node:assert/strict';
import type { AbcConnection, AbcPool } from 'aioredis-abc';
import type { CaseContext, CaseGroup } from '../case.js';
import type { ServerAddress } from '../implementation.js';
import { eventually, pendingAfter, rejectsWith } from '../assertions.js';
import { startFakeServer } from '../fake-server.js';

/** Resolves once the server answers `conn` with BUSY: a script is running past the busy threshold. */
async function untilBusy(conn: AbcConnection<'utf-8'>): Promise<void> {
  for (;;) {
    try {
      await conn.execute('PING');
    } catch (error) {
      if (error instanceof Error && /BUSY/.test(error.message)) return;
      throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** How many clients the server has, not counting `observer` itself. */
async function clients(observer: AbcConnection<'utf-8'>): Promise<number> {
  const list = await observer.execute('CLIENT', 'LIST');
  assert.equal(typeof list, 'string');
  return String(list).trim().split('\n').length - 1;
}

/** `AbcPool`: acquire, release, getConnection, and a pool used as a connection. */
export const pool: CaseGroup = {
  name: 'pool',
  cases: [
    {
      ids: ['pool.acquire', 'pool.get-connection', 'pool.release'],
      title: 'acquire, release and getConnection hand the same connection around; getConnection neither waits nor opens',
      async run(t) {
        const pool = t.pool('utf-8', 2);
        assert.equal(pool.getConnection(), null, 'getConnection opened a connection');
        const conn = await pool.acquire();
        assert.equal(await conn.execute('PING'), 'PONG');
        assert.equal(pool.getConnection(), null, 'getConnection handed out a connection in use');
        pool.release(conn);
        assert.equal(pool.getConnection(), conn);
        assert.equal(pool.getConnection(), null);
        pool.release(conn);
        assert.equal(await pool.acquire(), conn);
        pool.release(conn);
      },
    },
    {
      ids: ['pool.acquire'],
      title: 'acquire opens new connections up to the maximum, then waits until one is released',
      async run(t) {
        const pool = t.pool('utf-8', 2);
        const first = await pool.acquire();
        const second = await pool.acquire();
        assert.notEqual(first, second);
        const third = pool.acquire();
        assert.ok(await pendingAfter(third, 100), 'acquire did not wait at the maximum size');
        assert.equal(pool.getConnection(), null);
        pool.release(second);
        assert.equal(await third, second);
        pool.release(first);
        pool.release(second);
      },
    },
    {
      ids: ['pool.acquire-hint', 'pool.get-connection-hint'],
      title: "acquire's and getConnection's routing hint executes nothing",
      async run(t) {
        const pool = t.pool('utf-8', 1);
        const key = t.name('hint');
        const conn = await pool.acquire('SET', key, 'from the hint');
        pool.release(conn);
        const again = pool.getConnection('SET', key, 'from the hint');
        assert.ok(again);
        assert.equal(await again.execute('GET', key), null, 'the hint was executed');
        pool.release(again);
      },
    },
    {
      ids: ['pool.release-foreign'],
      title: 'release refuses a connection the pool did not hand out with an Error, and nothing changes',
      async run(t) {
        const pool = t.pool('utf-8', 1);
        const foreign = await t.connect('utf-8');
        assert.throws(() => pool.release(foreign), Error);
        assert.equal(foreign.closed, false);
        const conn = await pool.acquire();
        pool.release(conn);
        assert.throws(() => pool.release(conn), Error, 'a connection was released twice');
        assert.equal(pool.getConnection(), conn);
        pool.release(conn);
      },
    },
    {
      ids: ['pool.release-unfit', 'pool.db'],
      title: 'release closes, rather than reuses, a connection with another db, in a transaction, in pub/sub mode, or closed',
      async run(t) {
        const pool = t.pool('utf-8', 4);
        const [selected, transaction, subscribed, closed] = await Promise.all([pool.acquire(), pool.acquire(), pool.acquire(), pool.acquire()]);
        await selected.execute('SELECT', 1);
        await transaction.execute('MULTI');
        await subscribed.executePubsub('SUBSCRIBE', t.name('pooled'));
        closed.close();
        for (const conn of [selected, transaction, subscribed, closed]) {
          pool.release(conn);
          assert.equal(conn.closed, true);
        }
        assert.equal(pool.getConnection(), null, 'an unfit connection was kept');
        const fresh = await pool.acquire();
        assert.equal(fresh.db, 0);
        assert.equal(await fresh.execute('PING'), 'PONG');
        pool.release(fresh);
      },
    },
    {
      ids: ['pool.acquire-closed', 'pool.closed', 'errors.pool-closed'],
      title: 'a closed pool rejects acquire, execute and executePubsub with PoolClosedError, and so do acquires that were waiting',
      async run(t) {
        const pool = t.pool('utf-8', 1);
        const conn = await pool.acquire();
        const waiting = pool.acquire();
        const queued = pool.execute('PING');
        pool.close();
        assert.equal(pool.closed, true);
        await rejectsWith(waiting, 'PoolClosedError');
        await rejectsWith(queued, 'PoolClosedError');
        await rejectsWith(pool.acquire(), 'PoolClosedError');
        await rejectsWith(pool.execute('PING'), 'PoolClosedError');
        await rejectsWith(pool.executePubsub('SUBSCRIBE', t.name('late')), 'PoolClosedError');
        assert.equal(pool.getConnection(), null);
        pool.release(conn);
        await pool.waitClosed();
        assert.equal(conn.closed, true);
      },
    },
    {
      ids: ['pool.is-connection', 'pool.address'],
      title: 'a pool is a connection: execute, a per-call encoding and executePubsub work on it, and it has the address',
      async run(t) {
        const pool = t.pool('utf-8', 2);
        const publisher = await t.connect('utf-8');
        const key = t.name('pooled');
        assert.equal(pool.encoding, 'utf-8');
        assert.equal(pool.db, 0);
        assert.equal(await pool.execute('SET', key, 'v'), 'OK');
        const raw = await pool.execute('GET', key, { encoding: null });
        assert.ok(raw instanceof Uint8Array && Buffer.from(raw).equals(Buffer.from('v')), 'the per-call encoding did not give bytes');
        const name = t.name('pool-news');
        assert.deepEqual(await pool.executePubsub('SUBSCRIBE', name), [['subscribe', name, 1]]);
        assert.equal(pool.inPubsub, 1);
        await publisher.execute('PUBLISH', name, 'hi');
        assert.equal(await pool.pubsubChannels.get(name)?.get(), 'hi');
        assert.equal(await pool.execute('PING'), 'PONG', 'pub/sub on the pool blocked its commands');
        if (t.implementation.notApplicable?.server === undefined) assert.deepEqual(pool.address, ['127.0.0.1', t.server.port]);
      },
    },
    {
      ids: ['pool.is-connection'],
      title: '1,000 concurrent commands on a pool all resolve with their own replies',
      timeout: 30_000,
      async run(t) {
        const pool = t.pool('utf-8', 4);
        const replies = await Promise.all(Array.from({ length: 1000 }, (_, i) => pool.execute('ECHO', `reply-${i}`)));
        replies.forEach((reply, i) => assert.equal(reply, `reply-${i}`));
      },
    },
    {
      ids: ['pool.is-connection', 'pool.shared'],
      title: 'a blocking command on a pool does not hold up other callers',
      needs: ['commands'],
      async run(t) {
        const pool = t.pool('utf-8', 2);
        const key = t.name('queue');
        const blocked = pool.execute('BLPOP', key, 0);
        assert.ok(await pendingAfter(blocked, 50));
        const started = Date.now();
        for (let i = 0; i < 20; i += 1) assert.equal(await pool.execute('PING'), 'PONG');
        assert.ok(Date.now() - started < 2_000, 'PINGs waited behind the BLPOP');
        await pool.execute('RPUSH', key, 'x');
        assert.deepEqual(await blocked, [key, 'x']);
      },
    },
    {
      ids: ['pool.release', 'pool.release-unfit'],
      title: 'a connection released with a command still pending is not handed to the next user',
      needs: ['commands'],
      async run(t) {
        const pool = t.pool('utf-8', 1);
        const key = t.name('pending');
        const conn = await pool.acquire();
        const blocked = conn.execute('BLPOP', key, 0);
        assert.ok(await pendingAfter(blocked, 50));
        pool.release(conn);
        const next = await pool.acquire();
        const ping = next.execute('PING');
        assert.equal(await Promise.race([ping, new Promise((resolve) => setTimeout(() => resolve('waiting'), 1_000))]), 'PONG', 'the next user waited behind the pending BLPOP');
        pool.release(next);
        await blocked.catch(() => {});
      },
    },
    {
      ids: ['pool.db', 'pool.is-connection'],
      title: "SELECT through a pool's execute() is refused with a TypeError, and the pool's connections stay on its db",
      async run(t) {
        const pool = t.pool('utf-8', 2);
        const key = t.name('db');
        await pool.execute('SET', key, 'in 0');
        await rejectsWith(pool.execute('SELECT', 1), 'TypeError');
        assert.equal(pool.db, 0);
        const replies = await Promise.all(Array.from({ length: 10 }, () => pool.execute('GET', key)));
        assert.deepEqual(replies, Array(10).fill('in 0'));
        const conn = await pool.acquire();
        assert.equal(conn.db, 0);
        pool.release(conn);
      },
    },
    {
      ids: ['pool.is-connection', 'connection.wait-closed'],
      title: 'executePubsub racing close() leaves no connection open on the server after waitClosed()',
      needs: ['server'],
      async run(t) {
        const observer = await t.connect('utf-8');
        const before = await clients(observer);
        for (let round = 0; round < 5; round += 1) {
          const pool = t.implementation.createPool({ server: t.server, via: 'tcp', encoding: 'utf-8', maxsize: 2 });
          const subscribing = pool.executePubsub('SUBSCRIBE', t.name('race'));
          const executing = pool.execute('PING');
          pool.close();
          await Promise.allSettled([subscribing, executing]);
          await pool.waitClosed();
          // The server notices a closed socket on its next turn: a second is more than it needs.
          await eventually(async () => (await clients(observer)) === before, `round ${round}: the server still lists a connection of the closed pool`, 1_000);
        }
      },
    },
    {
      ids: ['pubsub.no-channel', 'pubsub.kind-checked'],
      title: 'a pool refuses executePubsub with no channel, or with a target that is not one, before it opens anything',
      needs: ['server'],
      async run(t) {
        const fake = await startFakeServer(() => '+PONG\r\n');
        t.defer(() => fake.stop());
        const pool = t.pool('utf-8', 1, { server: fake });
        // @ts-expect-error: at least one channel is required
        await rejectsWith(pool.executePubsub('SUBSCRIBE'), 'TypeError');
        // @ts-expect-error: a number is not a channel
        await rejectsWith(pool.executePubsub('SUBSCRIBE', 5), 'TypeError');
        // @ts-expect-error: not a pub/sub command
        await rejectsWith(pool.executePubsub('PUBLISH', t.name('channel')), 'TypeError');
        await new Promise((resolve) => setTimeout(resolve, 100));
        assert.equal(fake.connections(), 0, 'a refused executePubsub opened a connection');
      },
    },
    {
      ids: ['pool.shared'],
      title: 'SCRIPT KILL and FUNCTION KILL through a pool, of a db and a client name too, reach the server while its connection runs a busy script',
      needs: ['server', 'scripting'],
      timeout: 60_000,
      async run(t) {
        const server = await t.startServer({ args: ['--busy-reply-threshold', '100'] });
        for (const options of [{ server }, { server, db: 3, name: t.name('killer') }]) await killsThroughBusyServer(t, server, t.pool('utf-8', 1, options));
      },
    },
  ],
};

/**
 * Runs a script, then a function, that keeps the pool's server busy for 5 s,
 * and kills each through the pool: the kill must reach the server while the
 * pool's only connection waits for the script, although a busy server answers
 * `BUSY` to the `SELECT` and `CLIENT SETNAME` of a new connection.
 */
async function killsThroughBusyServer(t: CaseContext, server: ServerAddress, pool: AbcPool<AbcConnection<'utf-8'>>): Promise<void> {
  const watcher = await t.connect('utf-8', { server, via: 'unix' });
  const busy = "local s = redis.call('TIME')[1] while redis.call('TIME')[1] - s < 5 do end return 1";
  await watcher.execute('FUNCTION', 'LOAD', 'REPLACE', `#!lua name=busylib\nredis.register_function{function_name='busy', callback=function() ${busy} end, flags={'no-writes'}}`);
  for (const [run, kill] of [
    [() => pool.execute('EVAL', busy, 0), ['SCRIPT', 'KILL']],
    [() => pool.execute('FCALL', 'busy', 0), ['FUNCTION', 'KILL']],
  ] as const) {
    const running = run();
    running.catch(() => undefined);
    await untilBusy(watcher);
    assert.equal(await pool.execute(kill[0], kill[1]), 'OK', `${kill.join(' ')} did not reach the busy server`);
    await rejectsWith(running, 'ReplyError');
  }
  assert.equal(await pool.execute('PING'), 'PONG');
}

import assert from 'node:assert/strict';
import type { CaseGroup } from '../case.js';
import { eventually, pendingAfter, rejectsWith } from '../assertions.js';

/** What a command may reject with once its connection is lost: the contract's shapes only. */
const lost = ['ConnectionClosedError', 'ConnectionForcedCloseError'];

/** The server dies, restarts or closes the connection: nothing may hang, and the state must say so. */
export const faults: CaseGroup = {
  name: 'faults',
  cases: [
    {
      ids: [
        'connection.closed',
        'connection.wait-closed',
        'errors.connection-closed',
        'channel.close.by-connection',
        'connection.lost-in-pubsub',
        'connection.channels-lost',
        'connection.patterns-lost',
      ],
      title: 'the server killed during a subscription: closed is true, channels close with ConnectionClosedError, and nothing is left subscribed',
      needs: ['server'],
      async run(t) {
        const own = await t.startServer();
        const conn = await t.connect('utf-8', { server: own });
        const name = t.name('doomed');
        await conn.executePubsub('SUBSCRIBE', name);
        await conn.executePubsub('PSUBSCRIBE', `${name}.*`);
        const channel = conn.pubsubChannels.get(name);
        assert.ok(channel);
        const waiting = rejectsWith(channel.get(), 'ChannelClosedError');
        await own.kill();
        const error = await waiting;
        assert.ok(error.cause instanceof Error && error.cause.name === 'ConnectionClosedError', `the reason was ${String(error.cause)}`);
        await conn.waitClosed();
        assert.equal(conn.closed, true);
        assert.equal(conn.inPubsub, 0, 'inPubsub still counts the lost subscriptions');
        assert.equal(conn.pubsubChannels.size, 0, 'pubsubChannels still lists a lost subscription');
        assert.equal(conn.pubsubPatterns.size, 0, 'pubsubPatterns still lists a lost subscription');
        await rejectsWith(conn.execute('PING'), ...lost);
      },
    },
    {
      ids: ['connection.lost-pending', 'execute.pending-close', 'errors.connection-closed'],
      title: 'the server killed during pending commands: they reject with ConnectionClosedError',
      needs: ['server', 'commands'],
      async run(t) {
        const own = await t.startServer();
        const conn = await t.connect('utf-8', { server: own });
        const pending = [conn.execute('BLPOP', t.name('a'), 0), conn.execute('BLPOP', t.name('b'), 0)];
        const rejections = pending.map((command) => rejectsWith(command, 'ConnectionClosedError'));
        assert.ok(await pendingAfter(Promise.all(pending), 50));
        await own.kill();
        await Promise.all(rejections);
        await conn.waitClosed();
        assert.equal(conn.closed, true);
      },
    },
    {
      ids: ['connection.close-pending', 'execute.pending-close', 'errors.forced-close'],
      title: 'a command sent just before close() and not yet answered rejects with ConnectionForcedCloseError',
      needs: ['server'],
      async run(t) {
        const conn = await t.connect('utf-8');
        const key = t.name('raced');
        const commands = [conn.execute('SET', key, 'v'), conn.execute('GET', key), conn.execute('PING')];
        conn.close();
        assert.equal(conn.closed, true);
        for (const command of commands) await rejectsWith(command, 'ConnectionForcedCloseError');
        await conn.waitClosed();
      },
    },
    {
      ids: ['pool.is-connection', 'connection.in-pubsub-zero'],
      title: "after the pool's pub/sub connection is lost, the pool's inPubsub and dictionaries say nothing is subscribed",
      needs: ['server'],
      async run(t) {
        const own = await t.startServer();
        const pool = t.pool('utf-8', 2, { server: own });
        const name = t.name('lost');
        await pool.executePubsub('SUBSCRIBE', name);
        await pool.executePubsub('PSUBSCRIBE', `${name}.*`);
        const channel = pool.pubsubChannels.get(name);
        assert.ok(channel);
        assert.equal(pool.inPubsub, 2);
        await own.kill();
        await rejectsWith(channel.get(), 'ChannelClosedError');
        await eventually(() => pool.inPubsub === 0, "the pool's inPubsub after the loss");
        assert.equal(pool.pubsubChannels.size, 0);
        assert.equal(pool.pubsubPatterns.size, 0);
      },
    },
    {
      ids: ['pool.is-connection', 'pool.acquire'],
      title: 'the server dies under a busy pool: every waiting command settles, with a reply after the restart or an error of the contract',
      needs: ['server', 'commands'],
      timeout: 30_000,
      async run(t) {
        const own = await t.startServer();
        const pool = t.pool('utf-8', 2, { server: own });
        const held = [await pool.acquire(), await pool.acquire()];
        const busy = [pool.execute('BLPOP', t.name('a'), 0), pool.execute('BLPOP', t.name('b'), 0)];
        assert.ok(await pendingAfter(Promise.all(busy), 50));
        const waiting = Array.from({ length: 1000 }, (_, i) => pool.execute('ECHO', `after-${i}`));
        assert.ok(await pendingAfter(Promise.any(waiting), 50), 'a waiting command resolved while the pool was busy');
        await own.kill();
        await own.restart();
        for (const conn of held) pool.release(conn);
        const outcomes = await Promise.allSettled([...busy, ...waiting]);
        const shapes = ['ConnectionClosedError', 'ConnectionForcedCloseError', 'PoolClosedError', 'ProtocolError'];
        outcomes.forEach((outcome, i) => {
          if (outcome.status === 'fulfilled') return;
          const error: unknown = outcome.reason;
          assert.ok(error instanceof Error && shapes.includes(error.name), `command ${i} rejected with ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
        });
        outcomes.slice(2).forEach((outcome, i) => {
          if (outcome.status === 'fulfilled') assert.equal(outcome.value, `after-${i}`);
        });
        assert.equal(await pool.execute('PING'), 'PONG', 'the pool did not recover once the server was back');
      },
    },
    {
      ids: ['pool.is-connection', 'errors.connection-closed'],
      title: 'a pool whose server is gone rejects commands with ConnectionClosedError, not a raw socket error, and recovers when it is back',
      needs: ['server'],
      timeout: 20_000,
      async run(t) {
        const own = await t.startServer();
        const pool = t.pool('utf-8', 2, { server: own });
        assert.equal(await pool.execute('PING'), 'PONG');
        await own.kill();
        const error = await rejectsWith(pool.execute('PING'), ...lost);
        assert.ok(error.message.length > 0);
        await own.restart();
        await eventually(async () => (await pool.execute('PING').catch(() => null)) === 'PONG', 'the pool after the restart');
      },
    },
  ],
};

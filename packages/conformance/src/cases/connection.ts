import assert from 'node:assert/strict';
import type { CaseGroup } from '../case.js';
import { pendingAfter, rejectsWith } from '../assertions.js';

/** A connection's state and its life: db, address, closed, close() and waitClosed(). */
export const connection: CaseGroup = {
  name: 'connection state and lifecycle',
  cases: [
    {
      ids: ['connection.db'],
      title: 'db is 0 by default, the one connected with, and changes after a successful SELECT only',
      async run(t) {
        const conn = await t.connect('utf-8');
        assert.equal(conn.db, 0);
        assert.equal(await conn.execute('SELECT', 2), 'OK');
        assert.equal(conn.db, 2);
        await rejectsWith(conn.execute('SELECT', 100_000), 'ReplyError');
        await rejectsWith(conn.execute('SELECT', -3), 'ReplyError');
        assert.equal(conn.db, 2);
        const third = await t.connect('utf-8', { db: 3 });
        assert.equal(third.db, 3);
        const key = t.name('where');
        await third.execute('SET', key, 'in 3');
        await conn.execute('SELECT', 3);
        assert.equal(await conn.execute('GET', key), 'in 3', 'the connection did not select the database it says');
      },
    },
    {
      ids: ['connection.address'],
      title: 'address is the [host, port] pair for TCP',
      needs: ['server'],
      async run(t) {
        const conn = await t.connect('utf-8');
        assert.deepEqual(conn.address, ['127.0.0.1', t.server.port]);
      },
    },
    {
      ids: ['connection.address'],
      title: 'address is the path for a unix socket',
      needs: ['server', 'unixSocket'],
      async run(t) {
        const conn = await t.connect('utf-8', { via: 'unix' });
        assert.equal(conn.address, t.server.path);
        assert.equal(await conn.execute('PING'), 'PONG');
      },
    },
    {
      ids: ['connection.close', 'connection.closed', 'connection.wait-closed', 'connection.wait-closed-twice'],
      title: 'close() returns at once with closed already true; waitClosed() resolves, from several places and again; close() again does nothing',
      async run(t) {
        const conn = await t.connect('utf-8');
        assert.equal(conn.closed, false);
        assert.equal(conn.close(), undefined);
        assert.equal(conn.closed, true);
        await Promise.all([conn.waitClosed(), conn.waitClosed()]);
        await conn.waitClosed();
        conn.close();
        assert.equal(conn.closed, true);
        await conn.waitClosed();
      },
    },
    {
      ids: ['connection.close-pending', 'execute.pending-close', 'errors.forced-close'],
      title: 'close() rejects a pending command with ConnectionForcedCloseError',
      needs: ['commands'],
      async run(t) {
        const conn = await t.connect('utf-8');
        const pending = conn.execute('BLPOP', t.name('never'), 0);
        assert.ok(await pendingAfter(pending, 50));
        conn.close();
        await rejectsWith(pending, 'ConnectionForcedCloseError');
        await conn.waitClosed();
      },
    },
    {
      ids: ['execute.closed', 'pubsub.closed', 'errors.forced-close'],
      title: 'a connection closed by close() rejects execute() and executePubsub() with ConnectionForcedCloseError',
      async run(t) {
        const conn = await t.connect('utf-8');
        conn.close();
        await rejectsWith(conn.execute('PING'), 'ConnectionForcedCloseError');
        await rejectsWith(conn.executePubsub('SUBSCRIBE', t.name('late')), 'ConnectionForcedCloseError');
        await conn.waitClosed();
        await rejectsWith(conn.execute('PING'), 'ConnectionForcedCloseError');
      },
    },
    {
      ids: ['connection.close-pending', 'channel.close.by-connection', 'errors.forced-close'],
      title: 'close() closes every subscribed channel with ConnectionForcedCloseError as the reason',
      async run(t) {
        const conn = await t.connect('utf-8');
        const plainName = t.name('a');
        await conn.executePubsub('SUBSCRIBE', plainName);
        await conn.executePubsub('PSUBSCRIBE', `${plainName}.*`);
        const plain = conn.pubsubChannels.get(plainName);
        const pattern = conn.pubsubPatterns.get(`${plainName}.*`);
        assert.ok(plain && pattern);
        const waiting = rejectsWith(plain.get(), 'ChannelClosedError');
        conn.close();
        const error = await waiting;
        assert.ok(error.cause instanceof Error && error.cause.name === 'ConnectionForcedCloseError', `the reason was ${String(error.cause)}`);
        const patternError = await rejectsWith(pattern.get(), 'ChannelClosedError');
        assert.ok(patternError.cause instanceof Error && patternError.cause.name === 'ConnectionForcedCloseError');
        assert.equal(plain.isActive, false);
        await conn.waitClosed();
      },
    },
  ],
};

import assert from 'node:assert/strict';
import type { CaseGroup } from '../case.js';
import { rejectsWith } from '../assertions.js';
import { startFakeServer } from '../fake-server.js';

/** The error shapes the server's replies and faults produce. */
export const errors: CaseGroup = {
  name: 'error shapes',
  cases: [
    {
      ids: ['errors.max-clients', 'errors.max-clients-closes', 'errors.name'],
      title: 'a server at maxclients refuses a new connection with MaxClientsError, a ReplyError',
      needs: ['server'],
      async run(t) {
        const own = await t.startServer({ args: ['--maxclients', '1'] });
        const holder = await t.connect('utf-8', { server: own });
        let refused: Error | undefined;
        try {
          const second = await t.connect('utf-8', { server: own });
          await second.execute('PING');
        } catch (error) {
          assert.ok(error instanceof Error);
          refused = error;
        }
        assert.ok(refused, 'the second connection was not refused');
        assert.equal(refused.name, 'MaxClientsError', `refused with ${refused.name}: ${refused.message}`);
        assert.match(refused.message, /max number of clients/);
        const list = await holder.execute('CLIENT', 'LIST');
        assert.equal(String(list).trim().split('\n').length, 1, 'the refused connection is still open on the server');
      },
    },
    {
      ids: ['errors.max-clients'],
      title: 'a pool that cannot open a connection at maxclients rejects the command with MaxClientsError',
      needs: ['server'],
      async run(t) {
        const own = await t.startServer({ args: ['--maxclients', '1'] });
        await t.connect('utf-8', { server: own });
        const pool = t.pool('utf-8', 1, { server: own });
        await rejectsWith(pool.execute('PING'), 'MaxClientsError');
      },
    },
    {
      ids: ['errors.auth'],
      title: 'a server with requirepass: no password or a wrong one is refused with AuthError, the right one works',
      needs: ['server'],
      async run(t) {
        const own = await t.startServer({ args: ['--requirepass', 'sesame'] });
        const open = async (password?: string): Promise<unknown> => {
          const conn = await t.connect('utf-8', { server: own, ...(password === undefined ? {} : { password }) });
          return conn.execute('GET', 'x');
        };
        await rejectsWith(open(), 'AuthError');
        await rejectsWith(open('wrong'), 'AuthError');
        assert.equal(await open('sesame'), null);
      },
    },
    {
      ids: ['errors.read-only', 'execute.read-only', 'errors.read-only-base', 'errors.reply-not-read-only'],
      title: 'a write to a read-only replica rejects with ReadOnlyError, which is not a ReplyError',
      needs: ['server'],
      async run(t) {
        const primary = await t.startServer();
        const replica = await t.startServer({ args: ['--replicaof', '127.0.0.1', String(primary.port)] });
        const conn = await t.connect('utf-8', { server: replica });
        const error = await rejectsWith(conn.execute('SET', t.name('key'), 'v'), 'ReadOnlyError');
        assert.match(error.message, /^READONLY/);
        assert.equal(await conn.execute('GET', t.name('key')), null, 'reads still work on the replica');
      },
    },
    {
      ids: ['errors.protocol'],
      title: 'a reply that cannot be parsed rejects with ProtocolError and the connection is closed',
      needs: ['server'],
      async run(t) {
        const fake = await startFakeServer(([command = '', argument]) => {
          if (argument === 'GARBAGE') return 'X not RESP\r\n';
          return command.toUpperCase() === 'INFO' ? '$0\r\n\r\n' : '+OK\r\n';
        });
        t.defer(() => fake.stop());
        const conn = await t.connect('utf-8', { server: fake });
        await rejectsWith(conn.execute('ECHO', 'GARBAGE'), 'ProtocolError');
        await conn.waitClosed();
        assert.equal(conn.closed, true);
      },
    },
  ],
};

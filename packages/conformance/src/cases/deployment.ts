import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import type { AbcConnection, AbcPool } from 'aioredis-abc';
import type { CaseContext, CaseGroup } from '../case.js';
import { eventually, rejectsWith } from '../assertions.js';
import { startFakeServer } from '../fake-server.js';
import type { RedisServer } from '../redis-server.js';

/** An admin connection over the server's unix socket, which stays plain when the TCP port takes TLS only. */
async function admin(t: CaseContext, server: RedisServer): Promise<AbcConnection<'utf-8'>> {
  return t.connect('utf-8', { server, via: 'unix' });
}

/**
 * A connection of the pool's own, once one has opened: an `acquire()` that
 * times out while the first connection opens (a cold start can take longer
 * than a short `acquireTimeout`) is tried again, since the opening goes on.
 */
async function acquireOpened(pool: AbcPool<AbcConnection<'utf-8'>>): Promise<AbcConnection<'utf-8'>> {
  for (;;) {
    try {
      return await pool.acquire();
    } catch (error) {
      if (!(error instanceof Error) || error.name !== 'TimeoutError') throw error;
    }
  }
}

/** Milliseconds `promise` takes to settle. */
async function timed(promise: Promise<unknown>): Promise<number> {
  const started = Date.now();
  await promise.catch(() => undefined);
  return Date.now() - started;
}

/**
 * The keep-alive timer of the established TCP sockets to `port`, from Linux's
 * `/proc/net/tcp`: `true` when every one has keep-alive probing armed.
 */
function keepAliveArmed(port: number): boolean[] {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  return readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields[2]?.endsWith(`:${hex}`) && fields[3] === '01')
    .map((fields) => fields[5]?.startsWith('02:') === true);
}

/** Real deployments: TLS, ACL users, URLs, client names, keep-alive, and no wait past a timeout. */
export const deployment: CaseGroup = {
  name: 'deployment',
  cases: [
    {
      ids: ['errors.auth', 'connection.db'],
      title: 'a rediss:// URL with an ACL user and a db reaches a TLS server as that user, with that user’s rights only',
      needs: ['server', 'deployment'],
      async run(t) {
        const server = await t.startServer({ tls: true });
        const root = await admin(t, server);
        await root.execute('ACL', 'SETUSER', 'app', 'on', '>app-secret', '~app:*', '+@all', '-@dangerous');
        const ca = server.ca ?? assert.fail('the TLS server has no CA');
        const conn = await t.connect('utf-8', { url: `rediss://app:app-secret@127.0.0.1:${server.port}/2`, tls: { ca } });
        assert.equal(await conn.execute('ACL', 'WHOAMI'), 'app');
        assert.equal(conn.db, 2);
        assert.equal(await conn.execute('SET', 'app:key', 'v'), 'OK');
        assert.equal(await root.execute('GET', 'app:key', { encoding: 'utf-8' }), null, 'the write did not land in db 2');
        await rejectsWith(conn.execute('SET', 'other:key', 'v'), 'ReplyError');
        const byOptions = await t.connect('utf-8', { server, username: 'app', password: 'app-secret', tls: { ca }, db: 2 });
        assert.equal(await byOptions.execute('GET', 'app:key'), 'v');
        await rejectsWith(t.connect('utf-8', { server, username: 'app', password: 'wrong', tls: { ca } }), 'AuthError');
      },
    },
    {
      ids: ['errors.connection-closed'],
      title: 'TLS to a plain port, plain TCP to a TLS port, and an untrusted certificate fail with a ConnectionClosedError that mentions TLS',
      needs: ['server', 'deployment'],
      async run(t) {
        const secure = await t.startServer({ tls: true });
        const ca = secure.ca ?? assert.fail('the TLS server has no CA');
        for (const open of [
          () => t.connect('utf-8', { tls: { ca }, connectTimeout: 3_000 }),
          () => t.connect('utf-8', { server: secure, connectTimeout: 3_000 }),
          () => t.connect('utf-8', { server: secure, tls: {}, connectTimeout: 3_000 }),
        ]) {
          const error = await rejectsWith(open(), 'ConnectionClosedError', 'TimeoutError');
          assert.match(error.message, /TLS/, error.message);
        }
      },
    },
    {
      ids: ['errors.connection-closed'],
      title: 'TLS to a plain port, and plain TCP to a TLS port, fail within a second or so with the default connectTimeout, and the error mentions TLS',
      needs: ['server', 'deployment'],
      timeout: 30_000,
      async run(t) {
        const secure = await t.startServer({ tls: true });
        const ca = secure.ca ?? assert.fail('the TLS server has no CA');
        for (const [what, open] of [
          ['TLS to the plain port', () => t.connect('utf-8', { tls: { ca } })],
          ['plain TCP to the TLS port', () => t.connect('utf-8', { server: secure })],
        ] as const) {
          let error: unknown;
          const took = await timed(
            open().catch((reason: unknown) => {
              error = reason;
            }),
          );
          assert.ok(error instanceof Error && /TLS/.test(error.message), `${what}: ${String(error)}`);
          assert.ok(took < 5_000, `${what} failed after ${took} ms, not within a second or so: ${error.message}`);
        }
      },
    },
    {
      ids: ['connection.address', 'connection.db'],
      title: 'redis:// and unix:// URLs give the address, password and db; a bad URL is a TypeError naming the part, never the password',
      needs: ['server', 'deployment'],
      async run(t) {
        const server = await t.startServer({ args: ['--requirepass', 'url-secret'] });
        const tcp = await t.connect('utf-8', { url: `redis://:url-secret@127.0.0.1:${server.port}/3` });
        assert.deepEqual(tcp.address, ['127.0.0.1', server.port]);
        assert.equal(tcp.db, 3);
        const unix = await t.connect('utf-8', { url: `unix://${server.path}?db=4&password=url-secret` });
        assert.equal(unix.address, server.path);
        assert.equal(unix.db, 4);
        for (const [url, part] of [
          [`redis://:url-secret@127.0.0.1:${server.port}/x`, /db/],
          [`http://127.0.0.1:${server.port}`, /scheme/],
          [`redis://:url-secret@127.0.0.1:${server.port}/?tiemout=1`, /tiemout/],
          [`redis://:url-secret@127.0.0.1:${server.port}/1?db=2`, /db/],
          ['not a url', /URL/],
          [`unix://host${server.path}`, /unix/],
        ] as const) {
          const error = await rejectsWith(t.connect('utf-8', { url }), 'TypeError');
          assert.match(error.message, part);
          assert.ok(!error.message.includes('url-secret'), `the password is in: ${error.message}`);
        }
      },
    },
    {
      ids: ['connection.address'],
      title: 'the client name is set when the connection opens, and keep-alive is armed on its socket as asked',
      needs: ['server', 'deployment'],
      async run(t) {
        const server = await t.startServer();
        const conn = await t.connect('utf-8', { server, name: 'billing-worker', keepAlive: 1_000 });
        assert.equal(await conn.execute('CLIENT', 'GETNAME'), 'billing-worker');
        assert.ok(existsSync('/proc/net/tcp'), 'this case reads keep-alive timers from Linux /proc/net/tcp');
        assert.deepEqual(keepAliveArmed(server.port), [true], 'keep-alive is not armed on the connection');
        conn.close();
        await conn.waitClosed();
        const plain = await t.connect('utf-8', { server, keepAlive: false });
        await eventually(() => keepAliveArmed(server.port).length === 1, 'the first connection is gone');
        assert.deepEqual(keepAliveArmed(server.port), [false], 'keep-alive is armed although it was turned off');
        assert.equal(await plain.execute('PING'), 'PONG');
      },
    },
    {
      ids: ['errors.timeout'],
      title: 'a server that accepts and never answers fails the connect with a TimeoutError within connectTimeout; nothing is left open',
      needs: ['server', 'deployment'],
      async run(t) {
        const silent = await startFakeServer(() => '');
        t.defer(() => silent.stop());
        let error: Error | undefined;
        const took = await timed(
          t.connect('utf-8', { server: silent, connectTimeout: 300 }).catch((reason: Error) => {
            error = reason;
          }),
        );
        assert.equal(error?.name, 'TimeoutError', String(error));
        assert.ok(took < 2_000, `the connect took ${took} ms against a timeout of 300`);
        await eventually(() => silent.connections() === 0, 'the timed-out connection was left open');
      },
    },
    {
      ids: ['errors.timeout', 'errors.timeout-closes'],
      title: 'on a stalled server a command rejects with a TimeoutError within commandTimeout, its connection closes, and a new one works once the server is back',
      needs: ['server', 'deployment'],
      timeout: 20_000,
      async run(t) {
        const server = await t.startServer();
        const conn = await t.connect('utf-8', { server, commandTimeout: 300 });
        const pool = t.pool('utf-8', 2, { server, commandTimeout: 300 });
        assert.equal(await pool.execute('PING'), 'PONG');
        server.pause();
        t.defer(() => server.resume());
        const stalled = conn.execute('GET', 'k');
        const behind = conn.execute('GET', 'k');
        const took = await timed(rejectsWith(stalled, 'TimeoutError'));
        assert.ok(took < 2_000, `the command waited ${took} ms against a timeout of 300`);
        await rejectsWith(behind, 'ConnectionClosedError');
        assert.equal(conn.closed, true);
        const poolTook = await timed(rejectsWith(pool.execute('GET', 'k'), 'TimeoutError'));
        assert.ok(poolTook < 2_000, `the pool's command waited ${poolTook} ms`);
        server.resume();
        assert.equal(await pool.execute('PING'), 'PONG');
        const fresh = await t.connect('utf-8', { server, commandTimeout: 300 });
        assert.equal(await fresh.execute('PING'), 'PONG');
      },
    },
    {
      ids: ['errors.timeout', 'pool.acquire'],
      title: 'a full pool rejects acquire and execute with a TimeoutError after acquireTimeout, and serves them once a connection is back',
      needs: ['server', 'deployment'],
      async run(t) {
        const pool = t.pool('utf-8', 1, { acquireTimeout: 200 });
        const held = await acquireOpened(pool);
        let full: Error | undefined;
        const took = await timed(
          rejectsWith(pool.acquire(), 'TimeoutError').then((error) => {
            full = error;
          }),
        );
        assert.ok(took >= 150 && took < 2_000, `acquire waited ${took} ms against a timeout of 200`);
        assert.match(full?.message ?? '', /1 in use, 0 opening/);
        await rejectsWith(pool.execute('PING'), 'TimeoutError');
        pool.release(held);
        assert.equal(await pool.execute('PING'), 'PONG');
      },
    },
    {
      ids: ['errors.timeout', 'pool.acquire'],
      title: 'an acquire that times out while the pool’s connection is still opening says so: none in use, one opening',
      needs: ['server', 'deployment'],
      async run(t) {
        const silent = await startFakeServer(() => '');
        t.defer(() => silent.stop());
        const pool = t.pool('utf-8', 1, { server: silent, acquireTimeout: 200, connectTimeout: 5_000 });
        const error = await rejectsWith(pool.acquire(), 'TimeoutError');
        assert.match(error.message, /0 in use, 1 opening/);
      },
    },
    {
      ids: ['pool.shared'],
      title: 'a pool at maxsize with every connection blocked in BLPOP still answers a GET at once',
      needs: ['server', 'commands'],
      timeout: 20_000,
      async run(t) {
        for (const maxsize of [1, 2]) {
          const pool = t.pool('utf-8', maxsize);
          const list = t.name('blocked');
          const blocked = Array.from({ length: maxsize }, () => pool.execute('BLPOP', list, 10));
          await new Promise((resolve) => setTimeout(resolve, 100));
          const took = await timed(pool.execute('GET', t.name('free')));
          assert.ok(took < 1_000, `a GET waited ${took} ms behind ${maxsize} blocked BLPOP`);
          const feeder = await t.connect('utf-8');
          await feeder.execute('RPUSH', list, ...Array.from({ length: maxsize }, (_, i) => `item${i}`));
          assert.equal((await Promise.all(blocked)).length, maxsize);
        }
      },
    },
  ],
};


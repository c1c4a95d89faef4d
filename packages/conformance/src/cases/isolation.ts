import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import type { AbcConnection, Encoding } from 'aioredis-abc';
import type { CaseGroup } from '../case.js';
import { bytes, eventually, pendingAfter, rejectsWith } from '../assertions.js';
import { isolationProperty, ThrowingChannel } from './isolation-property.js';

/** `execute()` as a JavaScript caller sees it: anything can be passed. */
function untyped(conn: AbcConnection): (...args: unknown[]) => Promise<unknown> {
  return (...args) => Reflect.apply(conn.execute, conn, args);
}

/** `executePubsub()` as a JavaScript caller sees it. */
function untypedPubsub(conn: AbcConnection): (...args: unknown[]) => Promise<unknown> {
  return (...args) => Reflect.apply(conn.executePubsub, conn, args);
}

/** The commands a pool's `execute()` refuses because they change the connection for the commands after them. */
const stateChanging: readonly (readonly [string, ...string[]])[] = [
  ['SELECT', '1'],
  ['MULTI'],
  ['EXEC'],
  ['DISCARD'],
  ['WATCH', 'k'],
  ['UNWATCH'],
  ['AUTH', 'secret'],
  ['HELLO', '2'],
  ['RESET'],
  ['QUIT'],
  ['READONLY'],
  ['READWRITE'],
  ['ASKING'],
  ['CLIENT', 'REPLY', 'ON'],
  ['CLIENT', 'TRACKING', 'ON'],
  ['CLIENT', 'CACHING', 'YES'],
  ['CLIENT', 'SETNAME', 'taken'],
  ['CLIENT', 'SETINFO', 'LIB-NAME', 'x'],
  ['CLIENT', 'NO-EVICT', 'ON'],
  ['CLIENT', 'NO-TOUCH', 'ON'],
];

/** What a secret must never be found in: an error's message, its inspection at any depth, its JSON, its causes. */
function assertNoSecret(error: Error, secret: string): void {
  const seen = [error.message, inspect(error, { depth: 10, showHidden: true }), JSON.stringify(error)];
  let cause: unknown = error.cause;
  while (cause instanceof Error) {
    seen.push(cause.message, JSON.stringify(cause));
    cause = cause.cause;
  }
  for (const text of seen) assert.ok(!text.includes(secret), `the password is in the error: ${text}`);
}

async function connectError<E extends Encoding>(opening: Promise<AbcConnection<E>>, ...names: string[]): Promise<Error> {
  return rejectsWith(opening, ...names);
}

/** No caller can hurt another: state-changing commands, arguments, channels, and a connection that opens only when the server agrees. */
export const isolation: CaseGroup = {
  name: 'isolation',
  cases: [
    isolationProperty,
    {
      ids: ['command.name-refused', 'command.args-refused'],
      title: 'non-finite numbers, lone surrogates, other objects, and empty or non-string names reject with a TypeError; nothing is sent',
      async run(t) {
        const conn = await t.connect('utf-8');
        const pool = t.pool('utf-8', 2);
        const key = t.name('refused');
        for (const target of [conn, pool]) {
          const execute = untyped(target);
          for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 'a\uD800', '\uDC00b', {}, [], new Date(0), true, 10n]) {
            await rejectsWith(execute('SET', key, bad), 'TypeError');
          }
          for (const name of ['', 42, {}, [], true, '\uD800']) await rejectsWith(execute(name, key), 'TypeError');
        }
        assert.equal(await conn.execute('GET', key), null, 'a refused command was sent');
      },
    },
    {
      ids: ['command.number-format'],
      title: 'numbers are sent as String(n): 1e21 as 1e+21, 0.1 as 0.1, -0 as 0, 2^53 in full',
      async run(t) {
        const conn = await t.connect('utf-8');
        const pool = t.pool('utf-8', 1);
        const key = t.name('number');
        for (const target of [conn, pool]) {
          for (const [number, text] of [
            [1e21, '1e+21'],
            [0.1, '0.1'],
            [-0, '0'],
            [2 ** 53, '9007199254740992'],
            [-1.5e-7, '-1.5e-7'],
          ] as const) {
            await target.execute('SET', key, number);
            assert.equal(await target.execute('GET', key), text);
          }
        }
      },
    },
    {
      ids: ['connection.db-in-transaction', 'connection.db'],
      title: 'a SELECT queued in a transaction changes db at EXEC, and a SELECT with bytes reads them as text',
      async run(t) {
        const conn = await t.connect('utf-8');
        await conn.execute('MULTI');
        await conn.execute('SELECT', 2);
        assert.equal(conn.db, 0, 'db changed when SELECT was queued');
        await conn.execute('EXEC');
        assert.equal(conn.db, 2);
        await conn.execute('SELECT', new Uint8Array([0x33]));
        assert.equal(conn.db, 3);
        await conn.execute('MULTI');
        await conn.execute('SELECT', 4);
        await conn.execute('DISCARD');
        assert.equal(conn.db, 3, 'a discarded SELECT changed db');
      },
    },
    {
      ids: ['connection.db-in-transaction', 'connection.db'],
      title: 'a SELECT queued in a transaction changes db at EXEC even when another queued command fails there, and EXEC rejects with that error',
      needs: ['server'],
      async run(t) {
        const conn = await t.connect('utf-8');
        const key = t.name('exec-error');
        await conn.execute('SET', key, 'text');
        await conn.execute('MULTI');
        await conn.execute('INCR', key);
        await conn.execute('SELECT', 2);
        await rejectsWith(conn.execute('EXEC'), 'ReplyError');
        assert.equal(conn.db, 2, 'the SELECT that ran at EXEC did not change db');
        assert.equal(await conn.execute('PING'), 'PONG', 'the transaction did not end');
        assert.equal(await conn.execute('CLIENT', 'INFO').then((info) => /\bdb=2\b/.test(String(info))), true, 'the server is not in db 2');
      },
    },
    {
      ids: ['execute.ping-pubsub'],
      title: 'PING in pub/sub mode resolves with PONG or its argument, decoded as outside it',
      async run(t) {
        const text = await t.connect('utf-8');
        const raw = await t.connect(null);
        for (const conn of [text, raw]) await conn.executePubsub('SUBSCRIBE', t.name('ping'));
        assert.equal(await text.execute('PING'), 'PONG');
        assert.equal(await text.execute('PING', 'hello'), 'hello');
        assert.deepEqual(bytes(await raw.execute('PING')), Buffer.from('PONG'));
        assert.deepEqual(bytes(await raw.execute('PING', 'hello')), Buffer.from('hello'));
      },
    },
    {
      ids: ['execute.refused-streams'],
      title: 'MONITOR, SYNC, PSYNC, CLIENT REPLY OFF or SKIP and HELLO 3 reject with a TypeError on a connection; it carries on',
      async run(t) {
        const conn = await t.connect('utf-8');
        for (const command of [['MONITOR'], ['SYNC'], ['PSYNC', '?', '-1'], ['CLIENT', 'REPLY', 'OFF'], ['client', 'reply', 'skip'], ['HELLO', '3']] as const) {
          await rejectsWith(untyped(conn)(...command), 'TypeError');
        }
        assert.equal(await conn.execute('PING'), 'PONG');
        assert.equal(await conn.execute('ECHO', 'in step'), 'in step');
      },
    },
    {
      ids: ['execute.decode-strict'],
      title: 'a reply the codec cannot decode rejects with a TypeError, and the bytes are read with { encoding: null }',
      async run(t) {
        const conn = await t.connect('utf-8');
        const invalid = t.name('invalid');
        const accented = t.name('accented');
        await conn.execute('SET', invalid, Buffer.from([0x61, 0xff, 0xfe]));
        await conn.execute('SET', accented, 'é');
        const error = await rejectsWith(conn.execute('GET', invalid), 'TypeError');
        assert.match(error.message, /utf-?8/i);
        await rejectsWith(conn.execute('GET', accented, { encoding: 'ascii' }), 'TypeError');
        assert.deepEqual(bytes(await conn.execute('GET', invalid, { encoding: null })), Buffer.from([0x61, 0xff, 0xfe]));
        assert.equal(await conn.execute('GET', accented), 'é');
        assert.equal(await conn.execute('GET', accented, { encoding: 'latin1' }), Buffer.from('é').toString('latin1'));
      },
    },
    {
      ids: ['pubsub.no-channel'],
      title: 'executePubsub refuses at run time what is neither a name nor a channel object',
      async run(t) {
        const conn = await t.connect('utf-8');
        const pool = t.pool('utf-8', 1);
        for (const target of [conn, pool]) {
          const subscribe = untypedPubsub(target);
          for (const bad of [{}, { name: 'x', isPattern: false }, { name: 'x', isPattern: false, get() {}, close() {} }, 42, null, 'lone\uD800']) {
            await rejectsWith(subscribe('SUBSCRIBE', bad), 'TypeError');
          }
          await rejectsWith(subscribe('SUBSCRIBE'), 'TypeError');
          assert.equal(target.inPubsub, 0);
        }
      },
    },
    {
      ids: ['pubsub.subscribe-again'],
      title: 'a channel subscribed three times by name gets each message once',
      async run(t) {
        const conn = await t.connect('utf-8');
        const publisher = await t.connect('utf-8');
        const name = t.name('again');
        for (let i = 0; i < 3; i += 1) await conn.executePubsub('SUBSCRIBE', name);
        const channel = conn.pubsubChannels.get(name);
        assert.ok(channel);
        assert.equal(await publisher.execute('PUBLISH', name, 'once'), 1);
        assert.equal(await channel.get(), 'once');
        assert.ok(await pendingAfter(channel.get(), 150), 'one PUBLISH was delivered more than once');
      },
    },
    {
      ids: ['pubsub.channel-throws'],
      title: 'a channel whose putNowait throws, or whose message does not decode, is closed and unsubscribed; the connection and other channels carry on',
      async run(t) {
        const conn = await t.connect('utf-8');
        const publisher = await t.connect('utf-8');
        const bad = new ThrowingChannel(t.name('bad'));
        const good = t.name('good');
        const garbled = t.name('garbled');
        await conn.executePubsub('SUBSCRIBE', bad, good, garbled);
        await publisher.execute('PUBLISH', bad.name, 'refused');
        await publisher.execute('PUBLISH', garbled, Buffer.from([0xff]));
        await publisher.execute('PUBLISH', good, 'delivered');
        const goodChannel = conn.pubsubChannels.get(good);
        assert.ok(goodChannel);
        assert.equal(await goodChannel.get(), 'delivered');
        await eventually(() => bad.closedWith !== null, 'the throwing channel was closed');
        assert.equal(bad.closedWith, bad.failure, 'the channel was not closed with what it threw');
        await eventually(() => conn.inPubsub === 1, 'the two failed channels were unsubscribed');
        assert.equal(conn.pubsubChannels.has(String(bad.name)), false);
        assert.equal(conn.pubsubChannels.has(garbled), false);
        assert.equal(conn.closed, false);
        assert.equal(await conn.execute('PING'), 'PONG');
        assert.equal(await publisher.execute('PUBLISH', good, 'again'), 1);
        assert.equal(await goodChannel.get(), 'again');

        const pool = t.pool('utf-8', 2);
        const pooled = new ThrowingChannel(t.name('pooled'));
        await pool.executePubsub('SUBSCRIBE', pooled);
        await pool.execute('PUBLISH', pooled.name, 'refused');
        await eventually(() => pooled.closedWith === pooled.failure, "the pool's throwing channel was closed");
        await eventually(() => pool.inPubsub === 0, "the pool's throwing channel was unsubscribed");
        assert.equal(await pool.execute('ECHO', 'fine'), 'fine');
      },
    },
    {
      ids: ['connection.patterns'],
      title: 'pattern messages reach a pattern whose bytes are not UTF-8, and not another pattern of the same UTF-8 decoding',
      needs: ['binaryNames'],
      async run(t) {
        const conn = await t.connect(null);
        const publisher = await t.connect(null);
        const prefix = Buffer.from(t.name('binary-pattern'));
        const matching = Buffer.concat([prefix, Buffer.from([0xff, 0x2a])]);
        const lookalike = Buffer.concat([prefix, Buffer.from([0xfe, 0x2a])]);
        const target = t.implementation.patternChannel<Uint8Array>(matching);
        const other = t.implementation.patternChannel<Uint8Array>(lookalike);
        await conn.executePubsub('PSUBSCRIBE', target, other);
        const published = Buffer.concat([prefix, Buffer.from([0xff, 0x41])]);
        assert.equal(await publisher.execute('PUBLISH', published, 'binary'), 1);
        const [from, message] = await target.get();
        assert.deepEqual(bytes(from), published);
        assert.deepEqual(bytes(message), Buffer.from('binary'));
        assert.ok(await pendingAfter(other.get(), 100), 'a pattern that does not match got the message');
      },
    },
    {
      ids: ['pool.state-refused', 'pool.isolation'],
      title: "a pool's execute refuses every command that changes its connection, with a TypeError that points to acquire(); other callers see nothing",
      async run(t) {
        const pool = t.pool('utf-8', 2, { db: 3 });
        const key = t.name('untouched');
        await pool.execute('SET', key, 'before');
        for (const command of stateChanging) {
          const error = await rejectsWith(untyped(pool)(...command), 'TypeError');
          assert.match(error.message, /acquire\(\)/, `${command.join(' ')}: ${error.message}`);
        }
        assert.equal(pool.db, 3);
        assert.equal(await pool.execute('GET', key), 'before');
        const own = await t.connect('utf-8', { db: 3 });
        assert.equal(await own.execute('GET', key), 'before', "the pool's writes left its db");
      },
    },
    {
      ids: ['pool.release-changed', 'pool.isolation'],
      title: 'release closes a connection left watching, or changed by CLIENT SETNAME, NO-EVICT, TRACKING, HELLO or RESET; the next caller’s transaction is untouched',
      needs: ['commands', 'server'],
      async run(t) {
        const pool = t.pool('utf-8', 1, { db: 2 });
        const key = t.name('watched');
        const watcher = await pool.acquire();
        await watcher.execute('WATCH', key);
        pool.release(watcher);
        assert.equal(watcher.closed, true, 'a connection with a WATCH open was kept');
        await pool.execute('SET', key, 'changed by someone');
        const next = await pool.acquire();
        await next.execute('MULTI');
        await next.execute('SET', key, 'mine');
        assert.deepEqual(await next.execute('EXEC'), ['OK'], "another caller's WATCH aborted this transaction");
        pool.release(next);
        for (const command of [['CLIENT', 'SETNAME', 'changed'], ['CLIENT', 'NO-EVICT', 'ON'], ['RESET'], ['HELLO', '2'], ['CLIENT', 'TRACKING', 'ON']] as const) {
          const conn = await pool.acquire();
          await untyped(conn)(...command);
          pool.release(conn);
          assert.equal(conn.closed, true, `a connection changed by ${command.join(' ')} was kept`);
        }
        const unwatched = await pool.acquire();
        await unwatched.execute('WATCH', key);
        await unwatched.execute('UNWATCH');
        pool.release(unwatched);
        assert.equal(unwatched.closed, false, 'a connection whose WATCH was ended was closed');
        assert.equal(await pool.execute('GET', key), 'mine');
      },
    },
    {
      ids: ['pool.unknown-retired'],
      title: 'a command the pool does not know runs on a connection of its own, which is closed afterwards',
      async run(t) {
        const pool = t.pool('utf-8', 1);
        const conn = await pool.acquire();
        pool.release(conn);
        await rejectsWith(pool.execute('NO-SUCH-COMMAND', 'x'), 'ReplyError');
        assert.equal(conn.closed, true, 'the connection that ran an unknown command was kept');
        assert.equal(pool.getConnection(), null);
        assert.equal(await pool.execute('PING'), 'PONG');
      },
    },
    {
      ids: ['connection.open-refused'],
      title: 'a database the server refuses rejects the connect, and the pool’s commands, with its ReplyError',
      async run(t) {
        const error = await connectError(t.connect('utf-8', { db: 16 }), 'ReplyError');
        assert.match(error.message, /DB index is out of range/);
        const pool = t.pool('utf-8', 1, { db: 16 });
        await rejectsWith(pool.execute('PING'), 'ReplyError');
      },
    },
    {
      ids: ['connection.open-refused', 'errors.auth'],
      title: 'a wrong or missing password, or a password to a server without one, rejects the connect with AuthError that holds no password; nothing is left open',
      needs: ['server'],
      async run(t) {
        const secret = 'correct horse battery staple';
        const guarded = await t.startServer({ args: ['--requirepass', secret] });
        const open = await t.startServer();
        assertNoSecret(await connectError(t.connect('utf-8', { server: guarded, password: 'wrong horse' }), 'AuthError'), 'wrong horse');
        await connectError(t.connect('utf-8', { server: guarded }), 'AuthError');
        assertNoSecret(await connectError(t.connect('utf-8', { server: open, password: secret }), 'AuthError'), secret);
        await rejectsWith(t.pool('utf-8', 1, { server: guarded, password: 'wrong horse' }).execute('PING'), 'AuthError');
        const observer = await t.connect('utf-8', { server: guarded, password: secret });
        await eventually(async () => String(await observer.execute('CLIENT', 'LIST')).trim().split('\n').length === 1, 'a refused connection was left open');
        const other = await t.connect('utf-8', { server: open });
        await eventually(async () => String(await other.execute('CLIENT', 'LIST')).trim().split('\n').length === 1, 'a refused connection was left open');
      },
    },
  ],
};

import assert from 'node:assert/strict';
import type { CaseGroup } from '../case.js';
import { bytes, rejectsWith } from '../assertions.js';

/** `execute()`: what it sends, what it resolves with, and what it refuses. */
export const commands: CaseGroup = {
  name: 'commands and replies',
  cases: [
    {
      ids: ['execute.reply', 'connection.encoding', 'reply.bulk', 'message.follows-encoding'],
      title: 'a status or bulk reply is a string on a connection with an encoding and bytes on one without',
      async run(t) {
        const text = await t.connect('utf-8');
        const raw = await t.connect(null);
        assert.equal(text.encoding, 'utf-8');
        assert.equal(raw.encoding, null);
        const key = t.name('status');
        assert.equal(await text.execute('SET', key, 'café'), 'OK');
        assert.deepEqual(bytes(await raw.execute('SET', key, 'café')), Buffer.from('OK'));
        assert.equal(await text.execute('GET', key), 'café');
        assert.deepEqual(bytes(await raw.execute('GET', key)), Buffer.from('café'));
      },
    },
    {
      ids: ['execute.per-call-encoding', 'execute.reply'],
      title: "an options object given last sets this call's encoding: null gives bytes, a codec gives strings",
      async run(t) {
        const text = await t.connect('utf-8');
        const raw = await t.connect(null);
        const key = t.name('per-call');
        await text.execute('SET', key, 'café');
        assert.deepEqual(bytes(await text.execute('GET', key, { encoding: null })), Buffer.from('café'));
        assert.equal(await raw.execute('GET', key, { encoding: 'utf-8' }), 'café');
        assert.equal(await raw.execute('GET', key, { encoding: 'latin1' }), Buffer.from('café').toString('latin1'));
        assert.equal(await text.execute('GET', key), 'café', 'the per-call encoding lasted beyond its call');
      },
    },
    {
      ids: ['execute.order'],
      title: 'a connection sends commands in call order: callers interleaved in one go, and a MULTI … EXEC called in one go among them, each get their own replies in order',
      async run(t) {
        const conn = await t.connect('utf-8');
        const list = t.name('order-list');
        const counter = t.name('order-counter');
        const counts: Promise<unknown>[] = [];
        const pushes: Promise<unknown>[] = [];
        let transaction: Promise<unknown>[] = [];
        for (let i = 0; i < 300; i += 1) {
          pushes.push(conn.execute('RPUSH', list, String(i)));
          counts.push(conn.execute('INCR', counter));
          if (i === 150) transaction = [conn.execute('MULTI'), conn.execute('RPUSH', list, 'tx'), conn.execute('INCR', counter), conn.execute('EXEC')];
        }
        await Promise.all(pushes);
        const expectedCounts = Array.from({ length: 300 }, (_, i) => (i <= 150 ? i + 1 : i + 2));
        assert.deepEqual(await Promise.all(counts), expectedCounts, 'INCR answered out of the order of the calls');
        assert.deepEqual(await Promise.all(transaction), ['OK', 'QUEUED', 'QUEUED', [152, 152]], 'the transaction took in another caller’s command, or lost its own');
        const expected = Array.from({ length: 300 }, (_, i) => String(i));
        expected.splice(151, 0, 'tx');
        assert.deepEqual(await conn.execute('LRANGE', list, 0, -1), expected);
      },
    },
    {
      ids: ['command.args'],
      title: 'arguments are strings, bytes sent as they are, and numbers sent as decimals',
      async run(t) {
        const raw = await t.connect(null);
        const key = t.name('binary');
        const value = new Uint8Array([0, 255, 128, 10]);
        await raw.execute('SET', key, value);
        assert.deepEqual(bytes(await raw.execute('GET', key)), Buffer.from(value));
        await raw.execute('SET', key, 1.5);
        assert.deepEqual(bytes(await raw.execute('GET', key)), Buffer.from('1.5'));
        await raw.execute('SET', key, -42);
        assert.deepEqual(bytes(await raw.execute('GET', key)), Buffer.from('-42'));
      },
    },
    {
      ids: ['reply.shapes'],
      title: 'an integer reply is a number and a nil reply null',
      async run(t) {
        const text = await t.connect('utf-8');
        const key = t.name('counter');
        assert.equal(await text.execute('INCR', key), 1);
        assert.equal(await text.execute('INCR', key), 2);
        assert.equal(await text.execute('GET', t.name('missing')), null);
      },
    },
    {
      ids: ['reply.shapes', 'reply.bulk'],
      title: 'array replies nest, and every bulk string in them follows the encoding',
      needs: ['commands', 'scripting'],
      async run(t) {
        const text = await t.connect('utf-8');
        const raw = await t.connect(null);
        const key = t.name('list');
        await text.execute('RPUSH', key, 'a', 'b');
        assert.deepEqual(await text.execute('LRANGE', key, 0, -1), ['a', 'b']);
        const script = "return {1, {'x', {2, false}}}";
        assert.deepEqual(await text.execute('EVAL', script, 0), [1, ['x', [2, null]]]);
        assert.deepEqual(await raw.execute('EVAL', script, 0), [1, [Buffer.from('x'), [2, null]]]);
        const nested = await raw.execute('EVAL', script, 0);
        assert.ok(Array.isArray(nested) && Array.isArray(nested[1]));
        bytes(nested[1][0]);
      },
    },
    {
      ids: ['reply.array-fresh'],
      title: "an array reply is the caller's own: changing it changes no later reply",
      needs: ['commands'],
      async run(t) {
        const text = await t.connect('utf-8');
        const key = t.name('fresh');
        await text.execute('RPUSH', key, 'a', 'b');
        const first = await text.execute('LRANGE', key, 0, -1);
        assert.ok(Array.isArray(first));
        first.push('mine');
        first[0] = 'changed';
        assert.deepEqual(await text.execute('LRANGE', key, 0, -1), ['a', 'b']);
      },
    },
    {
      ids: ['execute.reply-error', 'errors.reply', 'errors.name', 'errors.pipeline'],
      title: 'an error reply rejects with a ReplyError whose message is the reply, and the connection goes on',
      async run(t) {
        const text = await t.connect('utf-8');
        const error = await rejectsWith(text.execute('NOSUCHCOMMAND', 'x'), 'ReplyError');
        assert.match(error.message, /^ERR unknown command/);
        assert.equal(await text.execute('PING'), 'PONG');
      },
    },
    {
      ids: ['execute.reply-error', 'errors.reply'],
      title: 'a WRONGTYPE reply rejects with a ReplyError that carries its text',
      needs: ['commands'],
      async run(t) {
        const text = await t.connect('utf-8');
        const key = t.name('string');
        await text.execute('SET', key, 'v');
        const error = await rejectsWith(text.execute('LPUSH', key, 'x'), 'ReplyError');
        assert.match(error.message, /^WRONGTYPE/);
      },
    },
    {
      ids: ['reply.error-in-array', 'execute.error-in-array', 'errors.multi-exec'],
      title: 'an error inside an EXEC reply rejects the command with a ReplyError',
      needs: ['commands'],
      async run(t) {
        const text = await t.connect('utf-8');
        const key = t.name('string');
        await text.execute('SET', key, 'v');
        await text.execute('MULTI');
        assert.equal(await text.execute('LPUSH', key, 'x'), 'QUEUED');
        assert.equal(await text.execute('INCR', t.name('counter')), 'QUEUED');
        const error = await rejectsWith(text.execute('EXEC'), 'ReplyError');
        assert.match(error.message, /WRONGTYPE/);
        assert.equal(await text.execute('PING'), 'PONG');
      },
    },
    {
      ids: ['command.null-refused', 'execute.null-refused'],
      title: 'a null or undefined argument rejects with a TypeError and nothing is sent',
      async run(t) {
        const text = await t.connect('utf-8');
        const key = t.name('guarded');
        await text.execute('SET', key, 'before');
        // @ts-expect-error: a JavaScript caller can pass null; the types refuse it
        await rejectsWith(text.execute('SET', key, null), 'TypeError');
        // @ts-expect-error: likewise undefined
        await rejectsWith(text.execute('SET', key, undefined), 'TypeError');
        assert.equal(await text.execute('GET', key), 'before');
      },
    },
    {
      ids: ['execute.options-last'],
      title: 'an options object anywhere but last rejects with a TypeError and nothing is sent',
      async run(t) {
        const text = await t.connect('utf-8');
        const key = t.name('misplaced');
        await rejectsWith(text.execute('SET', key, { encoding: null }, 'v'), 'TypeError');
        assert.equal(await text.execute('GET', key), null);
      },
    },
    {
      ids: ['command.options-shape', 'execute.options-shape'],
      title: 'an object in last place that is not { encoding } rejects with a TypeError that says so, and nothing is sent',
      async run(t) {
        const text = await t.connect('utf-8');
        const key = t.name('shape');
        // @ts-expect-error: a JavaScript caller can pass any object; the types refuse it
        const wrong = await rejectsWith(text.execute('SET', key, 'v', { encodnig: null }), 'TypeError');
        assert.match(wrong.message, /encoding/);
        // @ts-expect-error: likewise an encoding that is neither a codec name nor null
        await rejectsWith(text.execute('SET', key, 'v', { encoding: 8 }), 'TypeError');
        assert.equal(await text.execute('GET', key), null);
      },
    },
    {
      ids: ['command.args-refused', 'execute.options-shape'],
      title: 'an object in last place that is no options object (null prototype, a toString that throws) is refused as the argument it is, and nothing is sent',
      async run(t) {
        const text = await t.connect('utf-8');
        const key = t.name('last');
        const bare: unknown = Object.create(null);
        const throwing = { toString: (): string => assert.fail('toString was called') };
        for (const last of [bare, throwing]) {
          // @ts-expect-error: a JavaScript caller can pass any object; the types refuse it
          const error = await rejectsWith(text.execute('SET', key, 'v', last), 'TypeError');
          assert.match(error.message, /argument 3/, error.message);
          assert.doesNotMatch(error.message, /options object in last place must be/, error.message);
        }
        assert.equal(await text.execute('GET', key), null);
      },
    },
    {
      ids: ['execute.pubsub-refused'],
      title: 'execute() refuses the pub/sub commands with a TypeError: they go through executePubsub()',
      async run(t) {
        const text = await t.connect('utf-8');
        for (const command of ['SUBSCRIBE', 'psubscribe', 'UNSUBSCRIBE', 'PUNSUBSCRIBE']) {
          const error = await rejectsWith(text.execute(command, t.name('channel')), 'TypeError');
          assert.match(error.message, /executePubsub/);
        }
        assert.equal(text.inPubsub, 0);
        assert.equal(await text.execute('PING'), 'PONG');
      },
    },
    {
      ids: ['command.name'],
      title: 'a command name is taken in any case, and as bytes',
      async run(t) {
        const text = await t.connect('utf-8');
        assert.equal(await text.execute('ping'), 'PONG');
        assert.equal(await text.execute('Ping'), 'PONG');
        assert.equal(await text.execute(new TextEncoder().encode('PING')), 'PONG');
      },
    },
      {
      ids: ['execute.reply'],
      title: 'MULTI queues commands and EXEC resolves with their replies, each following the encoding',
      async run(t) {
        const text = await t.connect('utf-8');
        const key = t.name('transaction');
        assert.equal(await text.execute('MULTI'), 'OK');
        assert.equal(await text.execute('SET', key, 'v'), 'QUEUED');
        assert.equal(await text.execute('GET', key), 'QUEUED');
        assert.equal(await text.execute('INCR', t.name('counter')), 'QUEUED');
        assert.deepEqual(await text.execute('EXEC'), ['OK', 'v', 1]);
      },
    },
    {
      ids: ['transaction.watch'],
      title: 'EXEC after a WATCH whose key changed resolves with null, and nothing queued is run',
      needs: ['commands'],
      async run(t) {
        const watcher = await t.connect('utf-8');
        const other = await t.connect('utf-8');
        const key = t.name('watched');
        await watcher.execute('WATCH', key);
        await other.execute('SET', key, 'changed');
        await watcher.execute('MULTI');
        await watcher.execute('SET', key, 'mine');
        assert.equal(await watcher.execute('EXEC'), null);
        assert.equal(await watcher.execute('GET', key), 'changed');
      },
    },
      {
      ids: ['reply.resp2'],
      title: 'replies are RESP2: maps, sets, scores and streams come as flat or nested arrays, the same on every implementation',
      needs: ['commands', 'streams', 'server'],
      async run(t) {
        const text = await t.connect('utf-8');
        const [zset, hash, set, stream] = [t.name('zset'), t.name('hash'), t.name('set'), t.name('stream')];
        await text.execute('ZADD', zset, 1, 'a', 2.5, 'b');
        assert.deepEqual(await text.execute('ZRANGE', zset, 0, -1, 'WITHSCORES'), ['a', '1', 'b', '2.5']);
        assert.equal(await text.execute('ZSCORE', zset, 'b'), '2.5');
        await text.execute('HSET', hash, 'f1', 'v1', 'f2', 'v2');
        assert.deepEqual(await text.execute('HGETALL', hash), ['f1', 'v1', 'f2', 'v2']);
        await text.execute('SADD', set, 'only');
        assert.deepEqual(await text.execute('SMEMBERS', set), ['only']);
        assert.equal(await text.execute('SISMEMBER', set, 'only'), 1);
        await text.execute('XADD', stream, '1-1', 'field', 'value');
        assert.deepEqual(await text.execute('XRANGE', stream, '-', '+'), [['1-1', ['field', 'value']]]);
        assert.deepEqual(await text.execute('CONFIG', 'GET', 'maxmemory-policy'), ['maxmemory-policy', 'noeviction']);
        assert.equal(await text.execute('SET', t.name('nx'), 'v', 'NX', 'GET'), null);
      },
    },
  ],
};

import assert from 'node:assert/strict';
import type { CaseGroup } from '../case.js';
import { rejectsWith } from '../assertions.js';

/** Streams and consumer groups: the replies a stream consumer sees, the same on every implementation that has streams. */
export const streams: CaseGroup = {
  name: 'streams',
  cases: [
    {
      ids: ['reply.resp2', 'execute.reply', 'execute.reply-error'],
      title: 'a stream consumer group (XADD, XGROUP, XREADGROUP, XACK, XPENDING, XCLAIM, XINFO) answers with the same replies',
      needs: ['commands', 'streams'],
      async run(t) {
        const conn = await t.connect('utf-8');
        const stream = t.name('stream');
        assert.equal(await conn.execute('XADD', stream, '1-1', 'job', 'a'), '1-1');
        assert.equal(await conn.execute('XADD', stream, '1-*', 'job', 'b'), '1-2');
        assert.equal(await conn.execute('XGROUP', 'CREATE', stream, 'workers', '0'), 'OK');
        assert.equal((await rejectsWith(conn.execute('XGROUP', 'CREATE', stream, 'workers', '0'), 'ReplyError')).message, 'BUSYGROUP Consumer Group name already exists');
        assert.deepEqual(await conn.execute('XREADGROUP', 'GROUP', 'workers', 'alice', 'COUNT', 1, 'STREAMS', stream, '>'), [[stream, [['1-1', ['job', 'a']]]]]);
        assert.deepEqual(await conn.execute('XREADGROUP', 'GROUP', 'workers', 'bob', 'STREAMS', stream, '>'), [[stream, [['1-2', ['job', 'b']]]]]);
        assert.deepEqual(await conn.execute('XPENDING', stream, 'workers'), [2, '1-1', '1-2', [['alice', '1'], ['bob', '1']]]);
        assert.equal(await conn.execute('XACK', stream, 'workers', '1-1', '9-9'), 1);
        assert.deepEqual(await conn.execute('XCLAIM', stream, 'workers', 'alice', 0, '1-2', 'JUSTID'), ['1-2']);
        const [pending] = (await conn.execute('XPENDING', stream, 'workers', '-', '+', 10)) as [unknown[]];
        assert.deepEqual([pending[0], pending[1], pending[3]], ['1-2', 'alice', 1]);
        assert.deepEqual(await conn.execute('XREADGROUP', 'GROUP', 'workers', 'alice', 'STREAMS', stream, '0'), [[stream, [['1-2', ['job', 'b']]]]]);
        const [group] = (await conn.execute('XINFO', 'GROUPS', stream)) as [unknown[]];
        assert.deepEqual(group, ['name', 'workers', 'consumers', 2, 'pending', 1, 'last-delivered-id', '1-2', 'entries-read', 2, 'lag', 0]);
        const missing = await rejectsWith(conn.execute('XREADGROUP', 'GROUP', 'nobody', 'c', 'STREAMS', stream, '>'), 'ReplyError');
        assert.equal(missing.message, `NOGROUP No such key '${stream}' or consumer group 'nobody' in XREADGROUP with GROUP option`);
      },
    },
    {
      ids: ['reply.resp2', 'execute.reply'],
      title: 'XREADGROUP BLOCK waits for the next XADD from another connection, and XREAD BLOCK on $ sees only new entries',
      needs: ['commands', 'streams'],
      async run(t) {
        const reader = await t.connect('utf-8');
        const writer = await t.connect('utf-8');
        const stream = t.name('blocking');
        assert.equal(await writer.execute('XGROUP', 'CREATE', stream, 'workers', '$', 'MKSTREAM'), 'OK');
        const grouped = reader.execute('XREADGROUP', 'GROUP', 'workers', 'carol', 'BLOCK', 10_000, 'STREAMS', stream, '>');
        const plain = writer.execute('XREAD', 'BLOCK', 10_000, 'STREAMS', stream, '$');
        const other = await t.connect('utf-8');
        assert.equal(await other.execute('XADD', stream, '5-1', 'job', 'c'), '5-1');
        assert.deepEqual(await grouped, [[stream, [['5-1', ['job', 'c']]]]]);
        assert.deepEqual(await plain, [[stream, [['5-1', ['job', 'c']]]]]);
        assert.equal(await other.execute('XLEN', stream), 1);
        assert.deepEqual(await other.execute('XREAD', 'BLOCK', 1, 'STREAMS', stream, '$'), null);
      },
    },
  ],
};

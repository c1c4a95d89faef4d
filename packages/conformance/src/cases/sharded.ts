import assert from 'node:assert/strict';
import type { AbcConnection, AbcPool } from 'aioredis-abc';
import type { CaseGroup } from '../case.js';
import { eventually, rejectsWith } from '../assertions.js';

/**
 * The shard channels of a connection or pool: its `pubsubShardChannels`, which
 * an implementation that takes `SSUBSCRIBE` must have; the case fails, rather
 * than skips, when it is missing.
 */
function shardsOf<E extends 'utf-8' | null>(conn: AbcConnection<E>): NonNullable<AbcConnection<E>['pubsubShardChannels']> {
  return conn.pubsubShardChannels ?? assert.fail('pubsubShardChannels is missing on an implementation that takes SSUBSCRIBE');
}

/** The error a closed channel's `get()` was closed with: the `cause` of its `ChannelClosedError`. */
async function closedWith(channel: { get(): Promise<unknown> }): Promise<string> {
  const error = await rejectsWith(channel.get(), 'ChannelClosedError');
  return error.cause instanceof Error ? error.cause.name : String(error.cause);
}

/** `SSUBSCRIBE`, `SUNSUBSCRIBE` and `SPUBLISH` (Redis 7's sharded pub/sub), on a connection and on a pool. */
export const sharded: CaseGroup = {
  name: 'sharded pub/sub',
  cases: [
    {
      ids: ['pubsub.confirmations', 'pubsub.command-case', 'pubsub.kind-lower', 'pubsub.confirmation-shard-count', 'connection.in-pubsub', 'pubsub.subscribe-again'],
      title: 'SSUBSCRIBE confirms each shard channel with the count of shard channels only, in any case, and inPubsub counts every kind',
      async run(t) {
        const conn = await t.connect('utf-8');
        const [a, b, p] = [t.name('a'), t.name('b'), `${t.name('n')}.*`];
        assert.deepEqual(await conn.executePubsub('SSUBSCRIBE', a, b), [
          ['ssubscribe', a, 1],
          ['ssubscribe', b, 2],
        ]);
        assert.equal(conn.inPubsub, 2);
        assert.deepEqual(await conn.executePubsub('subscribe', a), [['subscribe', a, 1]]);
        assert.deepEqual(await conn.executePubsub('PSUBSCRIBE', p), [['psubscribe', p, 2]]);
        assert.deepEqual(await conn.executePubsub('Ssubscribe', a), [['ssubscribe', a, 2]]);
        assert.equal(conn.inPubsub, 4);
        assert.deepEqual(await conn.executePubsub('sunsubscribe', a), [['sunsubscribe', a, 1]]);
        assert.deepEqual(await conn.executePubsub('UNSUBSCRIBE', a), [['unsubscribe', a, 1]]);
        assert.equal(conn.inPubsub, 2);
        assert.deepEqual(await conn.executePubsub('Sunsubscribe', b), [['sunsubscribe', b, 0]]);
        assert.equal(conn.inPubsub, 1);
      },
    },
    {
      ids: ['connection.shard-channels', 'connection.shard-channels-plain', 'pubsub.shard-plain', 'pubsub.channel-objects', 'connection.channels'],
      title: 'SPUBLISH reaches the shard channel, by name or given as an object, and PUBLISH the plain one of the same name: two dictionaries',
      async run(t) {
        const conn = await t.connect('utf-8');
        const publisher = await t.connect('utf-8');
        const [news, weather] = [t.name('news'), t.name('weather')];
        const given = t.implementation.plainChannel<string>(weather);
        await conn.executePubsub('SSUBSCRIBE', news, given);
        await conn.executePubsub('SUBSCRIBE', news);
        const shards = shardsOf(conn);
        assert.deepEqual([...shards.keys()], [news, weather]);
        assert.deepEqual([...conn.pubsubChannels.keys()], [news]);
        assert.equal(shards.get(weather), given);
        const shard = shards.get(news) ?? assert.fail('no shard channel after SSUBSCRIBE');
        assert.equal(shard.isPattern, false);
        assert.notEqual(shard, conn.pubsubChannels.get(news));
        assert.equal(await publisher.execute('SPUBLISH', news, 'sharded'), 1);
        assert.equal(await publisher.execute('PUBLISH', news, 'plain'), 1);
        assert.equal(await publisher.execute('SPUBLISH', weather, 'rain'), 1);
        assert.equal(await shard.get(), 'sharded');
        assert.equal(await conn.pubsubChannels.get(news)?.get(), 'plain');
        assert.equal(await given.get(), 'rain');
      },
    },
    {
      ids: ['pubsub.unsubscribe-closes', 'channel.close.drains', 'connection.shard-channels'],
      title: 'SUNSUBSCRIBE closes the shard channel: queued messages are still read, then get() rejects; the plain channel of the same name stays',
      async run(t) {
        const conn = await t.connect('utf-8');
        const publisher = await t.connect('utf-8');
        const name = t.name('closing');
        await conn.executePubsub('SSUBSCRIBE', name);
        await conn.executePubsub('SUBSCRIBE', name);
        const shard = shardsOf(conn).get(name) ?? assert.fail('no shard channel after SSUBSCRIBE');
        assert.equal(await publisher.execute('SPUBLISH', name, 'last'), 1);
        await conn.executePubsub('SUNSUBSCRIBE', name);
        assert.equal(shardsOf(conn).size, 0);
        assert.equal(conn.pubsubChannels.size, 1);
        assert.equal(await shard.get(), 'last');
        await rejectsWith(shard.get(), 'ChannelClosedError');
        assert.equal(await publisher.execute('SPUBLISH', name, 'after'), 0);
      },
    },
    {
      ids: ['pubsub.other-kind-refused', 'pubsub.target-kind', 'pubsub.shard-plain'],
      title: 'a pattern channel given to SSUBSCRIBE or SUNSUBSCRIBE is refused with a TypeError, and nothing changes',
      async run(t) {
        const conn = await t.connect('utf-8');
        const name = t.name('kind');
        const pattern = t.implementation.patternChannel<string>(`${name}.*`);
        // @ts-expect-error: a JavaScript caller can pass a pattern channel to SSUBSCRIBE; the types refuse it
        await rejectsWith(conn.executePubsub('SSUBSCRIBE', pattern), 'TypeError');
        // @ts-expect-error: likewise after a name, which is not subscribed either
        await rejectsWith(conn.executePubsub('SSUBSCRIBE', name, pattern), 'TypeError');
        assert.equal(conn.inPubsub, 0);
        assert.equal(shardsOf(conn).size, 0);
        await conn.executePubsub('SSUBSCRIBE', name);
        // @ts-expect-error: a pattern channel to SUNSUBSCRIBE
        await rejectsWith(conn.executePubsub('SUNSUBSCRIBE', pattern), 'TypeError');
        assert.equal(shardsOf(conn).size, 1);
      },
    },
    {
      ids: ['execute.ping-pubsub', 'execute.pubsub-mode', 'connection.in-pubsub-zero'],
      title: 'a connection with shard channels only is in pub/sub mode: PING answers as outside it, other commands reject, until SUNSUBSCRIBE',
      async run(t) {
        const conn = await t.connect('utf-8');
        const key = t.name('mode');
        const [name, other] = [t.name('busy'), t.name('other')];
        await conn.executePubsub('SSUBSCRIBE', name);
        assert.equal(await conn.execute('PING'), 'PONG');
        assert.equal(await conn.execute('PING', 'hello'), 'hello');
        await rejectsWith(conn.execute('SET', key, 'in pub/sub'), 'RedisError');
        await conn.executePubsub('SSUBSCRIBE', other);
        await conn.executePubsub('SUBSCRIBE', name);
        // The server confirms this UNSUBSCRIBE with a count of 0: no channels or patterns are left, but shard channels are.
        assert.deepEqual(await conn.executePubsub('UNSUBSCRIBE', name), [['unsubscribe', name, 0]]);
        assert.equal(conn.inPubsub, 2);
        await rejectsWith(conn.execute('GET', key), 'RedisError');
        assert.equal(await conn.execute('PING'), 'PONG');
        const publisher = await t.connect('utf-8');
        assert.equal(await publisher.execute('SPUBLISH', other, 'still subscribed'), 1);
        assert.equal(await shardsOf(conn).get(other)?.get(), 'still subscribed');
        assert.equal(await conn.execute('PING', 'after'), 'after');
        await conn.executePubsub('SUNSUBSCRIBE', name, other);
        assert.equal(conn.inPubsub, 0);
        assert.equal(await conn.execute('GET', key), null, 'the command refused in pub/sub mode was run');
      },
    },
    {
      ids: ['connection.close-pending', 'channel.close.by-connection', 'errors.forced-close', 'connection.shard-channels-lost'],
      title: 'close() closes every shard channel with ConnectionForcedCloseError as the reason, and empties the dictionary',
      async run(t) {
        const conn = await t.connect('utf-8');
        const name = t.name('shard');
        await conn.executePubsub('SSUBSCRIBE', name);
        const shard = shardsOf(conn).get(name) ?? assert.fail('no shard channel after SSUBSCRIBE');
        const waiting = closedWith(shard);
        conn.close();
        assert.equal(await waiting, 'ConnectionForcedCloseError');
        assert.equal(shard.isActive, false);
        assert.equal(shardsOf(conn).size, 0);
        assert.equal(conn.inPubsub, 0);
        await conn.waitClosed();
      },
    },
    {
      ids: ['connection.shard-channels-lost', 'connection.lost-in-pubsub', 'errors.connection-closed'],
      title: 'the server killed during a shard subscription: the channel closes with ConnectionClosedError and nothing is left subscribed',
      needs: ['server'],
      async run(t) {
        const own = await t.startServer();
        const conn = await t.connect('utf-8', { server: own });
        const name = t.name('doomed');
        await conn.executePubsub('SSUBSCRIBE', name);
        const shard = shardsOf(conn).get(name) ?? assert.fail('no shard channel after SSUBSCRIBE');
        const waiting = closedWith(shard);
        await own.kill();
        assert.equal(await waiting, 'ConnectionClosedError');
        await conn.waitClosed();
        assert.equal(conn.inPubsub, 0);
        assert.equal(shardsOf(conn).size, 0);
      },
    },
    {
      ids: ['connection.shard-channels-moved', 'connection.shard-channels'],
      title: 'a shard channel the server unsubscribes on its own (its slot left the node) is closed with a RedisError and leaves the dictionary; the others carry on',
      needs: ['server'],
      timeout: 30_000,
      async run(t) {
        const own = await t.startServer({ args: ['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-require-full-coverage', 'no'] });
        const admin = await t.connect('utf-8', { server: own });
        await admin.execute('CLUSTER', 'ADDSLOTSRANGE', 0, 16383);
        await eventually(async () => String(await admin.execute('CLUSTER', 'INFO')).includes('cluster_state:ok'), 'the one-node cluster is up', 20_000);
        const conn = await t.connect('utf-8', { server: own });
        const [moving, staying, plain] = [t.name('moving'), t.name('staying'), t.name('plain')];
        const [slot, other] = [await admin.execute('CLUSTER', 'KEYSLOT', moving), await admin.execute('CLUSTER', 'KEYSLOT', staying)];
        assert.notEqual(slot, other, 'the two shard channels share a slot: pick other names');
        // A cluster node refuses one SSUBSCRIBE for channels of two slots (CROSSSLOT).
        await conn.executePubsub('SSUBSCRIBE', moving);
        await conn.executePubsub('SSUBSCRIBE', staying);
        await conn.executePubsub('SUBSCRIBE', plain);
        const shards = shardsOf(conn);
        const channel = shards.get(moving) ?? assert.fail('no shard channel after SSUBSCRIBE');
        const closing = closedWith(channel);
        assert.equal(await admin.execute('CLUSTER', 'DELSLOTS', typeof slot === 'number' ? slot : String(slot)), 'OK');
        assert.equal(await closing, 'RedisError');
        assert.equal(shards.has(moving), false);
        assert.equal(conn.inPubsub, 2);
        assert.equal(await admin.execute('SPUBLISH', staying, 'stays'), 1);
        assert.equal(await shards.get(staying)?.get(), 'stays');
        assert.equal(await admin.execute('PUBLISH', plain, 'plain'), 1);
        assert.equal(await conn.pubsubChannels.get(plain)?.get(), 'plain');
      },
    },
    {
      ids: ['pool.is-connection', 'pubsub.confirmation-shard-count'],
      title: 'a pool subscribes shard channels on its pub/sub connection: SPUBLISH through the pool reaches them, and SUNSUBSCRIBE closes them',
      async run(t) {
        const pool = t.pool('utf-8', 2);
        const name = t.name('pooled');
        const given = t.implementation.plainChannel<string>(name);
        assert.deepEqual(await pool.executePubsub('SSUBSCRIBE', given), [['ssubscribe', name, 1]]);
        assert.equal(pool.inPubsub, 1);
        assert.equal(await pool.execute('SPUBLISH', name, 'through the pool'), 1);
        assert.equal(await given.get(), 'through the pool');
        assert.deepEqual(await pool.executePubsub('SUNSUBSCRIBE', name), [['sunsubscribe', name, 0]]);
        assert.equal(pool.inPubsub, 0);
        await rejectsWith(given.get(), 'ChannelClosedError');
      },
    },
    {
      ids: ['connection.shard-channels', 'pool.is-connection'],
      title: "a pool lists the shard channels of its pub/sub connection in its own pubsubShardChannels",
      async run(t) {
        const pool: AbcPool<AbcConnection<'utf-8'>> = t.pool('utf-8', 2);
        const name = t.name('listed');
        await pool.executePubsub('SSUBSCRIBE', name);
        assert.deepEqual([...shardsOf(pool).keys()], [name]);
        await pool.executePubsub('SUNSUBSCRIBE', name);
        assert.equal(shardsOf(pool).size, 0);
      },
    },
    {
      ids: ['pool.release-unfit'],
      title: 'release closes, rather than reuses, a connection that has shard channels only',
      async run(t) {
        const pool = t.pool('utf-8', 1);
        const conn = await pool.acquire();
        const name = t.name('pooled');
        await conn.executePubsub('SSUBSCRIBE', name);
        const shard = shardsOf(conn).get(name) ?? assert.fail('no shard channel after SSUBSCRIBE');
        pool.release(conn);
        assert.equal(conn.closed, true);
        assert.equal(await closedWith(shard), 'ConnectionForcedCloseError');
        const fresh = await pool.acquire();
        assert.notEqual(fresh, conn);
        assert.equal(await fresh.execute('PING'), 'PONG');
        pool.release(fresh);
      },
    },
  ],
};

// Pub/sub through a Cluster pool across the loss of the node its subscriptions are on.
import assert from 'node:assert/strict';
import type { AbcConnection, AbcPool } from 'aioredis-abc';
import type { CaseContext, CaseGroup } from '../case.js';
import { rejectsWith } from '../assertions.js';
import { redisCli, type Cluster, type ClusterNode } from '../sentinel-and-cluster.js';

/** Milliseconds a message may take to come through a failover: generous, since a failover takes a few seconds. */
const deliveryBound = 30_000;

/** Rejects with `what` when `promise` has not settled within `ms`; settles as it does otherwise. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Publishes `message` on `channel` through the pool (`PUBLISH`, or `command`) every 100 ms, a failed
 * `PUBLISH` included (the cluster may be failing over), until `received()`
 * says it arrived, for `deliveryBound` at most. Redis Cluster delivers a
 * `PUBLISH` to every node, so `PUBLISH`'s count (the node's own subscribers)
 * says nothing here.
 */
async function publishUntil(pool: AbcPool<AbcConnection<'utf-8'>>, channel: string, message: string, received: () => Promise<void>, command: 'PUBLISH' | 'SPUBLISH' = 'PUBLISH'): Promise<void> {
  let done = false;
  const publishing = (async () => {
    while (!done) {
      await pool.execute(command, channel, message).catch(() => 0);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  try {
    await within(received(), deliveryBound, `${message} published on ${channel} arrived`);
  } finally {
    done = true;
    await publishing;
  }
}

/** Reads `read()` until it gives `message`, skipping copies of earlier messages that `publishUntil()` sent more than once. */
async function readUntil(read: () => Promise<unknown>, message: unknown): Promise<void> {
  for (;;) {
    const got = await read();
    if (JSON.stringify(got) === JSON.stringify(message)) return;
  }
}

/** The live node where `channel` has a subscriber (`PUBSUB NUMSUB`): where the pool's pub/sub connection is. */
async function subscriberNode(cluster: Cluster, channel: string): Promise<ClusterNode> {
  for (const node of cluster.nodes) {
    const reply = await redisCli(node.server.port, ['PUBSUB', 'NUMSUB', channel]).catch(() => '');
    if (reply.split('\n')[1] === '1') return node;
  }
  assert.fail(`no node has a subscriber of ${channel}`);
}

/** A slot `node` serves as a master, from its own `CLUSTER NODES` line. */
async function slotServedBy(node: ClusterNode): Promise<number> {
  const lines = (await redisCli(node.server.port, ['CLUSTER', 'NODES'])).split('\n');
  const own = lines.find((line) => line.split(' ')[2]?.includes('myself')) ?? assert.fail('no myself line');
  const range = own.split(' ').slice(8).find((field) => /^\d/.test(field)) ?? assert.fail(`node ${node.id} serves no slot: it is not a master`);
  return Number(range.split('-')[0]);
}

/** Connections to every node that answers, opened while no password is needed: they keep working once one is. */
async function adminConnections(open: (port: number) => Promise<AbcConnection<'utf-8'>>, cluster: Cluster): Promise<AbcConnection<'utf-8'>[]> {
  const live = [];
  for (const node of cluster.nodes) {
    if ((await redisCli(node.server.port, ['PING']).catch(() => '')) === 'PONG') live.push(await open(node.server.port));
  }
  return live;
}

/** A master other than `source`: the master of the first of three spread slots that is not `source`. */
async function otherMaster(cluster: Cluster, source: ClusterNode): Promise<ClusterNode> {
  for (const slot of [0, 5461, 10923]) {
    const master = await cluster.masterOf(slot);
    if (master.id !== source.id) return master;
  }
  assert.fail('every slot is on one master');
}

/**
 * The slot of `name`, its master (`source`) and another master (`target`) to
 * move it to; the slot goes back to `source` when the case ends. The name must
 * not hash to a slot the topology helpers ask for a master.
 */
async function movableSlot(t: CaseContext, cluster: Cluster, name: string): Promise<{ slot: number; source: ClusterNode; target: ClusterNode }> {
  const slot = Number(await redisCli(cluster.nodes[0]?.server.port ?? 0, ['CLUSTER', 'KEYSLOT', name]));
  assert.ok(![0, 5461, 10923].includes(slot), `${name} hashes to a slot the topology helpers ask: pick another name`);
  const source = await cluster.masterOf(slot);
  t.defer(async () => {
    if ((await cluster.masterOf(slot)).id !== source.id) await cluster.migrateSlot(slot, source);
  });
  return { slot, source, target: await otherMaster(cluster, source) };
}

/** Pub/sub through a Cluster pool whose node is lost: the subscriptions move to a live node, or their channels close saying why. */
export const clusterPubsub: CaseGroup = {
  name: 'cluster pub/sub',
  cases: [
    {
      ids: ['pool.is-connection', 'connection.in-pubsub', 'connection.channels', 'connection.patterns', 'pubsub.confirmations'],
      title:
        'Cluster pub/sub survives its node: after the master holding the subscriptions is killed and its replica took over, the same channel objects stay open, receive what is published afterwards, and a new SUBSCRIBE works',
      needs: ['server', 'topologies'],
      timeout: 120_000,
      async run(t) {
        const cluster = await t.cluster();
        await cluster.reviveKilled();
        t.defer(() => cluster.reviveKilled());
        const pool = await t.clusterPool('utf-8');
        const name = t.name('survivor');
        const prefix = t.name('survivor-pattern');
        const channel = t.implementation.plainChannel<string>(name);
        assert.deepEqual(await pool.executePubsub('SUBSCRIBE', channel), [['subscribe', name, 1]]);
        assert.deepEqual(await pool.executePubsub('PSUBSCRIBE', `${prefix}:*`), [['psubscribe', `${prefix}:*`, 2]]);
        const pattern = pool.pubsubPatterns.get(`${prefix}:*`) ?? assert.fail('the pattern is not in pubsubPatterns');
        await publishUntil(pool, name, 'before', () => readUntil(() => channel.get(), 'before'));
        const node = await subscriberNode(cluster, name);
        const slot = await slotServedBy(node);
        const started = Date.now();
        const killed = cluster.killMasterOf(slot).then(() => Date.now() - started);
        await publishUntil(pool, name, 'after', () => readUntil(() => channel.get(), 'after'));
        const receivedAfter = Date.now() - started;
        const failedOverAfter = await killed;
        await publishUntil(pool, `${prefix}:x`, 'after', () => readUntil(() => pattern.get(), [`${prefix}:x`, 'after']));
        assert.equal(channel.isActive, true);
        assert.equal(pool.inPubsub, 2);
        assert.equal(pool.pubsubChannels.get(name), channel, 'the channel object was replaced');
        assert.equal(pool.pubsubPatterns.get(`${prefix}:*`), pattern, 'the pattern channel object was replaced');
        assert.notEqual((await subscriberNode(cluster, name)).id, node.id);
        const later = t.name('survivor-later');
        assert.deepEqual(await pool.executePubsub('SUBSCRIBE', later), [['subscribe', later, 3]]);
        const laterChannel = pool.pubsubChannels.get(later) ?? assert.fail('the new channel is not in pubsubChannels');
        await publishUntil(pool, later, 'later', () => readUntil(() => laterChannel.get(), 'later'));
        assert.deepEqual(await pool.executePubsub('UNSUBSCRIBE', name), [['unsubscribe', name, 2]]);
        await rejectsWith(channel.get(), 'ChannelClosedError');
        console.log(`${t.implementation.name}: cluster pub/sub node killed: messages arrived again ${receivedAfter} ms after the kill; the failover was over after ${failedOverAfter} ms`);
      },
    },
    {
      ids: ['pubsub.confirmations', 'pubsub.subscribe-again', 'pubsub.channel-throws', 'pubsub.unsubscribe-closes', 'pubsub.channel-objects'],
      title:
        'Cluster pub/sub keeps a connection’s rules: confirmations count the pool’s subscriptions, subscribing again keeps the channel object and delivers once, a message that cannot be decoded closes its channel alone, UNSUBSCRIBE closes the channel',
      needs: ['server', 'topologies'],
      timeout: 60_000,
      async run(t) {
        const pool = await t.clusterPool('utf-8');
        const kept = t.name('kept');
        const broken = t.name('broken');
        const channel = t.implementation.plainChannel<string>(kept);
        assert.deepEqual(await pool.executePubsub('SUBSCRIBE', channel, broken), [
          ['subscribe', kept, 1],
          ['subscribe', broken, 2],
        ]);
        assert.deepEqual(await pool.executePubsub('SUBSCRIBE', kept), [['subscribe', kept, 2]]);
        assert.equal(pool.pubsubChannels.get(kept), channel, 'subscribing again replaced the channel object');
        await publishUntil(pool, kept, 'ready', () => readUntil(() => channel.get(), 'ready'));
        await pool.execute('PUBLISH', kept, 'once');
        await pool.execute('PUBLISH', kept, 'twice');
        await readUntil(() => channel.get(), 'once');
        assert.equal(await channel.get(), 'twice', 'a message was delivered twice');
        const brokenChannel = pool.pubsubChannels.get(broken) ?? assert.fail(`${broken} is not in pubsubChannels`);
        await pool.execute('PUBLISH', broken, Buffer.from([0x61, 0xc3]));
        const error = await within(rejectsWith(brokenChannel.get(), 'ChannelClosedError'), deliveryBound, 'the channel of the undecodable message closed');
        assert.ok(error.cause instanceof TypeError, `the channel was closed with ${String(error.cause)}, not a TypeError`);
        assert.equal(pool.pubsubChannels.has(broken), false);
        assert.equal(pool.inPubsub, 1);
        await pool.execute('PUBLISH', kept, 'after');
        assert.equal(await channel.get(), 'after', 'the other channel stopped');
        assert.deepEqual(await pool.executePubsub('UNSUBSCRIBE', channel), [['unsubscribe', kept, 0]]);
        await rejectsWith(channel.get(), 'ChannelClosedError');
        assert.equal(pool.inPubsub, 0);
      },
    },
    {
      ids: ['pubsub.refused'],
      title: 'Cluster pub/sub: a SUBSCRIBE or PSUBSCRIBE that the server refuses for one of its channels subscribes none of them, and keeps what was subscribed before',
      needs: ['server', 'topologies'],
      timeout: 60_000,
      async run(t) {
        const cluster = await t.cluster();
        const pool = await t.clusterPool('utf-8');
        const allowed = t.name('allowed');
        const denied = t.name('denied');
        const kept = t.implementation.plainChannel<string>(`${allowed}.kept`);
        await pool.executePubsub('SUBSCRIBE', kept);
        const admins = await adminConnections((port) => t.connect('utf-8', { server: { host: '127.0.0.1', port, path: '' } }), cluster);
        t.defer(async () => {
          for (const admin of admins) await admin.execute('ACL', 'SETUSER', 'default', 'allchannels');
        });
        for (const admin of admins) await admin.execute('ACL', 'SETUSER', 'default', 'resetchannels', `&${allowed}*`);
        for (const [command, names] of [
          ['SUBSCRIBE', [`${allowed}.news`, denied]],
          ['PSUBSCRIBE', [`${allowed}*`, `${denied}*`]],
        ] as const) {
          const refused = await rejectsWith(pool.executePubsub(command, names[0], names[1]), 'ReplyError');
          assert.match(refused.message, /NOPERM/, refused.message);
          assert.equal(pool.inPubsub, 1, `${command} left subscriptions counted`);
          assert.deepEqual([...pool.pubsubChannels.keys(), ...pool.pubsubPatterns.keys()], [`${allowed}.kept`], `${command} left channels in the dictionaries`);
        }
        await publishUntil(pool, `${allowed}.kept`, 'kept', () => readUntil(() => kept.get(), 'kept'));
      },
    },
    {
      ids: ['pool.is-connection', 'errors.connection-closed', 'errors.forced-close', 'connection.channels-lost', 'connection.patterns-lost', 'connection.lost-in-pubsub'],
      title:
        'Cluster pub/sub that cannot move within connectTimeout (no node lets it in): its channels close with a ConnectionClosedError that says why, the dictionaries empty, and a later SUBSCRIBE works once the cluster lets it in; close() closes channels with ConnectionForcedCloseError',
      needs: ['server', 'topologies'],
      timeout: 120_000,
      async run(t) {
        const cluster = await t.cluster();
        await cluster.reviveKilled();
        const pool = await t.clusterPool('utf-8', 4, { connectTimeout: 1_000 });
        const name = t.name('stranded');
        const prefix = t.name('stranded-pattern');
        const channel = t.implementation.plainChannel<string>(name);
        await pool.executePubsub('SUBSCRIBE', channel);
        await pool.executePubsub('PSUBSCRIBE', `${prefix}:*`);
        const pattern = pool.pubsubPatterns.get(`${prefix}:*`) ?? assert.fail('the pattern is not in pubsubPatterns');
        await publishUntil(pool, name, 'before', () => readUntil(() => channel.get(), 'before'));
        const admins = await adminConnections((port) => t.connect('utf-8', { server: { host: '127.0.0.1', port, path: '' } }), cluster);
        t.defer(async () => {
          for (const admin of admins) await admin.execute('CONFIG', 'SET', 'requirepass', '');
        });
        for (const admin of admins) await admin.execute('CONFIG', 'SET', 'requirepass', t.name('locked-out'));
        const started = Date.now();
        for (const admin of admins) await admin.execute('CLIENT', 'KILL', 'TYPE', 'pubsub');
        const error = await within(rejectsWith(readUntil(() => channel.get(), 'never'), 'ChannelClosedError'), deliveryBound, 'the channel closed');
        const closedAfter = Date.now() - started;
        assert.ok(error.cause instanceof Error && error.cause.name === 'ConnectionClosedError', `the reason was ${String(error.cause)}`);
        assert.match(error.cause.message, /1000 ms/, 'the reason does not say how long the pool tried');
        await rejectsWith(pattern.get(), 'ChannelClosedError');
        assert.equal(pool.inPubsub, 0);
        assert.equal(pool.pubsubChannels.size, 0);
        assert.equal(pool.pubsubPatterns.size, 0);
        for (const admin of admins) await admin.execute('CONFIG', 'SET', 'requirepass', '');
        const again = t.implementation.plainChannel<string>(name);
        assert.deepEqual(await pool.executePubsub('SUBSCRIBE', again), [['subscribe', name, 1]]);
        await publishUntil(pool, name, 'again', () => readUntil(() => again.get(), 'again'));
        pool.close();
        const forced = await rejectsWith(readUntil(() => again.get(), 'never'), 'ChannelClosedError');
        assert.ok(forced.cause instanceof Error && forced.cause.name === 'ConnectionForcedCloseError', `the reason was ${String(forced.cause)}`);
        console.log(`${t.implementation.name}: cluster pub/sub locked out: channels closed ${closedAfter} ms after the connection was lost (connectTimeout 1000 ms)`);
      },
    },
    {
      ids: ['pool.is-connection', 'pubsub.confirmations', 'pubsub.confirmation-shard-count', 'connection.shard-channels', 'connection.in-pubsub', 'pubsub.channel-objects', 'pubsub.unsubscribe-closes'],
      title:
        'Cluster sharded pub/sub follows its slot: one SSUBSCRIBE of channels in two slots reaches both masters, and after one slot migrates to another master the same channel object receives what SPUBLISH sends there, until SUNSUBSCRIBE closes it',
      needs: ['server', 'topologies'],
      timeout: 120_000,
      async run(t) {
        const cluster = await t.cluster();
        await cluster.reviveKilled();
        const pool = await t.clusterPool('utf-8');
        const [moving, staying, late] = [t.name('moving'), t.name('staying'), t.name('late')];
        const { slot, target } = await movableSlot(t, cluster, moving);
        const given = t.implementation.plainChannel<string>(moving);
        assert.deepEqual(await pool.executePubsub('SSUBSCRIBE', given, staying), [
          ['ssubscribe', moving, 1],
          ['ssubscribe', staying, 2],
        ]);
        const shards = pool.pubsubShardChannels ?? assert.fail('a Cluster pool has no pubsubShardChannels');
        assert.deepEqual([...shards.keys()], [moving, staying]);
        assert.equal(pool.inPubsub, 2);
        const stayingChannel = shards.get(staying) ?? assert.fail(`${staying} is not in pubsubShardChannels`);
        assert.equal(await pool.execute('SPUBLISH', moving, 'before'), 1);
        assert.equal(await pool.execute('SPUBLISH', staying, 'before'), 1);
        assert.equal(await given.get(), 'before');
        assert.equal(await stayingChannel.get(), 'before');
        await cluster.migrateSlot(slot, target);
        await publishUntil(pool, moving, 'after', () => readUntil(() => given.get(), 'after'), 'SPUBLISH');
        assert.equal(given.isActive, true);
        assert.equal(shards.get(moving), given, 'the channel object was replaced');
        assert.equal(await redisCli(target.server.port, ['PUBSUB', 'SHARDNUMSUB', moving]), `${moving}\n1`, 'the shard channel is not subscribed on the new master');
        assert.equal(await pool.execute('SPUBLISH', staying, 'still'), 1);
        assert.equal(await stayingChannel.get(), 'still');
        // A slot the pool has not seen move: its SSUBSCRIBE meets MOVED on the old master and follows it.
        const unseen = await movableSlot(t, cluster, late);
        await cluster.migrateSlot(unseen.slot, unseen.target);
        assert.deepEqual(await pool.executePubsub('SSUBSCRIBE', late), [['ssubscribe', late, 3]]);
        assert.equal(await redisCli(unseen.target.server.port, ['PUBSUB', 'SHARDNUMSUB', late]), `${late}\n1`, 'the late shard channel is not subscribed on its new master');
        assert.deepEqual(await pool.executePubsub('SUNSUBSCRIBE', late), [['sunsubscribe', late, 2]]);
        assert.deepEqual(await pool.executePubsub('SUNSUBSCRIBE', moving), [['sunsubscribe', moving, 1]]);
        await within(rejectsWith(readUntil(() => given.get(), 'never'), 'ChannelClosedError'), deliveryBound, 'the unsubscribed channel closed');
        assert.deepEqual([...shards.keys()], [staying]);
        assert.equal(pool.inPubsub, 1);
        assert.equal(await pool.execute('SPUBLISH', moving, 'gone'), 0);
        assert.deepEqual(await pool.executePubsub('SUNSUBSCRIBE', staying), [['sunsubscribe', staying, 0]]);
        assert.equal(pool.inPubsub, 0);
      },
    },
    {
      ids: ['pool.is-connection', 'connection.shard-channels', 'pubsub.confirmations', 'pubsub.confirmation-shard-count'],
      title:
        'Cluster sharded pub/sub survives its node: after the master of a shard channel’s slot is killed and its replica took over, the same channel object receives what SPUBLISH sends; one SUNSUBSCRIBE of channels in two slots confirms each',
      needs: ['server', 'topologies'],
      timeout: 120_000,
      async run(t) {
        const cluster = await t.cluster();
        await cluster.reviveKilled();
        t.defer(() => cluster.reviveKilled());
        const pool = await t.clusterPool('utf-8');
        const [doomed, other] = [t.name('doomed'), t.name('other')];
        const slot = Number(await redisCli(cluster.nodes[0]?.server.port ?? 0, ['CLUSTER', 'KEYSLOT', doomed]));
        const otherSlot = Number(await redisCli(cluster.nodes[0]?.server.port ?? 0, ['CLUSTER', 'KEYSLOT', other]));
        assert.notEqual(slot, otherSlot, 'the two shard channels share a slot: pick other names');
        assert.deepEqual(await pool.executePubsub('SSUBSCRIBE', doomed, other), [
          ['ssubscribe', doomed, 1],
          ['ssubscribe', other, 2],
        ]);
        const channel = pool.pubsubShardChannels?.get(doomed) ?? assert.fail(`${doomed} is not in pubsubShardChannels`);
        assert.equal(await pool.execute('SPUBLISH', doomed, 'before'), 1);
        assert.equal(await channel.get(), 'before');
        const old = await cluster.masterOf(slot);
        const promoted = await cluster.killMasterOf(slot);
        assert.notEqual(promoted.id, old.id);
        await publishUntil(pool, doomed, 'after', () => readUntil(() => channel.get(), 'after'), 'SPUBLISH');
        assert.equal(pool.pubsubShardChannels?.get(doomed), channel, 'the channel object was replaced');
        assert.equal(await redisCli(promoted.server.port, ['PUBSUB', 'SHARDNUMSUB', doomed]), `${doomed}\n1`, 'the shard channel is not subscribed on the promoted master');
        assert.deepEqual(await pool.executePubsub('SUNSUBSCRIBE', doomed, other), [
          ['sunsubscribe', doomed, 1],
          ['sunsubscribe', other, 0],
        ]);
        assert.equal(pool.inPubsub, 0);
        await within(rejectsWith(readUntil(() => channel.get(), 'never'), 'ChannelClosedError'), deliveryBound, 'the unsubscribed channel closed');
      },
    },
  ],
};

import assert from 'node:assert/strict';
import type { AbcConnection, AbcPool } from 'aioredis-abc';
import type { CaseContext, CaseGroup } from '../case.js';
import { eventually, rejectsWith } from '../assertions.js';
import { redisCli, type ClusterNode } from '../sentinel-and-cluster.js';

/** How many commands are in flight at once while a topology changes. */
const concurrency = 1_000;

/** What became of a batch of writes: the keys acknowledged, and the failures by error name. */
interface Outcome {
  readonly acknowledged: string[];
  readonly failures: Map<string, number>;
}

/** Sends `SET key key` for each key at once; every promise settles (the case's timeout says otherwise). */
async function writeAll(pool: AbcPool<AbcConnection<'utf-8'>>, keys: readonly string[]): Promise<Outcome> {
  const acknowledged: string[] = [];
  const failures = new Map<string, number>();
  await Promise.all(
    keys.map((key) =>
      pool.execute('SET', key, key).then(
        () => acknowledged.push(key),
        (error: unknown) => {
          const name = error instanceof Error ? error.name : String(error);
          failures.set(name, (failures.get(name) ?? 0) + 1);
        },
      ),
    ),
  );
  return { acknowledged, failures };
}

/** Checks that every key reads back as its own name through `reader`: a pool, or a connection to the node that must have them. */
async function readable(reader: AbcConnection<'utf-8'>, keys: readonly string[]): Promise<void> {
  const values = await Promise.all(keys.map((key) => reader.execute('GET', key)));
  const lost = keys.filter((key, i) => values[i] !== key);
  assert.deepEqual(lost.slice(0, 5), [], `${lost.length} of ${keys.length} acknowledged writes are not readable`);
}

/** The slot of a key, as the cluster computes it. */
async function keySlot(node: ClusterNode, key: string): Promise<number> {
  return Number(await redisCli(node.server.port, ['CLUSTER', 'KEYSLOT', key]));
}

/** A key no other case uses, and its hash slot. */
async function keysAround(t: CaseContext, prefix: string): Promise<{ readonly key: string; readonly slot: number }> {
  const cluster = await t.cluster();
  const node = cluster.nodes[0] ?? assert.fail('the cluster has no node');
  const key = t.name(prefix);
  return { key, slot: await keySlot(node, key) };
}

/** Pools over several servers: a Sentinel-managed master, and a Redis Cluster, each started once per run. */
export const topologies: CaseGroup = {
  name: 'topologies',
  cases: [
    {
      ids: ['pool.address', 'pool.acquire'],
      title: 'a Sentinel pool finds the master: address is null before, the master’s after; acquire() gives a connection that says ROLE master, and a replica pool reads what was written',
      needs: ['server', 'topologies'],
      timeout: 30_000,
      async run(t) {
        const group = await t.sentinelGroup();
        const pool = await t.sentinelPool('utf-8');
        assert.equal(pool.address, null);
        const key = t.name('sentinel');
        assert.equal(await pool.execute('SET', key, 'v'), 'OK');
        assert.deepEqual(pool.address, ['127.0.0.1', await group.masterPort()]);
        const conn = await pool.acquire();
        const role = await conn.execute('ROLE');
        pool.release(conn);
        assert.ok(Array.isArray(role) && role[0] === 'master', `ROLE said ${String(role)}`);
        const replicas = await t.sentinelPool('utf-8', { role: 'replica' });
        await eventually(async () => (await replicas.execute('GET', key)) === 'v', 'the replica pool reads the write');
        assert.notDeepEqual(replicas.address, pool.address);
        await rejectsWith(replicas.execute('SET', key, 'w'), 'ReadOnlyError');
      },
    },
    {
      ids: ['errors.name', 'errors.master-not-found', 'errors.slave-not-found'],
      title: 'a Sentinel pool of a service the Sentinels do not know rejects with MasterNotFoundError, and a replica pool of it with SlaveNotFoundError',
      needs: ['server', 'topologies'],
      timeout: 30_000,
      async run(t) {
        const master = await t.sentinelPool('utf-8', { service: 'no-such-service', connectTimeout: 1_000 });
        const error = await rejectsWith(master.execute('PING'), 'MasterNotFoundError');
        assert.match(error.message, /no-such-service/);
        const replica = await t.sentinelPool('utf-8', { service: 'no-such-service', role: 'replica', connectTimeout: 1_000 });
        await rejectsWith(replica.execute('PING'), 'SlaveNotFoundError');
        await rejectsWith(master.acquire(), 'MasterNotFoundError');
      },
    },
    {
      ids: ['pool.is-connection', 'pool.address'],
      title: `a Sentinel failover under ${concurrency} concurrent commands: every promise settles, the pool moves to the new master, and writes acknowledged after the failover are readable`,
      needs: ['server', 'topologies'],
      timeout: 90_000,
      async run(t) {
        const group = await t.sentinelGroup();
        const pool = await t.sentinelPool('utf-8', { maxsize: 8 });
        await pool.execute('PING');
        const started = Date.now();
        let complete = false;
        const failover = group.failover().then((port) => {
          complete = true;
          return port;
        });
        const prefix = t.name('failover');
        let wave = 0;
        const before: Outcome[] = [];
        /** When each wave ended, and where the pool sent it. */
        const ends: { readonly at: number; readonly port: number | undefined; readonly acknowledged: number }[] = [];
        while (!complete) {
          wave += 1;
          const outcome = await writeAll(pool, Array.from({ length: concurrency }, (_, i) => `${prefix}:${wave}:${i}`));
          before.push(outcome);
          const address = pool.address;
          ends.push({ at: Date.now(), port: Array.isArray(address) ? Number(address[1]) : undefined, acknowledged: outcome.acknowledged.length });
        }
        const port = await failover;
        const moved = ends.find((end) => end.port === port && end.acknowledged > 0);
        const recovered = (moved?.at ?? Date.now()) - started;
        const after = await writeAll(pool, Array.from({ length: concurrency }, (_, i) => `${prefix}:after:${i}`));
        assert.deepEqual([...after.failures], [], 'writes after the failover failed');
        assert.deepEqual(pool.address, ['127.0.0.1', port]);
        await readable(await t.connect('utf-8', { server: { host: '127.0.0.1', port, path: '' } }), after.acknowledged);
        const failed = before.reduce((sum, outcome) => sum + [...outcome.failures.values()].reduce((a, b) => a + b, 0), 0);
        console.log(
          `${t.implementation.name}: Sentinel failover: ${wave} waves of ${concurrency} commands during it, ${failed} rejected ` +
            `(${[...new Set(before.flatMap((outcome) => [...outcome.failures.keys()]))].join(', ') || 'none'}); writes acknowledged by the new master ${recovered} ms after SENTINEL FAILOVER; the failover was complete (old master a replica) after ${Date.now() - started} ms`,
        );
      },
    },
    {
      ids: ['pool.address', 'pool.db', 'pool.acquire-hint', 'pool.get-connection-hint'],
      title: 'a Cluster pool routes each command to the master of its key’s slot; address is null, db 0, SELECT refused; acquire(command, key) gives that master’s connection, where MULTI/EXEC on one slot runs',
      needs: ['server', 'topologies'],
      timeout: 60_000,
      async run(t) {
        const cluster = await t.cluster();
        const pool = await t.clusterPool('utf-8');
        assert.equal(pool.address, null);
        assert.equal(pool.db, 0);
        const masters = new Set<string>();
        for (let i = 0; i < 12; i += 1) {
          const { key, slot } = await keysAround(t, 'routed');
          assert.equal(await pool.execute('SET', key, String(i)), 'OK');
          const owner = await cluster.masterOf(slot);
          masters.add(owner.id);
          assert.equal(await redisCli(owner.server.port, ['GET', key]), String(i), `${key} is not on the master of slot ${slot}`);
        }
        assert.ok(masters.size > 1, 'twelve keys all hashed to one master');
        await rejectsWith(pool.execute('SELECT', 1), 'TypeError');
        const { key, slot } = await keysAround(t, 'tx');
        const conn = await pool.acquire('SET', key, 'x');
        try {
          const owner = await cluster.masterOf(slot);
          assert.deepEqual(conn.address, ['127.0.0.1', owner.server.port]);
          await conn.execute('MULTI');
          await conn.execute('SET', key, '1');
          await conn.execute('INCR', key);
          assert.deepEqual(await conn.execute('EXEC'), ['OK', 2]);
        } finally {
          pool.release(conn);
        }
        const idle = pool.getConnection('GET', key);
        if (idle !== null) {
          assert.equal(await idle.execute('GET', key), '2');
          pool.release(idle);
        }
      },
    },
    {
      ids: ['pool.is-connection', 'pool.acquire-hint'],
      title: 'a command whose keys span hash slots is refused with a TypeError that says so, before it is sent; keys sharing a hash tag run',
      needs: ['server', 'topologies'],
      timeout: 60_000,
      async run(t) {
        const pool = await t.clusterPool('utf-8');
        const a = t.name('span-a');
        const b = `${t.name('span-b')}x`;
        const error = await rejectsWith(pool.execute('MSET', a, '1', b, '2'), 'TypeError');
        assert.match(error.message, /slot/);
        assert.equal(await pool.execute('EXISTS', a), 0, 'a refused MSET wrote a key');
        await rejectsWith(pool.acquire('MGET', a, b), 'TypeError');
        const tag = t.name('tag');
        assert.equal(await pool.execute('MSET', `{${tag}}:a`, '1', `{${tag}}:b`, '2'), 'OK');
        assert.deepEqual(await pool.execute('MGET', `{${tag}}:a`, `{${tag}}:b`), ['1', '2']);
      },
    },
    {
      ids: ['pool.is-connection'],
      title: 'a slot migrated during traffic (MIGRATING, IMPORTING, MIGRATE, SETSLOT NODE): no command fails for the ASK and MOVED redirections',
      needs: ['server', 'topologies'],
      timeout: 60_000,
      async run(t) {
        const cluster = await t.cluster();
        const pool = await t.clusterPool('utf-8', 8);
        const tag = t.name('migrating');
        const keys = Array.from({ length: 40 }, (_, i) => `{${tag}}:${i}`);
        for (const key of keys) await pool.execute('SET', key, '0');
        const slot = await keySlot(cluster.nodes[0] ?? assert.fail('no node'), keys[0] ?? '');
        const source = await cluster.masterOf(slot);
        const masters = await Promise.all([0, 8_000, 16_000].map((s) => cluster.masterOf(s)));
        const target = masters.find((node) => node.id !== source.id) ?? assert.fail('no other master');
        let stop = false;
        const counts = new Map<string, number>();
        const errors: string[] = [];
        const worker = async (offset: number): Promise<void> => {
          for (let i = offset; !stop; i += 1) {
            const key = keys[i % keys.length] ?? '';
            await pool.execute('INCR', key).then(
              () => counts.set(key, (counts.get(key) ?? 0) + 1),
              (error: unknown) => errors.push(error instanceof Error ? `${error.name}: ${error.message}` : String(error)),
            );
          }
        };
        const workers = Array.from({ length: 16 }, (_, i) => worker(i));
        await cluster.migrateSlot(slot, target, 20);
        stop = true;
        await Promise.all(workers);
        assert.deepEqual(errors.slice(0, 5), [], `${errors.length} commands failed during the migration`);
        assert.equal((await cluster.masterOf(slot)).id, target.id);
        for (const key of keys) assert.equal(await pool.execute('GET', key), String(counts.get(key) ?? 0), `${key} lost increments`);
        console.log(`${t.implementation.name}: slot ${slot} migrated under traffic: ${[...counts.values()].reduce((a, b) => a + b, 0)} commands, none failed`);
      },
    },
    {
      ids: ['pool.is-connection'],
      title: 'pub/sub through a Cluster pool: SUBSCRIBE on one node receives what PUBLISH sends through the pool',
      needs: ['server', 'topologies'],
      timeout: 30_000,
      async run(t) {
        const pool = await t.clusterPool('utf-8');
        const name = t.name('cluster-channel');
        const channel = t.implementation.plainChannel<string>(name);
        await pool.executePubsub('SUBSCRIBE', channel);
        assert.equal(pool.inPubsub, 1);
        await eventually(async () => Number(await pool.execute('PUBLISH', name, 'hello')) >= 1, 'the subscriber is counted');
        assert.equal(await channel.get(), 'hello');
        await pool.executePubsub('UNSUBSCRIBE', name);
        assert.equal(pool.inPubsub, 0);
      },
    },
    {
      ids: ['pool.shared', 'pool.state-refused', 'pool.release-changed', 'pool.release-foreign', 'pool.get-connection', 'pool.release'],
      title: 'the pool rules hold per node on Sentinel and Cluster pools: a blocking command runs apart, MULTI through execute() is refused, a changed connection is closed on release, a foreign one refused',
      needs: ['server', 'topologies'],
      timeout: 60_000,
      async run(t) {
        const stranger = await t.connect('utf-8');
        for (const pool of [await t.sentinelPool('utf-8'), await t.clusterPool('utf-8')]) {
          const key = t.name('rules');
          const blocked = pool.execute('BLPOP', key, 0.5);
          assert.equal(await pool.execute('SET', `${key}:other`, 'v'), 'OK', 'a plain command waited behind a blocking one');
          assert.equal(await blocked, null);
          await rejectsWith(pool.execute('MULTI'), 'TypeError');
          const conn = await pool.acquire('SET', key, 'v');
          await conn.execute('CLIENT', 'SETNAME', 'changed');
          pool.release(conn);
          assert.equal(conn.closed, true, 'a connection left with a name was reused');
          assert.throws(() => pool.release(stranger), (error: unknown) => error instanceof Error);
          assert.equal(stranger.closed, false);
          const idle = pool.getConnection('GET', key);
          if (idle !== null) {
            assert.equal(await idle.execute('GET', `${key}:other`), 'v');
            pool.release(idle);
          }
        }
      },
    },
    {
      ids: ['pool.closed', 'errors.pool-closed'],
      title: 'closed Sentinel and Cluster pools reject execute() and acquire() with a PoolClosedError',
      needs: ['server', 'topologies'],
      timeout: 60_000,
      async run(t) {
        for (const pool of [await t.sentinelPool('utf-8'), await t.clusterPool('utf-8')]) {
          await pool.execute('PING');
          pool.close();
          await pool.waitClosed();
          assert.equal(pool.closed, true);
          await rejectsWith(pool.execute('PING'), 'PoolClosedError');
          await rejectsWith(pool.acquire(), 'PoolClosedError');
        }
      },
    },
    {
      ids: ['pool.is-connection'],
      title: 'a Cluster master killed under traffic: its replica takes over, every promise settles, and the pool recovers',
      needs: ['server', 'topologies'],
      timeout: 90_000,
      async run(t) {
        const cluster = await t.cluster();
        const pool = await t.clusterPool('utf-8', 8);
        const tag = t.name('killed');
        const keys = Array.from({ length: 20 }, (_, i) => `{${tag}}:${i}`);
        for (const key of keys) await pool.execute('SET', key, key);
        const slot = await keySlot(cluster.nodes[0] ?? assert.fail('no node'), keys[0] ?? '');
        const started = Date.now();
        let done = false;
        const killed = cluster.killMasterOf(slot).then((node) => {
          done = true;
          return node;
        });
        let rejected = 0;
        let settled = 0;
        while (!done) {
          const outcome = await writeAll(pool, keys.flatMap((key) => Array.from({ length: concurrency / keys.length }, () => key)));
          settled += outcome.acknowledged.length;
          rejected += [...outcome.failures.values()].reduce((a, b) => a + b, 0);
        }
        const promoted = await killed;
        let recovered = 0;
        await eventually(
          async () => {
            const ok = await pool.execute('SET', `{${tag}}:probe`, 'v').then(
              () => true,
              () => false,
            );
            recovered = Date.now() - started;
            return ok;
          },
          'a write to the failed-over slot succeeds',
          20_000,
        );
        await readable(pool, keys);
        assert.equal(await redisCli(promoted.server.port, ['GET', keys[0] ?? '']), keys[0]);
        console.log(
          `${t.implementation.name}: cluster master killed: ${settled} writes acknowledged and ${rejected} rejected during the failover; recovered ${recovered} ms after the kill`,
        );
      },
    },
  ],
};

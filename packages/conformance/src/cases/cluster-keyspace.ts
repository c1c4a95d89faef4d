import assert from 'node:assert/strict';
import type { AbcConnection, AbcPool, Reply } from 'aioredis-abc';
import type { CaseGroup } from '../case.js';
import { rejectsWith } from '../assertions.js';
import { redisCli, type Cluster, type ClusterNode } from '../sentinel-and-cluster.js';

/** How many keys the keyspace cases write: enough that every master holds many. */
const keyCount = 300;

/** The live masters of the cluster, each as `redis-cli ROLE` says; a killed node is left out. */
async function liveMasters(cluster: Cluster): Promise<ClusterNode[]> {
  const roles = await Promise.all(cluster.nodes.map((node) => redisCli(node.server.port, ['ROLE']).catch(() => '')));
  return cluster.nodes.filter((_, i) => roles[i]?.startsWith('master') === true);
}

/** Every key each master holds, as `redis-cli KEYS` on the master itself says: the truth to check the pool against. */
async function keysByMaster(masters: readonly ClusterNode[], pattern: string): Promise<string[][]> {
  const lists = await Promise.all(masters.map((node) => redisCli(node.server.port, ['KEYS', pattern])));
  return lists.map((list) => list.split('\n').filter((key) => key !== ''));
}

/** The number of keys of the whole cluster, as the masters' own `DBSIZE` says. */
async function totalSize(masters: readonly ClusterNode[]): Promise<number> {
  const sizes = await Promise.all(masters.map((node) => redisCli(node.server.port, ['DBSIZE'])));
  return sizes.reduce((sum, size) => sum + Number(size), 0);
}

/** Writes `keyCount` keys named `<prefix>:<i>` through the pool and checks that every master got some. */
async function writeSpread(pool: AbcPool<AbcConnection<'utf-8'>>, masters: readonly ClusterNode[], prefix: string): Promise<string[]> {
  const keys = Array.from({ length: keyCount }, (_, i) => `${prefix}:${i}`);
  await Promise.all(keys.map((key) => pool.execute('SET', key, key)));
  const held = await keysByMaster(masters, `${prefix}:*`);
  assert.deepEqual(
    held.map((list) => list.length > 0),
    masters.map(() => true),
    `the ${keyCount} keys did not reach every master: ${held.map((list) => list.length).join(', ')}`,
  );
  return keys;
}

/** Walks `SCAN` through the pool from cursor 0 until it says 0 again, and returns the keys it gave. */
async function scanAll(pool: AbcPool<AbcConnection<'utf-8'>>, pattern: string): Promise<string[]> {
  const found: string[] = [];
  let cursor: string | number = 0;
  for (let calls = 1; ; calls += 1) {
    assert.ok(calls <= 10_000, 'SCAN through the pool never came back to cursor 0');
    const reply: Reply<'utf-8'> = await pool.execute('SCAN', cursor, 'MATCH', pattern, 'COUNT', 50);
    assert.ok(Array.isArray(reply) && reply.length === 2, `SCAN replied ${JSON.stringify(reply)}`);
    const next: unknown = reply[0];
    const batch: unknown = reply[1];
    assert.ok(typeof next === 'string', 'the cursor is a string');
    assert.ok(Array.isArray(batch));
    for (const key of batch) found.push(String(key));
    if (next === '0') return found;
    cursor = next;
  }
}

/** Which master holds each key of the cluster, by the masters' own `KEYS *`. */
async function ownerOfKeys(masters: readonly ClusterNode[]): Promise<Map<string, string>> {
  const held = await keysByMaster(masters, '*');
  return new Map(held.flatMap((list, i) => list.map((key) => [key, masters[i]?.id ?? ''] as const)));
}

/** The lowest slot a master serves, as its own `CLUSTER NODES` line (flagged `myself`) says. */
async function lowestSlot(node: ClusterNode): Promise<number> {
  const lines = (await redisCli(node.server.port, ['CLUSTER', 'NODES'])).split('\n');
  const ranges = lines.find((line) => line.split(' ')[2]?.includes('myself'))?.split(' ').slice(8) ?? [];
  const starts = ranges.filter((range) => !range.startsWith('[')).map((range) => Number(range.split('-')[0]));
  return Math.min(...starts);
}

/** The key of `keys` with the lowest hash slot, and its slot, as the cluster computes it. */
async function lowestKey(node: ClusterNode, keys: readonly string[]): Promise<{ readonly key: string; readonly slot: number }> {
  const slots = await Promise.all(keys.map((key) => redisCli(node.server.port, ['CLUSTER', 'KEYSLOT', key]).then(Number)));
  const slot = Math.min(...slots);
  return { key: keys[slots.indexOf(slot)] ?? assert.fail('no key'), slot };
}

/** One `SCAN` call through the pool: the next cursor and the keys of the batch. */
async function scanOnce(pool: AbcPool<AbcConnection<'utf-8'>>, cursor: string, pattern: string): Promise<{ readonly next: string; readonly batch: string[] }> {
  const reply = await pool.execute('SCAN', cursor, 'MATCH', pattern, 'COUNT', 10);
  assert.ok(Array.isArray(reply) && typeof reply[0] === 'string' && Array.isArray(reply[1]), `SCAN replied ${JSON.stringify(reply)}`);
  return { next: reply[0], batch: reply[1].map(String) };
}

/** Checks that every master, asked directly, holds no key. */
async function allEmpty(masters: readonly ClusterNode[], what: string): Promise<void> {
  const sizes = await Promise.all(masters.map((node) => redisCli(node.server.port, ['DBSIZE'])));
  assert.deepEqual(sizes, masters.map(() => '0'), `${what} left keys on some masters`);
}

/**
 * Keyspace-wide commands through a Cluster pool: they answer for the whole
 * cluster, never for one master. The cases run after the other topology cases;
 * the last one flushes the run's cluster, which no case after it relies on
 * (every case writes the keys it reads).
 */
export const clusterKeyspace: CaseGroup = {
  name: 'cluster keyspace',
  cases: [
    {
      ids: ['pool.is-connection'],
      title: `keyspace truth on 3 masters: after ${keyCount} keys, KEYS and DBSIZE through a Cluster pool count every master's keys, SCAN walks every master before its cursor says 0, RANDOMKEY picks among the masters, and PING asks them all`,
      needs: ['server', 'topologies'],
      timeout: 60_000,
      async run(t) {
        const cluster = await t.cluster();
        const masters = await liveMasters(cluster);
        assert.equal(masters.length, 3, 'the run’s cluster has three live masters');
        const pool = await t.clusterPool('utf-8');
        const prefix = t.name('keyspace');
        const keys = await writeSpread(pool, masters, prefix);
        const truth = await totalSize(masters);
        const mine = await pool.execute('KEYS', `${prefix}:*`);
        assert.ok(Array.isArray(mine));
        assert.equal(mine.length, keys.length, `KEYS ${prefix}:* through the pool: how many keys`);
        assert.deepEqual(mine.map(String).sort(), [...keys].sort(), 'KEYS through the pool');
        const all = await pool.execute('KEYS', '*');
        assert.equal(Array.isArray(all) ? all.length : all, truth, 'KEYS * through the pool');
        assert.equal(await pool.execute('DBSIZE'), truth, 'DBSIZE through the pool');
        const scanned = await scanAll(pool, `${prefix}:*`);
        assert.equal(scanned.length, keys.length, 'SCAN through the pool: how many keys until the cursor said 0');
        assert.deepEqual(scanned.sort(), [...keys].sort(), 'SCAN through the pool');
        const owners = await ownerOfKeys(masters);
        const seen = new Set<string>();
        for (let i = 0; i < 60; i += 1) {
          const key = await pool.execute('RANDOMKEY');
          assert.equal(typeof key, 'string', 'RANDOMKEY found no key in a cluster that has some');
          seen.add(owners.get(String(key)) ?? assert.fail(`RANDOMKEY said ${String(key)}, which no master holds`));
        }
        assert.ok(seen.size > 1, 'sixty RANDOMKEY calls all answered from one master');
        assert.equal(await pool.execute('PING'), 'PONG');
      },
    },
    {
      ids: ['pool.is-connection'],
      title: 'SCAN through a Cluster pool while a slot moves to a master it has not walked yet, below the one it walks: it still ends at cursor 0 and returns every key',
      needs: ['server', 'topologies'],
      timeout: 60_000,
      async run(t) {
        const cluster = await t.cluster();
        const masters = await liveMasters(cluster);
        const pool = await t.clusterPool('utf-8');
        const prefix = t.name('moving');
        const keys = await writeSpread(pool, masters, prefix);
        const held = await keysByMaster(masters, `${prefix}:*`);
        const masterOf = (key: string): number => held.findIndex((list) => list.includes(key));
        const found: string[] = [];
        let cursor = '0';
        let walked: number[] = [];
        while (new Set(walked).size < 2) {
          const { next, batch } = await scanOnce(pool, cursor, `${prefix}:*`);
          assert.notEqual(next, '0', 'SCAN ended before a second master');
          found.push(...batch);
          walked = [...new Set([...walked, ...batch.map(masterOf)])];
          cursor = next;
        }
        const [first, second] = walked.map((i) => masters[i] ?? assert.fail('no master'));
        const third = masters.find((node) => node !== first && node !== second) ?? assert.fail('no third master');
        const moved = await lowestKey(first ?? assert.fail('no master'), held[walked[0] ?? 0] ?? []);
        assert.ok(moved.slot < (await lowestSlot(second ?? assert.fail('no master'))), 'the first master’s lowest key is below the second master');
        await cluster.migrateSlot(moved.slot, third, 0);
        assert.equal(await pool.execute('GET', moved.key), moved.key, 'the pool follows the moved slot');
        for (let calls = 1; cursor !== '0'; calls += 1) {
          assert.ok(calls <= 10_000, 'SCAN through the pool never came back to cursor 0');
          const { next, batch } = await scanOnce(pool, cursor, `${prefix}:*`);
          found.push(...batch);
          cursor = next;
        }
        const missed = keys.filter((key) => !found.includes(key));
        assert.deepEqual(missed.slice(0, 5), [], `${missed.length} of ${keys.length} keys SCAN never returned`);
      },
    },
    {
      ids: ['pool.is-connection'],
      title: 'replies of every master merge by the server’s response policy: SCRIPT EXISTS says 1 only for a script every master has (agg_logical_and), SCRIPT KILL rejects only when no master could (one_succeeded)',
      needs: ['server', 'topologies'],
      timeout: 60_000,
      async run(t) {
        const cluster = await t.cluster();
        const masters = await liveMasters(cluster);
        const pool = await t.clusterPool('utf-8');
        const [first, ...others] = masters;
        const script = `return '${t.name('script')}'`;
        const sha = await redisCli((first ?? assert.fail('no master')).server.port, ['SCRIPT', 'LOAD', script]);
        const absent = '0'.repeat(40);
        assert.deepEqual(await pool.execute('SCRIPT', 'EXISTS', sha, absent), [0, 0], 'a script on one master only');
        await Promise.all(others.map((node) => redisCli(node.server.port, ['SCRIPT', 'LOAD', script])));
        assert.deepEqual(await pool.execute('SCRIPT', 'EXISTS', sha, absent), [1, 0], 'a script on every master');
        const error = await rejectsWith(pool.execute('SCRIPT', 'KILL'), 'ReplyError');
        assert.match(error.message, /^NOTBUSY/);
      },
    },
    {
      ids: ['pool.is-connection'],
      title: 'a command the Cluster pool cannot route as the server’s tips ask (CONFIG SET: every node; INFO: replies merged by hand) is refused with a TypeError that says why, and nothing is sent',
      needs: ['server', 'topologies'],
      timeout: 60_000,
      async run(t) {
        const cluster = await t.cluster();
        const masters = await liveMasters(cluster);
        const pool = await t.clusterPool('utf-8');
        const before = await Promise.all(masters.map((node) => redisCli(node.server.port, ['CONFIG', 'GET', 'maxmemory-samples'])));
        const everyNode = await rejectsWith(pool.execute('CONFIG', 'SET', 'maxmemory-samples', 7), 'TypeError');
        assert.match(everyNode.message, /CONFIG SET/);
        assert.match(everyNode.message, /replica/);
        const after = await Promise.all(masters.map((node) => redisCli(node.server.port, ['CONFIG', 'GET', 'maxmemory-samples'])));
        assert.deepEqual(after, before, 'a refused CONFIG SET changed a node');
        const special = await rejectsWith(pool.execute('INFO', 'keyspace'), 'TypeError');
        assert.match(special.message, /INFO/);
        assert.match(special.message, /acquire\(\)/);
      },
    },
    {
      ids: ['pool.is-connection'],
      title: 'FLUSHDB and FLUSHALL through a Cluster pool empty every master and say OK only then (a master that refuses makes FLUSHALL reject with its error); afterwards KEYS, DBSIZE, SCAN and RANDOMKEY find nothing',
      needs: ['server', 'topologies'],
      timeout: 60_000,
      async run(t) {
        const cluster = await t.cluster();
        const masters = await liveMasters(cluster);
        const pool = await t.clusterPool('utf-8');
        const refusing = masters[1] ?? assert.fail('no second master');
        const allow = async (): Promise<void> => {
          await redisCli(refusing.server.port, ['ACL', 'SETUSER', 'default', '+flushall']);
        };
        t.defer(allow);
        await writeSpread(pool, masters, t.name('refused'));
        await redisCli(refusing.server.port, ['ACL', 'SETUSER', 'default', '-flushall']);
        const error = await rejectsWith(pool.execute('FLUSHALL'), 'ReplyError');
        assert.match(error.message, /^NOPERM/);
        assert.notEqual(await redisCli(refusing.server.port, ['DBSIZE']), '0', 'the master that refused FLUSHALL was emptied');
        await allow();
        for (const command of ['FLUSHDB', 'FLUSHALL']) {
          await writeSpread(pool, masters, t.name('flushed'));
          assert.equal(await pool.execute(command), 'OK');
          await allEmpty(masters, command);
        }
        assert.deepEqual(await pool.execute('KEYS', '*'), []);
        assert.equal(await pool.execute('DBSIZE'), 0);
        assert.deepEqual(await scanAll(pool, '*'), []);
        assert.equal(await pool.execute('RANDOMKEY'), null);
      },
    },
  ],
};

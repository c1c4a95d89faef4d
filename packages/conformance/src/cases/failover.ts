import assert from 'node:assert/strict';
import type { AbcConnection, AbcPool } from 'aioredis-abc';
import type { CaseContext, CaseGroup } from '../case.js';
import { eventually, pendingAfter } from '../assertions.js';
import { startSentinelGroup, type SentinelGroup } from '../sentinel-and-cluster.js';

/** How many callers send commands at once through a failover, as in the deployment that found the faults. */
const callers = 64;

/** The connections a case's pool opens for commands at most. */
const maxsize = 8;

/**
 * Milliseconds after the first Sentinel's `+switch-master` within which a pool
 * must have moved to the new master: a write the old master acknowledged
 * later than that is a write the pool should never have sent there. Moving
 * takes one `ROLE` round trip to the new master (about a millisecond on
 * loopback); the bound is generous for a loaded machine.
 */
const switchBound = 1_000;

/** The pool kind under test. */
type Pool = AbcPool<AbcConnection<'utf-8'>>;

/** One acknowledged write: its member and when its reply came. */
interface Ack {
  readonly member: string;
  readonly at: number;
}

/** What the callers saw: acknowledgements, failures by error name, and the longest time without a successful reply. */
interface Traffic {
  readonly acks: Ack[];
  readonly failures: Map<string, number>;
  longestGap: number;
}

/** A group of the case's own (a master, two replicas, three Sentinels), stopped when the case ends: a failover or a kill changes it. */
async function ownGroup(t: CaseContext): Promise<SentinelGroup> {
  const group = await startSentinelGroup(t.name('failover').replace(/:/g, '-'), { replicas: 2 });
  t.defer(() => group.stop());
  return group;
}

/** A Sentinel pool of `group`, closed and awaited when the case ends. */
function sentinelPool(t: CaseContext, group: SentinelGroup, role: 'master' | 'replica'): Pool {
  const create = t.implementation.createSentinelPool ?? assert.fail(`${t.implementation.name} has no createSentinelPool`);
  const pool = create({ service: group.service, sentinels: group.sentinels, role, encoding: 'utf-8', maxsize });
  t.defer(async () => {
    pool.close();
    await pool.waitClosed();
  });
  return pool;
}

/** How many clients are subscribed on all the Sentinels together. */
async function listeners(group: SentinelGroup): Promise<number> {
  const counts = await Promise.all(group.sentinels.map((_, i) => group.subscribers(i)));
  return counts.reduce((a, b) => a + b, 0);
}

/**
 * Subscribes to `+switch-master` on every Sentinel (or only the one at index
 * `only`) and returns when the first announcement about the service came,
 * once one has.
 */
async function firstAnnouncement(t: CaseContext, group: SentinelGroup, only?: number): Promise<() => number | null> {
  let first: number | null = null;
  for (const [i, [host, port]] of group.sentinels.entries()) {
    if (only !== undefined && i !== only) continue;
    const conn = await t.connect('utf-8', { server: { host, port, path: '' } });
    const channel = t.implementation.plainChannel<string>('+switch-master');
    await conn.executePubsub('SUBSCRIBE', channel);
    void (async () => {
      for (;;) {
        const message = await channel.get().catch(() => null);
        if (message === null) return;
        if (message.startsWith(`${group.service} `)) first ??= Date.now();
      }
    })();
  }
  return () => first;
}

/** Runs `callers` loops of `send(i)` until `stop` resolves, recording acknowledgements, failures and the longest gap between successes. */
async function traffic(send: (member: string) => Promise<unknown>, prefix: string, stop: Promise<unknown>): Promise<Traffic> {
  const result: Traffic = { acks: [], failures: new Map(), longestGap: 0 };
  let running = true;
  let last = Date.now();
  void stop.finally(() => {
    running = false;
  });
  const caller = async (id: number): Promise<void> => {
    for (let n = 0; running; n += 1) {
      const member = `${prefix}:${id}:${n}`;
      try {
        await send(member);
        const now = Date.now();
        result.longestGap = Math.max(result.longestGap, now - last);
        last = now;
        result.acks.push({ member, at: now });
      } catch (error) {
        const name = error instanceof Error ? error.name : String(error);
        result.failures.set(name, (result.failures.get(name) ?? 0) + 1);
        // A pool that rejects at once must not starve the timers that stop the callers and the case.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  };
  await Promise.all(Array.from({ length: callers }, (_, id) => caller(id)));
  await stop;
  return result;
}

/** The number of failures, and their names, as a line. */
function failed(outcome: Traffic): string {
  const total = [...outcome.failures.values()].reduce((a, b) => a + b, 0);
  return `${total} failed (${[...outcome.failures].map(([name, n]) => `${name} ×${n}`).join(', ') || 'none'})`;
}

/** Which failures a change may cause: their names, and how many at most. */
interface Allowed {
  readonly names: readonly string[];
  readonly most: number;
}

/**
 * With the old master alive (`SENTINEL FAILOVER`), only the commands written
 * to it when the pool leaves it may reject, at most one per caller, with the
 * `ConnectionForcedCloseError` of the pool closing the old master's
 * connections, or the `ConnectionClosedError` of Sentinel closing them.
 */
const leftAlive: Allowed = { names: ['ConnectionClosedError', 'ConnectionForcedCloseError'], most: callers };

/**
 * With the master killed, the commands written to its dead connections reject
 * with a `ConnectionClosedError`: those in flight, and those a caller sent on
 * another connection of the pool before its loss was noticed (one per caller
 * and connection at most). None rejects with a `ConnectionForcedCloseError`:
 * the pool closes no connection of a live node.
 */
const killed: Allowed = { names: ['ConnectionClosedError'], most: callers * maxsize };

/**
 * Sends `SADD` of a fresh member by every caller through one change of master,
 * and checks on the new master which acknowledged members it has: none may be
 * missing that was acknowledged later than `switchBound` after the first
 * announcement, and only commands already written may reject, as `allowed` says.
 */
async function countedWrites(t: CaseContext, group: SentinelGroup, pool: Pool, change: () => Promise<number>, what: string, allowed: Allowed): Promise<void> {
  const heard = await firstAnnouncement(t, group);
  const key = t.name('counted');
  const started = Date.now();
  const changed = change();
  const outcome = await traffic((member) => pool.execute('SADD', key, member), key, changed);
  const port = await changed;
  const master = await t.connect('utf-8', { server: { host: '127.0.0.1', port, path: '' } });
  const reply = await master.execute('SMEMBERS', key);
  const members = new Set(Array.isArray(reply) ? reply : []);
  const first = heard() ?? assert.fail('no Sentinel announced +switch-master');
  const lost = outcome.acks.filter((ack) => !members.has(ack.member));
  const late = lost.filter((ack) => ack.at > first + switchBound);
  console.log(
    `${t.implementation.name}: ${what}: ${outcome.acks.length} writes acknowledged, ${lost.length} of them lost (${lost.filter((ack) => ack.at > first).length} acknowledged after the first +switch-master, ` +
      `${late.length} more than ${switchBound} ms after it; it came ${first - started} ms after the change began), ${failed(outcome)}, longest time without a reply ${outcome.longestGap} ms`,
  );
  assert.equal(late.length, 0, `${late.length} writes acknowledged more than ${switchBound} ms after the first Sentinel's +switch-master were lost, the last ${(late.at(-1)?.at ?? first) - first} ms after it`);
  const failures = [...outcome.failures.values()].reduce((a, b) => a + b, 0);
  assert.ok(failures <= allowed.most, `${failed(outcome)}: more than the ${allowed.most} commands that can have been written`);
  for (const name of outcome.failures.keys()) assert.ok(allowed.names.includes(name), `a command failed with ${name}`);
}

/** What a failover costs a Sentinel pool's callers, and the late announcements that must change nothing. */
export const failover: CaseGroup = {
  name: 'failover',
  cases: [
    {
      ids: ['pool.is-connection', 'pool.address', 'errors.connection-closed'],
      title: `a Sentinel pool under ${callers} writers through SENTINEL FAILOVER (asked of another Sentinel than the first) and a master kill: no write acknowledged more than ${switchBound} ms after the first +switch-master is lost, and only commands already written reject (at most one per caller while the old master lives)`,
      needs: ['server', 'topologies'],
      timeout: 120_000,
      async run(t) {
        const group = await ownGroup(t);
        const pool = sentinelPool(t, group, 'master');
        await pool.execute('PING');
        await eventually(async () => (await listeners(group)) >= 1, 'the pool listens for +switch-master');
        await countedWrites(t, group, pool, () => group.failover(2), 'SENTINEL FAILOVER', leftAlive);
        assert.deepEqual(pool.address, ['127.0.0.1', await group.masterPort()]);
        await countedWrites(t, group, pool, () => group.killMaster(), 'master killed', killed);
        assert.deepEqual(pool.address, ['127.0.0.1', await group.masterPort()]);
      },
    },
    {
      ids: ['pool.is-connection'],
      title: `a replica pool read by ${callers} callers through SENTINEL FAILOVER and a master kill: no read fails`,
      needs: ['server', 'topologies'],
      timeout: 120_000,
      async run(t) {
        const group = await ownGroup(t);
        const master = sentinelPool(t, group, 'master');
        const replicas = sentinelPool(t, group, 'replica');
        const key = t.name('replicated');
        await master.execute('SET', key, 'v');
        await eventually(async () => (await replicas.execute('GET', key)) === 'v', 'the replica pool reads the write');
        for (const [what, change] of [
          ['SENTINEL FAILOVER', () => group.failover(2)],
          ['master killed', () => group.killMaster()],
        ] as const) {
          const outcome = await traffic(
            async () => assert.equal(await replicas.execute('GET', key), 'v'),
            key,
            change(),
          );
          console.log(`${t.implementation.name}: replica pool through ${what}: ${outcome.acks.length} reads, ${failed(outcome)}, longest time without a reply ${outcome.longestGap} ms`);
          assert.deepEqual([...outcome.failures], [], `reads failed through ${what}`);
        }
      },
    },
    {
      ids: ['pool.is-connection', 'pool.address'],
      title: `a late +switch-master naming the master in use changes nothing: a Sentinel that missed the failover announces it while ${callers} callers use a master pool and a replica pool, and none sees an error or a closed connection`,
      needs: ['server', 'topologies'],
      timeout: 120_000,
      async run(t) {
        const group = await ownGroup(t);
        const master = sentinelPool(t, group, 'master');
        const replicas = sentinelPool(t, group, 'replica');
        const key = t.name('late');
        await master.execute('SET', key, 'v');
        await eventually(async () => (await replicas.execute('GET', key)) === 'v', 'the replica pool reads the write');
        await eventually(async () => (await listeners(group)) >= 2, 'both pools listen for +switch-master');
        const heard = await firstAnnouncement(t, group, 0);
        group.pauseSentinel(0);
        const port = await group.failover(2);
        await eventually(
          async () => (await master.execute('SET', key, 'v').catch(() => null)) === 'OK' && master.address?.[1] === port && (await replicas.execute('GET', key).catch(() => null)) === 'v',
          'both pools serve from the new topology',
          30_000,
        );
        const held = [await master.acquire(), await replicas.acquire()];
        group.resumeSentinel(0);
        const late = (async () => {
          await eventually(() => heard() !== null, 'the paused Sentinel announces the failover late', 30_000);
          await new Promise((resolve) => setTimeout(resolve, 500));
        })();
        const [writes, reads] = await Promise.all([traffic((member) => master.execute('SET', member, 'v'), key, late), traffic(() => replicas.execute('GET', key), key, late)]);
        console.log(`${t.implementation.name}: late +switch-master: master pool ${writes.acks.length} writes, ${failed(writes)}; replica pool ${reads.acks.length} reads, ${failed(reads)}`);
        assert.deepEqual([...writes.failures, ...reads.failures], [], 'commands failed after a late +switch-master');
        assert.equal(master.address?.[1], port);
        assert.deepEqual(
          held.map((conn) => conn.closed),
          [false, false],
          'a late +switch-master closed a connection of the node in use',
        );
        master.release(held[0] ?? assert.fail('no connection'));
        replicas.release(held[1] ?? assert.fail('no connection'));
      },
    },
    {
      ids: ['pool.closed', 'connection.wait-closed'],
      title: `Sentinel pools closed mid-failover, under ${callers} callers each, with a Sentinel that accepts and never answers: waitClosed() resolves and every command settles`,
      needs: ['server', 'topologies'],
      timeout: 120_000,
      async run(t) {
        const group = await ownGroup(t);
        const pools = [sentinelPool(t, group, 'master'), sentinelPool(t, group, 'replica')];
        for (const pool of pools) await pool.execute('PING');
        await eventually(async () => (await listeners(group)) >= 2, 'both pools listen for +switch-master');
        const heard = await firstAnnouncement(t, group);
        group.pauseSentinel(1);
        const failover = group.failover(2);
        const announced = eventually(() => heard() !== null, 'a Sentinel announces the failover', 30_000).then(() => {
          for (const pool of pools) pool.close();
        });
        const closing = announced.then(() => Promise.all(pools.map((pool) => pool.waitClosed())));
        const stalled = announced.then(() => pendingAfter(closing, 10_000));
        const key = t.name('closing');
        const outcomes = await Promise.all(pools.map((pool) => traffic((member) => pool.execute('SET', member, 'v'), key, stalled)));
        assert.equal(await stalled, false, 'waitClosed() was still pending 10 s after close() mid-failover');
        const names = new Set(outcomes.flatMap((outcome) => [...outcome.failures.keys()]));
        for (const name of names) assert.ok(['PoolClosedError', 'ConnectionClosedError', 'ConnectionForcedCloseError', 'ReadOnlyError'].includes(name), `a command failed with ${name}`);
        group.resumeSentinel(1);
        await failover;
      },
    },
  ],
};

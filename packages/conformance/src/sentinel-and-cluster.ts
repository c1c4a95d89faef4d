// Starts the deployments of several servers that the topology cases run on: a Sentinel group and a Redis Cluster, on free loopback ports.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { startRedisServer, type RedisServer } from './redis-server.js';

/** Runs `redis-cli` against a loopback port and resolves with what it prints; rejects on an error reply or a failure to connect. */
export function redisCli(port: number, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { timeout: 10_000 }, (error, stdout, stderr) => {
      const out = stdout.trim();
      if (error) reject(new Error(`redis-cli -p ${port} ${args.join(' ')}: ${stderr.trim() || error.message}`));
      else if (/^(ERR|WRONGTYPE|MOVED|ASK|CLUSTERDOWN|NOREPLICAS|BUSYKEY|IOERR|NOGOODSLAVE|INPROG)\b/.test(out)) reject(new Error(`redis-cli -p ${port} ${args.join(' ')}: ${out}`));
      else resolve(out);
    });
  });
}

/** Polls `check` every 100 ms until it resolves `true`, for `ms` at most; then rejects with `what`. */
async function until(what: string, ms: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Stops every server, each even when another fails. */
async function stopAll(servers: readonly RedisServer[]): Promise<void> {
  await Promise.allSettled(servers.map((server) => server.stop()));
}

/** A master, its replicas and three Sentinels watching them; `stop()` ends them all and removes their directories. */
export interface SentinelGroup {
  /** The name the Sentinels know the master by. */
  readonly service: string;
  /** The Sentinels' addresses, as `[host, port]`. */
  readonly sentinels: readonly (readonly [string, number])[];
  /** The data servers, master first as started. */
  readonly servers: readonly RedisServer[];
  /** The port of the current master, as the first Sentinel says. */
  masterPort(): Promise<number>;
  /**
   * Asks a Sentinel (the first, or the one at index `via`) to fail over
   * (`SENTINEL FAILOVER`) and resolves once every Sentinel names the new
   * master, it says it is one and the old master says it is a replica
   * (`ROLE`), with the new master's port.
   */
  failover(via?: number): Promise<number>;
  /**
   * Kills the current master (SIGKILL) and resolves once every Sentinel names
   * another master that says it is one, with its port. The killed server stays
   * down until the group stops.
   */
  killMaster(): Promise<number>;
  /**
   * How many clients of the Sentinel at index `via` are subscribed to a
   * channel or pattern (`CLIENT LIST`, `sub` or `psub` above 0): Sentinel
   * refuses `PUBLISH` of anything but its hello messages, so this is how a
   * case sees who listens for its announcements.
   */
  subscribers(via: number): Promise<number>;
  /**
   * Stops the Sentinel at index `via` (SIGSTOP) until `resumeSentinel(via)`:
   * it misses a failover, and announces it late when it learns of it. The
   * other Sentinels still make a majority; `failover()` and `killMaster()`
   * wait for them only.
   */
  pauseSentinel(via: number): void;
  /** Lets a paused Sentinel go on (SIGCONT). */
  resumeSentinel(via: number): void;
  stop(): Promise<void>;
}

/** How to start a Sentinel group. */
export interface SentinelGroupOptions {
  /** How many replicas the master has: 1 by default. */
  readonly replicas?: number;
}

/** Milliseconds a Sentinel waits for a silent master before it calls it down; failovers take a few seconds. */
const downAfter = 1_000;

/** The port a Sentinel names as the master of `service`. */
async function namedMaster(port: number, service: string): Promise<number> {
  return Number((await redisCli(port, ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', service])).split('\n')[1]);
}

/** Waits until every Sentinel of `asked()` names one master other than `before`, and it says `ROLE` master; resolves with its port. */
async function newMasterNamed(asked: () => readonly RedisServer[], service: string, before: number, also: () => Promise<boolean>): Promise<number> {
  let after = before;
  await until('every Sentinel names the new master, which says it is one', 30_000, async () => {
    const named = await Promise.all(asked().map((sentinel) => namedMaster(sentinel.port, service)));
    after = named[0] ?? before;
    if (after === before || named.some((port) => port !== after)) return false;
    return (await redisCli(after, ['ROLE'])).startsWith('master') && (await also());
  });
  return after;
}

/** Starts a master and `count` replicas of it, and waits until each replica is in sync. */
async function startData(count: number, started: RedisServer[]): Promise<RedisServer[]> {
  const master = await startRedisServer();
  started.push(master);
  const servers = [master];
  for (let i = 0; i < count; i += 1) {
    const replica = await startRedisServer({ args: ['--replicaof', '127.0.0.1', String(master.port)] });
    started.push(replica);
    servers.push(replica);
    await until('the replica is in sync', 10_000, async () => /master_link_status:up/.test(await redisCli(replica.port, ['INFO', 'replication'])));
  }
  return servers;
}

/** Starts three Sentinels (quorum 2) watching `masterPort`, and waits until each knows the `replicas` and the other two. */
async function startSentinels(service: string, masterPort: number, replicas: number, started: RedisServer[]): Promise<RedisServer[]> {
  const config = [
    `sentinel monitor ${service} 127.0.0.1 ${masterPort} 2`,
    `sentinel down-after-milliseconds ${service} ${downAfter}`,
    `sentinel failover-timeout ${service} 5000`,
    `sentinel parallel-syncs ${service} 1`,
    '',
  ].join('\n');
  const sentinels: RedisServer[] = [];
  for (let i = 0; i < 3; i += 1) {
    const sentinel = await startRedisServer({ sentinel: config });
    started.push(sentinel);
    sentinels.push(sentinel);
  }
  const count = async (port: number, what: string): Promise<number> => (await redisCli(port, ['SENTINEL', what, service])).split('\n').filter((line) => line === 'name').length;
  for (const sentinel of sentinels) {
    await until('every Sentinel knows the replicas and the other Sentinels', 20_000, async () => {
      return (await count(sentinel.port, 'REPLICAS')) === replicas && (await count(sentinel.port, 'SENTINELS')) === 2;
    });
  }
  return sentinels;
}

/**
 * Starts one master, its replicas (one unless `options.replicas` says) and
 * three Sentinels (`redis-server --sentinel`, quorum 2) on free loopback ports,
 * each in its own temporary directory, and resolves once every Sentinel knows
 * the replicas and the other two. Whatever started is stopped when a step fails.
 */
export async function startSentinelGroup(service = 'conformance', options: SentinelGroupOptions = {}): Promise<SentinelGroup> {
  const started: RedisServer[] = [];
  try {
    const replicas = options.replicas ?? 1;
    const servers = await startData(replicas, started);
    const sentinels = await startSentinels(service, servers[0]?.port ?? 0, replicas, started);
    return groupOf(service, servers, sentinels, started);
  } catch (error) {
    await stopAll(started);
    throw error;
  }
}

/** The `SentinelGroup` over servers and Sentinels that run. */
function groupOf(service: string, servers: readonly RedisServer[], sentinels: readonly RedisServer[], started: readonly RedisServer[]): SentinelGroup {
  const paused = new Set<RedisServer>();
  const sentinel = (index: number): RedisServer => sentinels[index] ?? assert.fail(`no Sentinel at index ${index}`);
  const awake = (): RedisServer[] => sentinels.filter((one) => !paused.has(one));
  const masterPort = async (): Promise<number> => namedMaster((awake()[0] ?? sentinel(0)).port, service);
  return {
    service,
    sentinels: sentinels.map((one) => [one.host, one.port] as const),
    servers,
    masterPort,
    async failover(via = 0) {
      const before = await masterPort();
      await redisCli(sentinel(via).port, ['SENTINEL', 'FAILOVER', service]);
      return newMasterNamed(awake, service, before, async () => (await redisCli(before, ['ROLE'])).startsWith('slave'));
    },
    async killMaster() {
      const before = await masterPort();
      await (servers.find((server) => server.port === before) ?? assert.fail(`no server of the group listens on ${before}`)).kill();
      return newMasterNamed(awake, service, before, async () => true);
    },
    async subscribers(via) {
      const clients = (await redisCli(sentinel(via).port, ['CLIENT', 'LIST'])).split('\n');
      return clients.filter((line) => /\b(sub|psub)=[1-9]/.test(line)).length;
    },
    pauseSentinel(via) {
      paused.add(sentinel(via));
      sentinel(via).pause();
    },
    resumeSentinel(via) {
      paused.delete(sentinel(via));
      sentinel(via).resume();
    },
    stop: async () => {
      for (const one of paused) one.resume();
      await stopAll(started);
    },
  };
}

/** A node of a cluster: its server and its id. */
export interface ClusterNode {
  readonly server: RedisServer;
  readonly id: string;
}

/** Three masters with a replica each; `stop()` ends them all and removes their directories. */
export interface Cluster {
  /** Every node, as started. */
  readonly nodes: readonly ClusterNode[];
  /** The seed addresses, as `[host, port]`: every node's. */
  readonly seeds: readonly (readonly [string, number])[];
  /** The node serving `slot` as its master, as a live node says. */
  masterOf(slot: number): Promise<ClusterNode>;
  /**
   * Kills the master of `slot` (SIGKILL) and resolves once its replica took
   * over and every live node says `cluster_state:ok`, with the new master.
   */
  killMasterOf(slot: number): Promise<ClusterNode>;
  /**
   * Moves `slot` to the master `target`, as `redis-cli --cluster reshard` does:
   * `CLUSTER SETSLOT IMPORTING` and `MIGRATING`, then `MIGRATE` for its keys in
   * batches, then `SETSLOT NODE` on every master. Waits `pause` ms after
   * marking the slot and after each batch, so that traffic meets the
   * redirections.
   */
  migrateSlot(slot: number, target: ClusterNode, pause?: number): Promise<void>;
  /**
   * Starts again every node `killMasterOf()` killed, on its port and with its
   * node file, and resolves once each is a replica in sync and every node says
   * `cluster_state:ok`: every master has a replica again, for the next kill.
   */
  reviveKilled(): Promise<void>;
  stop(): Promise<void>;
}

/** Milliseconds before a silent cluster node is failed over: failovers take a few seconds. */
const nodeTimeout = 1_000;

/**
 * Starts six nodes (`cluster-enabled yes`, the node file in each one's
 * temporary directory), joins them with
 * `redis-cli --cluster create … --cluster-replicas 1 --cluster-yes`, and
 * resolves once every node says `cluster_state:ok` and knows the other five,
 * and every replica is in sync with its master (a replica never in sync cannot
 * take over).
 */
export async function startCluster(): Promise<Cluster> {
  const started: RedisServer[] = [];
  try {
    const args = ['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', String(nodeTimeout)];
    for (let i = 0; i < 6; i += 1) started.push(await startRedisServer({ args }));
    await new Promise<void>((resolve, reject) => {
      execFile('redis-cli', ['--cluster', 'create', ...started.map((server) => `127.0.0.1:${server.port}`), '--cluster-replicas', '1', '--cluster-yes'], { timeout: 30_000 }, (error, stdout) =>
        error ? reject(new Error(`redis-cli --cluster create failed: ${error.message}\n${stdout}`)) : resolve(),
      );
    });
    const nodes: ClusterNode[] = [];
    for (const server of started) nodes.push({ server, id: await redisCli(server.port, ['CLUSTER', 'MYID']) });
    const alive = new Set(nodes);
    const healthy = async (): Promise<boolean> => {
      for (const node of alive) {
        const info = await redisCli(node.server.port, ['CLUSTER', 'INFO']);
        if (!info.includes('cluster_state:ok') || !info.includes(`cluster_known_nodes:${nodes.length}`)) return false;
        const replication = await redisCli(node.server.port, ['INFO', 'replication']);
        if (replication.includes('role:slave') && !replication.includes('master_link_status:up')) return false;
      }
      return true;
    };
    await until('every node says cluster_state:ok and every replica is in sync', 30_000, healthy);
    const masterOf = async (slot: number): Promise<ClusterNode> => {
      for (const node of alive) {
        const reply = await redisCli(node.server.port, ['CLUSTER', 'NODES']).catch(() => '');
        for (const line of reply.split('\n')) {
          const [id, , flags, , , , , state, ...ranges] = line.split(' ');
          if (!flags?.includes('master') || flags.includes('fail') || state !== 'connected') continue;
          const owns = ranges.some((range) => {
            const [from, to] = range.split('-').map(Number);
            return from !== undefined && slot >= from && slot <= (to ?? from);
          });
          const owner = nodes.find((candidate) => candidate.id === id);
          if (owns && owner !== undefined && alive.has(owner)) return owner;
        }
      }
      throw new Error(`no live master serves slot ${slot}`);
    };
    return {
      nodes,
      seeds: started.map((server) => [server.host, server.port] as const),
      masterOf,
      async killMasterOf(slot) {
        const old = await masterOf(slot);
        await old.server.kill();
        alive.delete(old);
        let promoted: ClusterNode | undefined;
        await until('a replica took over the killed master and the cluster is ok', 30_000, async () => {
          promoted = await masterOf(slot);
          for (const node of alive) {
            if (!(await redisCli(node.server.port, ['CLUSTER', 'INFO'])).includes('cluster_state:ok')) return false;
          }
          return promoted !== old;
        });
        return promoted ?? old;
      },
      async migrateSlot(slot, target, pause = 0) {
        const source = await masterOf(slot);
        const wait = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, pause));
        await redisCli(target.server.port, ['CLUSTER', 'SETSLOT', String(slot), 'IMPORTING', source.id]);
        await redisCli(source.server.port, ['CLUSTER', 'SETSLOT', String(slot), 'MIGRATING', target.id]);
        await wait();
        for (;;) {
          const keys = (await redisCli(source.server.port, ['CLUSTER', 'GETKEYSINSLOT', String(slot), '20'])).split('\n').filter((key) => key !== '');
          if (keys.length === 0) break;
          await redisCli(source.server.port, ['MIGRATE', '127.0.0.1', String(target.server.port), '', '0', '5000', 'KEYS', ...keys]);
          await wait();
        }
        const masters = new Set([target, source]);
        for (let s = 0; s < 16384; s += 5461) masters.add(await masterOf(s));
        for (const node of masters) await redisCli(node.server.port, ['CLUSTER', 'SETSLOT', String(slot), 'NODE', target.id]);
      },
      async reviveKilled() {
        const killed = nodes.filter((node) => !alive.has(node));
        for (const node of killed) {
          await node.server.restart();
          alive.add(node);
        }
        const replicas = async (): Promise<boolean> => {
          for (const node of killed) if (!(await redisCli(node.server.port, ['INFO', 'replication'])).includes('role:slave')) return false;
          return healthy();
        };
        if (killed.length > 0) await until('the revived nodes are replicas in sync and the cluster is ok', 30_000, replicas);
      },
      stop: () => stopAll(started),
    };
  } catch (error) {
    await stopAll(started);
    throw error;
  }
}

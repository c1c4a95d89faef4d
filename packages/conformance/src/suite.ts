import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AbcConnection, AbcPool, Encoding } from 'aioredis-abc';
import type { Case, CaseContext, OpenOptions } from './case.js';
import { groups } from './cases/index.js';
import type { Feature, Implementation, ServerAddress } from './implementation.js';
import { redisServerInstalled, runningServers, startRedisServer, type RedisServer } from './redis-server.js';
import { Report } from './report.js';
import { startCluster, startSentinelGroup, type Cluster, type SentinelGroup } from './sentinel-and-cluster.js';

/** The topologies of a run, started on first use and stopped when it ends. */
class Topologies {
  #group: Promise<SentinelGroup> | null = null;
  #cluster: Promise<Cluster> | null = null;

  sentinelGroup(): Promise<SentinelGroup> {
    this.#group ??= startSentinelGroup();
    return this.#group;
  }

  cluster(): Promise<Cluster> {
    this.#cluster ??= startCluster();
    return this.#cluster;
  }

  async stop(): Promise<void> {
    const started = [this.#group, this.#cluster].flatMap((topology) => (topology === null ? [] : [topology.then((running) => running.stop())]));
    await Promise.allSettled(started);
  }
}

/** What `conformance()` returns: the report, filled in as the cases run. */
export interface ConformanceRun {
  readonly report: Report;
}

/** The suite's server for an implementation with no server: cases that need one are not applicable. */
const noServer: ServerAddress = { host: '127.0.0.1', port: 0, path: '' };

/** The reason a case is not applicable to the implementation, or `undefined` when it is. */
function notApplicable(implementation: Implementation, needs: readonly Feature[] = []): string | undefined {
  const reasons = needs.map((feature) => implementation.notApplicable?.[feature]).filter((reason) => reason !== undefined);
  return reasons.length > 0 ? reasons.join('; ') : undefined;
}

/** Closes what a case opened, last opened first, and waits for each; every cleanup runs even when one throws. */
async function cleanUp(cleanups: (() => void | Promise<void>)[]): Promise<void> {
  const errors: unknown[] = [];
  for (const cleanup of cleanups.reverse()) {
    try {
      await cleanup();
    } catch (error) {
      errors.push(error);
    }
  }
  if (errors.length > 0) throw new AggregateError(errors, 'cleaning up after the case failed');
}

async function closeAll(conn: AbcConnection): Promise<void> {
  conn.close();
  await conn.waitClosed();
}

let unique = 0;

function contextFor(implementation: Implementation, server: ServerAddress, topologies: Topologies, cleanups: (() => void | Promise<void>)[]): CaseContext {
  const request = <E extends Encoding>(encoding: E, options: OpenOptions) => ({
    server: options.server ?? server,
    via: options.via ?? 'tcp',
    encoding,
    ...(options.db === undefined ? {} : { db: options.db }),
    ...(options.password === undefined ? {} : { password: options.password }),
    ...(options.username === undefined ? {} : { username: options.username }),
    ...(options.name === undefined ? {} : { name: options.name }),
    ...(options.tls === undefined ? {} : { tls: options.tls }),
    ...(options.url === undefined ? {} : { url: options.url }),
    ...(options.connectTimeout === undefined ? {} : { connectTimeout: options.connectTimeout }),
    ...(options.commandTimeout === undefined ? {} : { commandTimeout: options.commandTimeout }),
    ...(options.keepAlive === undefined ? {} : { keepAlive: options.keepAlive }),
  });
  return {
    implementation,
    server,
    async connect<E extends Encoding>(encoding: E, options: OpenOptions = {}): Promise<AbcConnection<E>> {
      const conn = await implementation.connect(request(encoding, options));
      cleanups.push(() => closeAll(conn));
      return conn;
    },
    pool<E extends Encoding>(encoding: E, maxsize: number, options: OpenOptions = {}): AbcPool<AbcConnection<E>> {
      const pool = implementation.createPool({
        ...request(encoding, options),
        maxsize,
        ...(options.acquireTimeout === undefined ? {} : { acquireTimeout: options.acquireTimeout }),
      });
      cleanups.push(() => closeAll(pool));
      return pool;
    },
    async startServer(options) {
      const own: RedisServer = await startRedisServer(options);
      cleanups.push(() => own.stop());
      return own;
    },
    sentinelGroup: () => topologies.sentinelGroup(),
    cluster: () => topologies.cluster(),
    async sentinelPool(encoding, options = {}) {
      const create = implementation.createSentinelPool ?? assert.fail(`${implementation.name} has no createSentinelPool: name topologies in notApplicable`);
      const group = await topologies.sentinelGroup();
      const pool = create({
        service: options.service ?? group.service,
        sentinels: group.sentinels,
        role: options.role ?? 'master',
        encoding,
        maxsize: options.maxsize ?? 4,
        ...(options.connectTimeout === undefined ? {} : { connectTimeout: options.connectTimeout }),
      });
      cleanups.push(() => closeAll(pool));
      return pool;
    },
    async clusterPool(encoding, maxsize = 4, options = {}) {
      const create = implementation.createClusterPool ?? assert.fail(`${implementation.name} has no createClusterPool: name topologies in notApplicable`);
      const cluster = await topologies.cluster();
      const pool = create({ nodes: cluster.seeds, encoding, maxsize, ...(options.connectTimeout === undefined ? {} : { connectTimeout: options.connectTimeout }) });
      cleanups.push(() => closeAll(pool));
      return pool;
    },
    name(prefix: string): string {
      unique += 1;
      return `${prefix}:${process.pid}:${unique}`;
    },
    defer(cleanup) {
      cleanups.push(cleanup);
    },
  };
}

/**
 * Registers the conformance suite for one implementation with `node:test`:
 * one test per case, grouped, each proving the catalogue ids it names. Cases
 * that need a feature the implementation says it lacks are skipped with the
 * reason, and reported as not applicable. Unless the implementation has no
 * server (`notApplicable.server`), the suite starts a `redis-server` of its own
 * on a free loopback port and stops it at the end. When every case has run, it
 * prints the report: each id, passed, failed, or not applicable and why.
 */
export function conformance(implementation: Implementation): ConformanceRun {
  const report = new Report(implementation.name);
  const usesServer = implementation.notApplicable?.server === undefined;
  describe(`${implementation.name}: aioredis-abc conformance`, () => {
    let server: RedisServer | undefined;
    const topologies = new Topologies();
    before(async () => {
      if (!usesServer) return;
      assert.ok(redisServerInstalled(), 'redis-server is not installed: the suite needs it (apt-get install redis-server)');
      server = await startRedisServer();
    });
    after(async () => {
      await server?.stop();
      await topologies.stop();
      console.log(report.format());
      assert.equal(runningServers(), 0, 'a case left a redis-server running');
    });

    for (const group of groups) {
      describe(group.name, () => {
        for (const testCase of group.cases) register(testCase);
      });
    }

    function register(testCase: Case): void {
      const reason = notApplicable(implementation, testCase.needs);
      if (reason !== undefined) {
        report.record(testCase, { status: 'not applicable', reason });
        test(testCase.title, { skip: `not applicable: ${reason}` }, () => {});
        return;
      }
      test(testCase.title, { timeout: testCase.timeout ?? 10_000 }, async () => {
        const cleanups: (() => void | Promise<void>)[] = [];
        try {
          await testCase.run(contextFor(implementation, server ?? noServer, topologies, cleanups));
          await cleanUp(cleanups);
          report.record(testCase, { status: 'passed' });
        } catch (error) {
          report.record(testCase, { status: 'failed' });
          await cleanUp(cleanups).catch(() => {});
          throw error;
        }
      });
    }
  });
  return { report };
}

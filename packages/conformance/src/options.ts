// The option checks of an implementation that takes the kit's connection options (host, port, path, db, password, encoding, maxsize).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { redisServerInstalled, startRedisServer } from './redis-server.js';

/** An implementation's own openers, called with whatever a JavaScript caller or parsed configuration passes. */
export interface OptionsImplementation {
  readonly name: string;
  connect(options: unknown): Promise<unknown>;
  createPool(options: unknown): unknown;
  /** Wraps a client the application configured, when the implementation can. */
  wrap?(client: unknown, options: { readonly encoding: 'utf-8' }): Promise<unknown>;
  /** Clients that `wrap()` and `createPool({ client })` must refuse, each with what the refusal must say. */
  misconfiguredClients?(): readonly (readonly [RegExp, unknown])[];
  /** Creates a pool of a Sentinel-managed service, when the implementation has one. */
  createSentinelPool?(options: unknown): unknown;
  /** Creates a pool over a Redis Cluster, when the implementation has one. */
  createClusterPool?(options: unknown): unknown;
  /**
   * Clients that `wrap()` and `createPool({ client })` must take, each with
   * what it is: made as the adapter's README shows, left with the library's
   * defaults where the adapter can use them, still connecting or connected.
   */
  usableClients?(server: { readonly host: string; readonly port: number }): Promise<readonly (readonly [string, unknown])[]>;
}

/** A wrapped connection, or a pool over a client, as far as these checks use them. */
interface Opened {
  execute(command: string, ...args: string[]): Promise<unknown>;
  close(): void;
  waitClosed(): Promise<void>;
}

/** A pool constructor over several servers: valid options, and the options only it takes, which its errors list. */
interface TopologyConstructor {
  readonly name: 'createSentinelPool' | 'createClusterPool';
  readonly create: (options: unknown) => unknown;
  readonly valid: Record<string, unknown>;
  readonly own: readonly string[];
  /** Options of a pool to one server that this constructor does not use. */
  readonly unused: Record<string, unknown>;
}

/** The topology pool constructors an implementation has. */
function topologyConstructors(implementation: OptionsImplementation): TopologyConstructor[] {
  const unused = { url: 'redis://127.0.0.1:6379', host: '127.0.0.1', port: 6379, path: '/tmp/redis.sock' };
  const found: TopologyConstructor[] = [];
  const { createSentinelPool, createClusterPool } = implementation;
  if (createSentinelPool !== undefined) {
    const valid = { service: 'app', sentinels: [['127.0.0.1', 26379]], encoding: 'utf-8', password: secret };
    found.push({ name: 'createSentinelPool', create: createSentinelPool, valid, own: ['service', 'sentinels', 'role'], unused });
  }
  if (createClusterPool !== undefined) {
    const valid = { nodes: [['127.0.0.1', 7000]], encoding: 'utf-8', password: secret };
    found.push({ name: 'createClusterPool', create: createClusterPool, valid, own: ['nodes'], unused: { ...unused, db: 1 } });
  }
  return found;
}

/** Registers the checks of each topology pool constructor's own options. */
function topologyOptionChecks(implementation: OptionsImplementation): void {
  for (const { name, create, valid, own, unused } of topologyConstructors(implementation)) {
    for (const [option, value] of [...Object.entries(unused), ['sentinal', 'typo'] as const]) {
      test(`${name}() refuses ${option}, an option it does not use, with a TypeError that names it and lists its own options, and opens nothing`, async () => {
        const before = handles();
        const error = await refusal(() => create({ ...valid, [option]: value }));
        assert.ok(error instanceof TypeError, `not a TypeError: ${String(error)}`);
        assert.match(error.message, new RegExp(`\\b${option}\\b`));
        for (const key of own) assert.match(error.message, new RegExp(`\\b${key}\\b`), `the message does not list ${key}`);
        assert.ok(!error.message.includes(secret), 'the password is in the message');
        await new Promise((resolve) => setImmediate(resolve));
        assert.ok(handles() <= before, 'a refused option left a handle open');
      });
    }
  }
}

const secret = 'never-in-a-message';

/** Options that are wrong, each with the option its error must name. */
const wrong: readonly (readonly [string, Record<string, unknown>])[] = [
  ['usernmae', { usernmae: 'app' }],
  ['keyPrefix', { keyPrefix: 'app:' }],
  ['port', { port: '6379' }],
  ['port', { port: 70_000 }],
  ['port', { port: 1.5 }],
  ['host', { host: 5 }],
  ['db', { db: -1 }],
  ['db', { db: '2' }],
  ['password', { password: 42 }],
  ['encoding', { encoding: 'utf-9' }],
  ['path', { path: '/tmp/redis.sock', host: '127.0.0.1' }],
];

/** Sockets, timers and other handles the process holds now. */
function handles(): number {
  return process.getActiveResourcesInfo().filter((kind) => kind !== 'TTYWrap' && kind !== 'Timeout').length;
}

/** The error `open` throws or rejects with; a failure when it opens. */
async function refusal(open: () => unknown): Promise<unknown> {
  try {
    await open();
  } catch (error) {
    return error;
  }
  return assert.fail('the options were accepted');
}

/**
 * Registers the checks of `wrap()` and `createPool({ client })`: they refuse
 * a client the adapter cannot use with a `TypeError` that says what to set,
 * and take the clients it can, as the README makes them, connecting or
 * connected, on a redis-server of their own whose replies must be the
 * contract's (RESP2: `HGETALL` a flat array).
 */
function clientChecks(implementation: OptionsImplementation): void {
  const { wrap, misconfiguredClients, usableClients } = implementation;
  if (wrap !== undefined && misconfiguredClients !== undefined) {
    test('wrap() and createPool({ client }) refuse a client the adapter cannot use, with a TypeError that says what to set', async () => {
      for (const [says, client] of misconfiguredClients()) {
        const error = await refusal(() => wrap(client, { encoding: 'utf-8' }));
        assert.ok(error instanceof TypeError && says.test(error.message), `wrap: ${String(error)}`);
        assert.throws(() => implementation.createPool({ client, encoding: 'utf-8' }), (thrown: unknown) => thrown instanceof TypeError && says.test(thrown.message));
      }
    });
  }
  if (wrap !== undefined && usableClients !== undefined) {
    test('wrap() and createPool({ client }) take a client as the README shows it, connecting or connected, and its replies are the contract\'s', { skip: !redisServerInstalled() }, async () => {
      const server = await startRedisServer();
      try {
        for (const [what, client] of await usableClients(server)) {
          const conn = (await wrap(client, { encoding: 'utf-8' })) as Opened;
          assert.equal(await conn.execute('HSET', 'wrapped:hash', 'field', what), 1, what);
          assert.deepEqual(await conn.execute('HGETALL', 'wrapped:hash'), ['field', what], what);
          const pool = implementation.createPool({ client, encoding: 'utf-8' }) as Opened;
          assert.equal(await pool.execute('HDEL', 'wrapped:hash', 'field'), 1, what);
          pool.close();
          await pool.waitClosed();
          conn.close();
          await conn.waitClosed();
        }
      } finally {
        await server.stop();
      }
    });
  }
}

/**
 * Registers with `node:test` the checks every option gets before anything is
 * opened: an unknown or misspelled option, or one of the wrong type or range,
 * is refused with a `TypeError` that names it, by `connect()` (a rejection)
 * and `createPool()` (a throw), with no handle left open and no password in
 * the message; `maxsize` is a positive integer, and `null` is not 10. The
 * Sentinel and Cluster pools' constructors, when given, refuse each option
 * of a pool to one server they do not use, naming it and listing their own.
 */
export function optionChecks(implementation: OptionsImplementation): void {
  describe(`${implementation.name}: options`, () => {
    for (const [option, options] of wrong) {
      test(`connect() and createPool() refuse ${JSON.stringify(options)} with a TypeError naming ${option}, and open nothing`, async () => {
        const before = handles();
        for (const open of [() => implementation.connect({ encoding: 'utf-8', password: secret, ...options }), () => implementation.createPool({ encoding: 'utf-8', password: secret, ...options })]) {
          const error = await refusal(open);
          assert.ok(error instanceof TypeError, `not a TypeError: ${String(error)}`);
          assert.match(error.message, new RegExp(option));
          assert.ok(!error.message.includes(secret), 'the password is in the message');
        }
        await new Promise((resolve) => setImmediate(resolve));
        assert.ok(handles() <= before, 'a refused option left a handle open');
      });
    }
    for (const maxsize of [null, 0, -1, 1.5, '10']) {
      test(`createPool() refuses maxsize ${JSON.stringify(maxsize)} with a TypeError`, () => {
        assert.throws(() => implementation.createPool({ encoding: 'utf-8', maxsize }), (error: unknown) => error instanceof TypeError && /maxsize/.test(error.message));
      });
    }
    clientChecks(implementation);
    test('connect() refuses maxsize: it is an option of pools', async () => {
      const error = await refusal(() => implementation.connect({ encoding: 'utf-8', maxsize: 2 }));
      assert.ok(error instanceof TypeError && /maxsize/.test(error.message));
    });
    topologyOptionChecks(implementation);
  });
}

// npm run bench:runtime: how fast each adapter runs commands and drains
// pub/sub messages next to the raw client it wraps, on a redis-server of its
// own. It prints numbers; it tests nothing.
//
// Every row does BENCH_OPS commands or messages (100,000 by default),
// BENCH_RUNS times (5), after a short warm-up, in slices that the raw client
// and the adapter run in turn, the order reversed every slice: 5,000 commands,
// or a backlog of 1,000 messages. A rate is the median of the slices' rates,
// and a ratio (adapter/raw) the median of the slices' ratios, which a shared
// machine's noise moves less than a ratio of two rates: what slows one slice
// slows its neighbour alike. The raw clients are set up as the adapters set up
// theirs (RESP2, no offline queue, no reconnecting) and are called as the
// adapters call them (ioredis's `callBuffer()` and `messageBuffer`,
// node-redis's `sendCommand()` with bulk and status strings as bytes, and
// buffer-mode `subscribe()`), so that a ratio is what the adapter adds:
// argument checks, bookkeeping, decoding to UTF-8, and for pub/sub its channel
// queue. The pub/sub row times the subscriber alone: a backlog (it fits in the
// socket's buffers) is published while this process waits, then drained, by the
// raw client, the adapter and the least reader. The least reader is the raw
// client with the least work a `for await` reader of text can do (one
// String.fromCharCode() of the 3 bytes, an array, a settled promise a message);
// its ratio, printed under the tables, is the most the adapter's can be.
// The topology rows compare the Cluster and Sentinel pools with the raw clients'
// own (ioredis `Cluster` and Sentinel `Redis`, node-redis `createCluster()` and
// `createSentinel()`) at concurrency 64, on the suite's cluster and Sentinel group.
//
// Knobs: BENCH_OPS and BENCH_RUNS as above; BENCH_TOPOLOGIES=0 leaves out the
// topology rows; BENCH_ROWS, a comma-separated list of `single`, `concurrent`,
// `pool` and `drain`, measures only those rows of the adapter tables (all by
// default), e.g. `BENCH_ROWS=drain BENCH_TOPOLOGIES=0` for the pub/sub row alone;
// BENCH_TABLES, a comma-separated list of `ioredis`, `node-redis` and `socket`,
// measures only those tables (all by default).
//
// The socket table compares aioredis-abc-socket, the contract's own connection
// over a socket of its own, with both raw clients at once: each slice is run by
// raw ioredis, raw node-redis and the socket connection in turn, and the ratio
// is the socket's rate over the faster raw client's in that slice. Its drain
// row reads with `for await` against the raw clients' listeners. A command row
// is also set against redis-benchmark (C) with the same pipelining: one
// connection with 64 in flight against `-c 1 -P 64`, a pool of 4 against
// `-c 4 -P 16`. With node --expose-gc (as `npm run bench:runtime` runs it) it
// prints the bytes per open connection and per pending command.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { constants, cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { startCluster, startRedisServer, startSentinelGroup } from 'aioredis-abc-conformance';
import * as ioredisAdapter from 'aioredis-abc-ioredis';
import * as nodeRedisAdapter from 'aioredis-abc-node-redis';
import * as socket from 'aioredis-abc-socket';
import { Cluster, Redis } from 'ioredis';
import { createClient, createCluster, createSentinel, RESP_TYPES } from 'redis';
import { positiveInteger } from './knobs.mjs';
import { bytesPerCommand, bytesPerConnection, commandRate, KEY, median, MEMORY_COMMANDS, MEMORY_CONNECTIONS, PAYLOAD } from './workload.mjs';

const WARM_UP_OPS = 10_000;
/** Commands a slice of a command row runs on each side. */
const COMMAND_SLICE = 5_000;
/** Messages a pub/sub backlog holds: about 50 KB, which the server's socket and the client's take whole. */
const BACKLOG = 1_000;
const POOL_SIZE = 4;

/** Bulk and status strings as bytes, as the node-redis adapter asks for them. */
const asBytes = { typeMapping: { [RESP_TYPES.BLOB_STRING]: Buffer, [RESP_TYPES.SIMPLE_STRING]: Buffer } };

/**
 * Counts the messages a raw subscriber receives: `expect(n)` resolves once n
 * more have come, and rejects once `fail()` says the subscriber is gone.
 */
class Deliveries {
  #left = 0;
  #resolve = () => {};
  #reject = () => {};
  #failure = null;

  hit() {
    this.#left -= 1;
    if (this.#left === 0) this.#resolve();
  }

  expect(n) {
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      this.#left = n;
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }

  fail(error) {
    this.#failure ??= error;
    this.#reject(error);
  }
}

/** A raw ioredis client, set up as IoredisConnection sets up its own, connected. */
async function openIoredis(server) {
  const redis = new Redis({
    host: server.host,
    port: server.port,
    db: 0,
    protocol: 2,
    lazyConnect: true,
    retryStrategy: () => null,
    enableOfflineQueue: false,
    autoResubscribe: false,
    maxRetriesPerRequest: 0,
  });
  await redis.connect();
  return redis;
}

/**
 * A raw node-redis client, set up as NodeRedisConnection sets up its own,
 * connected. `onError` hears of a lost socket: node-redis emits it as an
 * 'error' event, which would end the process if nothing listened.
 */
function openNodeRedis(server, onError) {
  return createClient({
    RESP: 2,
    socket: { host: server.host, port: server.port, reconnectStrategy: false },
    database: 0,
    disableOfflineQueue: true,
  })
    .on('error', onError)
    .connect();
}

/**
 * @typedef {object} Side One side of a comparison, raw client or adapter.
 * @property {(command: string, ...args: string[]) => Promise<unknown>} execute Runs a command on one connection.
 * @property {(command: string, ...args: string[]) => Promise<unknown>} pooled Runs a command on the pool; the raw side has none and uses its one client.
 * @property {string} channel The channel its subscriber is subscribed to.
 * @property {(n: number) => Promise<void>} drain Resolves once the subscriber has read n more messages.
 * @property {() => Promise<unknown>} close Closes every connection of the side.
 */

/** The raw ioredis side: a client for commands and one subscribed to `channel`, counting `messageBuffer` events. */
async function rawIoredis(server, channel) {
  const client = await openIoredis(server);
  const subscriber = await openIoredis(server);
  const deliveries = new Deliveries();
  subscriber.on('messageBuffer', () => deliveries.hit());
  subscriber.on('end', () => deliveries.fail(new Error('the raw ioredis subscriber lost its connection')));
  await subscriber.subscribe(channel);
  const execute = (command, ...args) => client.callBuffer(command, args);
  return {
    channel,
    execute,
    pooled: execute,
    drain: (n) => deliveries.expect(n),
    close: () => Promise.all([client.quit(), subscriber.quit()]),
  };
}

/** The raw node-redis side: a client for commands and one subscribed to `channel` in buffer mode, counting calls of its listener. */
async function rawNodeRedis(server, channel) {
  const deliveries = new Deliveries();
  // The commands waiting on a lost client reject by themselves; a subscriber's drain has to be told.
  const client = await openNodeRedis(server, () => {});
  const subscriber = await openNodeRedis(server, (error) => deliveries.fail(error));
  await subscriber.subscribe(channel, () => deliveries.hit(), true);
  const execute = (command, ...args) => client.sendCommand([command, ...args], asBytes);
  return {
    channel,
    execute,
    pooled: execute,
    drain: (n) => deliveries.expect(n),
    close: () => Promise.all([client.close(), subscriber.close()]),
  };
}

/**
 * The least a `for await` reader of text does per message, fed by a raw
 * client's listener: one `String.fromCharCode()` of the bytes (the bench's
 * payload is 3 ASCII bytes), an array, and a settled promise for each `next()`.
 * No reader of a channel does less, so its rate bounds the adapter's.
 */
class LeastReader {
  #items = [];
  #head = 0;
  #waiting = null;

  /** The listener's part: the message's text, to the reader or into the array. */
  put(bytes) {
    const text = String.fromCharCode(bytes[0], bytes[1], bytes[2]);
    const waiting = this.#waiting;
    if (waiting === null) this.#items.push(text);
    else {
      this.#waiting = null;
      waiting({ value: text, done: false });
    }
  }

  [Symbol.asyncIterator]() {
    return {
      next: () => {
        if (this.#head === this.#items.length) return new Promise((resolve) => (this.#waiting = resolve));
        const value = this.#items[this.#head];
        this.#head += 1;
        if (this.#head === this.#items.length) {
          this.#items = [];
          this.#head = 0;
        }
        return Promise.resolve({ value, done: false });
      },
    };
  }
}

/** A side that drains `messages` with `for await`, checking that each is the payload as text: the adapter's and the least reader's. */
function readingSide(channel, messages, close) {
  return {
    channel,
    drain: async (n) => {
      let read = 0;
      if (n === 0) return;
      for await (const message of messages) {
        read += 1;
        if (message !== PAYLOAD) throw new TypeError(`${channel} gave ${typeof message === 'string' ? JSON.stringify(message) : typeof message}, not the payload`);
        if (read === n) break;
      }
    },
    close,
  };
}

/** The least reader over a raw ioredis client subscribed to `channel`. */
async function leastIoredis(server, channel) {
  const subscriber = await openIoredis(server);
  const reader = new LeastReader();
  subscriber.on('messageBuffer', (_, message) => reader.put(message));
  await subscriber.subscribe(channel);
  return readingSide(channel, reader, () => subscriber.quit());
}

/** The least reader over a raw node-redis client subscribed to `channel` in buffer mode. */
async function leastNodeRedis(server, channel) {
  const subscriber = await openNodeRedis(server, () => {});
  const reader = new LeastReader();
  await subscriber.subscribe(channel, (message) => reader.put(message), true);
  return readingSide(channel, reader, () => subscriber.close());
}

/** The adapter side: a connection, a pool and a connection subscribed to `channel`, all decoding UTF-8; it drains with `for await`. */
async function adapterSide(adapter, server, channel) {
  const options = { host: server.host, port: server.port, encoding: 'utf-8' };
  const conn = await adapter.connect(options);
  const pool = adapter.createPool({ ...options, maxsize: POOL_SIZE });
  const subscriber = await adapter.connect(options);
  await subscriber.executePubsub('SUBSCRIBE', channel);
  const messages = subscriber.pubsubChannels.get(channel);
  const all = [conn, pool, subscriber];
  const close = async () => {
    for (const each of all) each.close();
    await Promise.all(all.map((each) => each.waitClosed()));
  };
  return {
    ...readingSide(channel, messages, close),
    execute: (command, ...args) => conn.execute(command, ...args),
    pooled: (command, ...args) => pool.execute(command, ...args),
  };
}

/**
 * Publishes n messages to `channel` with redis-benchmark, 100 to a pipeline,
 * and returns once the server has queued them all for the subscriber. It
 * blocks this process meanwhile, so that the subscriber reads none before the
 * timer starts: the time measured is the subscriber draining, nothing else.
 */
function publish(server, channel, n) {
  const args = ['-h', server.host, '-p', String(server.port), '-q', '-c', '1', '-P', '100', '-n', String(n), 'PUBLISH', channel, PAYLOAD];
  execFileSync('redis-benchmark', args, { stdio: 'ignore' });
}

/** The milliseconds a side's subscriber takes to read a backlog of n messages. */
async function drainTime(side, server, n) {
  publish(server, side.channel, n);
  const start = performance.now();
  await side.drain(n);
  return performance.now() - start;
}

/**
 * The rates of `sides` over `ops` operations in slices of `slice`, each slice
 * run by every side in turn (the order reversed every slice, `raw` first in the
 * first one or last); `rateOf(side, n)` measures one side's slice of n.
 * Returns the median rate of `raw` and of `adapter`, and each slice's ratio of
 * every side to `raw`, by side.
 */
async function slicedRates(sides, ops, slice, rawFirst, rateOf) {
  const rates = Object.fromEntries(sides.map((side) => [side, []]));
  for (let done = 0, count = 0; done < ops; count += 1) {
    const n = Math.min(slice, ops - done);
    for (const side of rawFirst === (count % 2 === 0) ? sides : [...sides].reverse()) rates[side].push(await rateOf(side, n));
    done += n;
  }
  const ratios = Object.fromEntries(sides.map((side) => [side, rates[side].map((rate, i) => rate / rates.raw[i])]));
  const medians = Object.fromEntries(sides.map((side) => [side, median(rates[side])]));
  return { raw: medians.raw, adapter: medians.adapter, medians, ratios };
}

/** A command row of one pair: `concurrency` workers on the side's `execute` or `pooled`, in slices of `COMMAND_SLICE`. */
async function commandRates(pair, ops, rawFirst, method, concurrency) {
  const { raw, adapter, ratios } = await slicedRates(['raw', 'adapter'], ops, COMMAND_SLICE, rawFirst, (side, n) => commandRate(pair[side][method], n, concurrency));
  return { raw, adapter, ratios: ratios.adapter };
}

/** The pub/sub row of one pair: backlogs of `BACKLOG`, drained by the raw side, the adapter and the least reader; with the least reader's ratios too. */
async function drainRates(pair, server, ops, rawFirst) {
  const { raw, adapter, ratios } = await slicedRates(['raw', 'adapter', 'least'], ops, BACKLOG, rawFirst, async (side, n) => n / ((await drainTime(pair[side], server, n)) / 1000));
  return { raw, adapter, ratios: ratios.adapter, leastRatios: ratios.least };
}

/** The raw clients set up as the adapters set up theirs, for the topology rows. */
const rawIoredisOptions = { protocol: 2, enableOfflineQueue: false, maxRetriesPerRequest: 0, enableReadyCheck: false };

/** The topology sides of one adapter: its Cluster and Sentinel pools against the raw client's, each running `SET` and `GET` on the key. */
async function topologySides(name, adapter, cluster, group) {
  const nodes = cluster.seeds;
  const sentinels = group.sentinels;
  if (name === 'ioredis') {
    const rawCluster = new Cluster(
      nodes.map(([host, port]) => ({ host, port })),
      { redisOptions: rawIoredisOptions, enableOfflineQueue: false, lazyConnect: true },
    );
    await rawCluster.connect();
    const rawSentinel = new Redis({ ...rawIoredisOptions, sentinels: sentinels.map(([host, port]) => ({ host, port })), name: group.service, lazyConnect: true });
    await rawSentinel.connect();
    return [
      { label: 'Cluster pool, concurrency 64', raw: (command, ...args) => rawCluster.callBuffer(command, args), close: () => rawCluster.quit(), pool: adapter.createClusterPool({ nodes, encoding: 'utf-8', maxsize: POOL_SIZE }) },
      { label: 'Sentinel pool, concurrency 64', raw: (command, ...args) => rawSentinel.callBuffer(command, args), close: () => rawSentinel.quit(), pool: adapter.createSentinelPool({ service: group.service, sentinels, encoding: 'utf-8', maxsize: POOL_SIZE }) },
    ];
  }
  const rawCluster = await createCluster({ rootNodes: nodes.map(([host, port]) => ({ socket: { host, port } })), RESP: 2 })
    .on('error', () => {})
    .connect();
  const rawSentinel = await createSentinel({ name: group.service, sentinelRootNodes: sentinels.map(([host, port]) => ({ host, port })), RESP: 2 })
    .on('error', () => {})
    .connect();
  return [
    { label: 'Cluster pool, concurrency 64', raw: (command, ...args) => rawCluster.sendCommand(args[0], command === 'GET', [command, ...args], asBytes), close: () => rawCluster.close(), pool: adapter.createClusterPool({ nodes, encoding: 'utf-8', maxsize: POOL_SIZE }) },
    { label: 'Sentinel pool, concurrency 64', raw: (command, ...args) => rawSentinel.sendCommand(command === 'GET', [command, ...args], asBytes), close: () => rawSentinel.close(), pool: adapter.createSentinelPool({ service: group.service, sentinels, encoding: 'utf-8', maxsize: POOL_SIZE }) },
  ];
}

/** Measures the topology rows of each adapter table asked for, raw and pool interleaved, then the socket's, and prints their tables. */
async function topologyTable(ops, runs) {
  const group = await startSentinelGroup('bench');
  const cluster = await startCluster();
  const opened = [];
  try {
    const body = [];
    for (const [name, adapter] of [['ioredis', ioredisAdapter], ['node-redis', nodeRedisAdapter]].filter(([name]) => tables.has(name))) {
      const sides = await topologySides(name, adapter, cluster, group);
      opened.push(...sides);
      for (const side of sides) {
        const execute = (command, ...args) => side.pool.execute(command, ...args);
        const pair = { raw: { execute: side.raw }, adapter: { execute } };
        await commandRates(pair, Math.min(ops, WARM_UP_OPS), true, 'execute', 64);
        const samples = [];
        for (let run = 0; run < runs; run += 1) samples.push(await commandRates(pair, ops, run % 2 === 0, 'execute', 64));
        const [raw, pooled, ratio] = summary(samples);
        body.push([`${name}: ${side.label}`, rate(raw), rate(pooled), ratio.toFixed(2)]);
      }
      console.error(`${name} topologies done (${elapsed()})`);
    }
    if (body.length > 0) console.log(`\n**Topologies** (the kit's Cluster and Sentinel pools over each adapter, against the raw client's own)\n\n${table(['row', 'raw ops/s', 'pool ops/s', 'ratio'], body)}`);
    if (tables.has('socket')) await socketTopologies(cluster, group, opened, ops, runs);
  } finally {
    for (const side of opened) {
      await side.close().catch(() => {});
      side.pool.close();
      await side.pool.waitClosed();
    }
    await group.stop();
    await cluster.stop();
  }
}

/**
 * The socket's topology rows: its Cluster and Sentinel pools against raw
 * ioredis's and raw node-redis's own at once, at concurrency 64, the ratio to
 * the faster raw client of each slice. What it opens goes into `opened`.
 */
async function socketTopologies(cluster, group, opened, ops, runs) {
  const viaIoredis = await topologySides('ioredis', socket, cluster, group);
  const viaNodeRedis = await topologySides('node-redis', socket, cluster, group);
  opened.push(...viaIoredis, ...viaNodeRedis);
  const row = { name: 'topology', method: 'execute', concurrency: 64 };
  const body = [];
  for (const [i, side] of viaIoredis.entries()) {
    const sides = { raw: { execute: side.raw }, other: { execute: viaNodeRedis[i].raw }, adapter: { execute: (command, ...args) => side.pool.execute(command, ...args) } };
    await socketRow(sides, row, null, Math.min(ops, WARM_UP_OPS), true);
    const samples = [];
    for (let run = 0; run < runs; run += 1) samples.push(await socketRow(sides, row, null, ops, run % 2 === 0));
    const { raw, other, socket: own, ratio } = trioSummary(samples);
    body.push([side.label, rate(raw), rate(other), rate(own), ratio.toFixed(2)]);
  }
  console.error(`socket topologies done (${elapsed()})`);
  console.log(`\n**Topologies, socket** (the kit's Cluster and Sentinel pools over aioredis-abc-socket, against both raw clients' own)\n\n${table(['row', 'raw ioredis', 'raw node-redis', 'socket pool', 'vs faster raw'], body)}`);
}

/** The rows of each table, each with the name BENCH_ROWS knows it by, and how each measures a pair's rates. */
const allRows = [
  { name: 'single', label: 'one connection, concurrency 1', method: 'execute', concurrency: 1, ceiling: ['-c', '1'], measure: (pair, ops, _, rawFirst) => commandRates(pair, ops, rawFirst, 'execute', 1) },
  { name: 'concurrent', label: 'one connection, concurrency 64', method: 'execute', concurrency: 64, ceiling: ['-c', '1', '-P', '64'], measure: (pair, ops, _, rawFirst) => commandRates(pair, ops, rawFirst, 'execute', 64) },
  { name: 'pool', label: `pool of ${POOL_SIZE}, concurrency 64 (raw: one client)`, method: 'pooled', concurrency: 64, ceiling: ['-c', String(POOL_SIZE), '-P', String(64 / POOL_SIZE)], measure: (pair, ops, _, rawFirst) => commandRates(pair, ops, rawFirst, 'pooled', 64) },
  { name: 'drain', label: 'pub/sub drain (messages/s)', measure: (pair, ops, server, rawFirst) => drainRates(pair, server, ops, rawFirst) },
];

/** The tables BENCH_TABLES names (`ioredis`, `node-redis`, `socket`), all when it is unset; exits with a message when it names an unknown one. */
function selectedTables() {
  const all = ['ioredis', 'node-redis', 'socket'];
  const text = process.env['BENCH_TABLES'];
  if (text === undefined) return new Set(all);
  const names = text.split(',').map((name) => name.trim());
  if (names.length === 0 || names.some((name) => !all.includes(name))) {
    console.error(`BENCH_TABLES must name tables among ${all.join(', ')}, not ${JSON.stringify(text)}`);
    process.exit(1);
  }
  return new Set(names);
}

/** How one slice of a row is measured over sides by name: a command row's workers, or the drain of a backlog. */
function rowRate(row, sides, server) {
  if (row.name === 'drain') return async (side, n) => n / ((await drainTime(sides[side], server, n)) / 1000);
  return (side, n) => commandRate(sides[side][row.method], n, row.concurrency);
}

/**
 * One row over raw ioredis (`raw`), raw node-redis (`other`) and the socket
 * connection (`adapter`), in slices they run in turn: the median rates, and
 * each slice's ratio of the socket to the faster raw client of that slice.
 */
async function socketRow(sides, row, server, ops, rawFirst) {
  const slice = row.name === 'drain' ? BACKLOG : COMMAND_SLICE;
  const { medians, ratios } = await slicedRates(['raw', 'other', 'adapter'], ops, slice, rawFirst, rowRate(row, sides, server));
  return { medians, ratios: ratios.adapter.map((ratio, i) => ratio / Math.max(1, ratios.other[i])) };
}

/** redis-benchmark's rate with these options, the mean of its SET and GET lines: the C client's ceiling at that pipelining. */
function ceilingRate(server, ops, options) {
  const lines = redisBenchmark(server, ops, options).slice(1);
  const rates = lines.map((line) => Number(/: ([\d.]+) requests per second/.exec(line)?.[1])).filter((value) => Number.isFinite(value));
  return rates.reduce((sum, value) => sum + value, 0) / rates.length;
}

/** The figures of one row of a three-sided table, over its runs: the three median rates and the median ratio to the faster raw client. */
function trioSummary(samples) {
  const rateOf = (side) => median(samples.map((sample) => sample.medians[side]));
  return { raw: rateOf('raw'), other: rateOf('other'), socket: rateOf('adapter'), ratio: median(samples.flatMap((sample) => sample.ratios)) };
}

/** Measures the socket table (warm-up, then `runs` runs of every row) over the three sides, and prints it with the C client's ceilings. */
async function socketTable(sides, server, ops, runs) {
  for (const row of rows) await socketRow(sides, row, server, Math.min(ops, WARM_UP_OPS), true);
  const samples = rows.map(() => []);
  for (let run = 0; run < runs; run += 1) {
    for (const [i, row] of rows.entries()) samples[i].push(await socketRow(sides, row, server, ops, run % 2 === 0));
    console.error(`socket run ${run + 1}/${runs} done (${elapsed()})`);
  }
  const body = rows.map((row, i) => {
    const { raw, other, socket: own, ratio } = trioSummary(samples[i]);
    const ceiling = row.ceiling === undefined ? null : ceilingRate(server, ops, row.ceiling);
    const c = ceiling === null ? ['', ''] : [`${rate(ceiling)} (${row.ceiling.join(' ')})`, (own / ceiling).toFixed(2)];
    return [row.label, rate(raw), rate(other), rate(own), ratio.toFixed(2), ...c];
  });
  const header = ['row', 'raw ioredis', 'raw node-redis', 'socket', 'vs faster raw', 'redis-benchmark', 'socket / C'];
  console.log(`\n**socket** (aioredis-abc-socket, the contract's own connection, against both raw clients; drain: \`for await\` against their listeners)\n\n${table(header, body)}`);
}

/** A raw client or a connection as the memory rows use it: `execute` and `close`. */
const memoryClients = {
  socket: (server) => socket.connect({ host: server.host, port: server.port, encoding: 'utf-8' }),
  'aioredis-abc-ioredis': (server) => ioredisAdapter.connect({ host: server.host, port: server.port, encoding: 'utf-8' }),
  'aioredis-abc-node-redis': (server) => nodeRedisAdapter.connect({ host: server.host, port: server.port, encoding: 'utf-8' }),
  'raw ioredis': async (server) => {
    const redis = await openIoredis(server);
    return { execute: (command, ...args) => redis.callBuffer(command, args), close: () => redis.disconnect() };
  },
  'raw node-redis': async (server) => {
    const client = await openNodeRedis(server, () => {});
    return { execute: (command, ...args) => client.sendCommand([command, ...args], asBytes), close: () => client.destroy() };
  },
};

/** Prints the bytes per open connection and per pending command of each client, the median of 3 passes; needs node --expose-gc. */
async function memoryTable(server) {
  if (typeof globalThis.gc !== 'function') {
    console.log('\n(The bytes per connection and per pending command need node --expose-gc, as `npm run bench:runtime` runs it.)');
    return;
  }
  const names = Object.keys(memoryClients);
  const bytes = Object.fromEntries(names.map((name) => [name, { connection: [], command: [] }]));
  for (let pass = 0; pass < 3; pass += 1) {
    for (const name of pass % 2 === 0 ? names : [...names].reverse()) {
      bytes[name].connection.push(await bytesPerConnection(memoryClients[name], server));
      bytes[name].command.push(await bytesPerCommand(memoryClients[name], server));
    }
  }
  const figure = (values) => Math.round(median(values)).toLocaleString('en-US');
  const body = names.map((name) => [name, figure(bytes[name].connection), figure(bytes[name].command)]);
  console.log(`\nHeap and external bytes after full collections, the median of 3 passes (${MEMORY_CONNECTIONS} connections; ${MEMORY_COMMANDS.toLocaleString('en-US')} GETs pending on a stopped server):\n\n${table(['client', 'per open connection', 'per pending command'], body)}`);
}

/** The rows BENCH_ROWS names, all when it is unset; exits with a message when it names an unknown row. */
function selectedRows() {
  const text = process.env['BENCH_ROWS'];
  if (text === undefined) return allRows;
  const names = text.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !allRows.some((row) => row.name === name));
  if (unknown.length > 0 || names.length === 0) {
    console.error(`BENCH_ROWS must name rows among ${allRows.map((row) => row.name).join(', ')}, not ${JSON.stringify(text)}`);
    process.exit(1);
  }
  return allRows.filter((row) => names.includes(row.name));
}

const rows = selectedRows();
const tables = selectedTables();

/** Measures every row of every pair once, raw first or adapter first; returns [pair][row] = { raw, adapter, ratios } (and the drain row's least reader's ratios). */
async function measureAll(pairs, server, ops, rawFirst) {
  const results = [];
  for (const pair of pairs) {
    const byRow = [];
    for (const row of rows) byRow.push(await row.measure(pair, ops, server, rawFirst));
    results.push(byRow);
  }
  return results;
}

/** A markdown table, the first column left-aligned and the others right-aligned. */
function table(header, body) {
  const widths = header.map((_, i) => Math.max(...[header, ...body].map((line) => line[i].length)));
  const format = (line) => `| ${line.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join(' | ')} |`;
  const rule = `|${widths.map((width, i) => (i === 0 ? '-'.repeat(width + 2) : `${'-'.repeat(width + 1)}:`)).join('|')}|`;
  return [format(header), rule, ...body.map(format)].join('\n');
}

/** A rate as a whole number with thousands separators. */
const rate = (value) => Math.round(value).toLocaleString('en-US');

/** One row's figures over its runs: the median of the raw and adapter rates, and the median of every slice's ratio. */
function summary(runs) {
  return [median(runs.map((run) => run.raw)), median(runs.map((run) => run.adapter)), median(runs.flatMap((run) => run.ratios))];
}

/** One pair's table. */
function pairTable(samples) {
  return table(
    ['row', 'raw ops/s', 'adapter ops/s', 'ratio'],
    rows.map((row, i) => {
      const [raw, adapter, ratio] = summary(samples.map((run) => run[i]));
      return [row.label, rate(raw), rate(adapter), ratio.toFixed(2)];
    }),
  );
}

/** redis-benchmark's SET and GET lines for these options, without its progress output. */
function redisBenchmark(server, ops, options) {
  const args = ['-h', server.host, '-p', String(server.port), '-q', '-n', String(ops), '-t', 'set,get', ...options];
  const output = execFileSync('redis-benchmark', args, { encoding: 'utf8' });
  const lines = output.split('\n').map((line) => line.slice(line.lastIndexOf('\r') + 1).trim());
  return [`$ redis-benchmark -q -n ${ops} -t set,get ${options.join(' ')}`, ...lines.filter((line) => line !== '')];
}

/** The versions and the machine, in one line. */
function headerLine(ops, runs) {
  const require = createRequire(import.meta.url);
  const server = /v=(\S+)/.exec(execFileSync('redis-server', ['--version'], { encoding: 'utf8' }))?.[1];
  const cpu = cpus();
  return (
    `Node.js ${process.version}, ${cpu.length} × ${cpu[0]?.model.trim()}, redis-server ${server}, ` +
    `ioredis ${require('ioredis/package.json').version}, redis ${require('redis/package.json').version}; ` +
    `${ops.toLocaleString('en-US')} commands or messages per row, ${runs} run${runs === 1 ? '' : 's'} in slices of ${COMMAND_SLICE.toLocaleString('en-US')} commands or ${BACKLOG.toLocaleString('en-US')} messages, raw and adapter in turn.\n\n` +
    'Commands are SET and GET in turn, each worker awaiting its own; a pub/sub row counts messages read from a backlog. ' +
    "A rate is the median of the slices', and the ratio (adapter/raw) the median of theirs: 1.00 is as fast as the raw client."
  );
}

/** Measures the adapters' tables (a warm-up, then `runs` runs) and prints them, with the least reader's ratios and redis-benchmark's lines. */
async function adapterTables(pairs, server, ops, runs) {
  await measureAll(pairs, server, Math.min(ops, WARM_UP_OPS), true);
  console.error(`warmed up (${elapsed()})`);
  const samples = pairs.map(() => []);
  for (let run = 0; run < runs; run += 1) {
    const results = await measureAll(pairs, server, ops, run % 2 === 0);
    results.forEach((result, i) => samples[i].push(result));
    console.error(`run ${run + 1}/${runs} done (${elapsed()})`);
  }
  const reference = [['-c', '1'], ['-c', '64'], ['-c', '64', '-P', '16']].flatMap((options) => redisBenchmark(server, ops, options));
  for (const [i, pair] of pairs.entries()) console.log(`\n**${pair.name}** (aioredis-abc-${pair.name} over the raw client)\n\n${pairTable(samples[i])}`);
  const drainRow = rows.findIndex((row) => row.name === 'drain');
  if (drainRow !== -1) {
    const least = pairs.map((pair, i) => `${pair.name} ${median(samples[i].flatMap((run) => run[drainRow].leastRatios)).toFixed(2)}`);
    const backlogs = samples[0].reduce((sum, run) => sum + run[drainRow].leastRatios.length, 0);
    console.log(
      `\nThe least a \`for await\` reader of text does, over the raw client (one \`String.fromCharCode()\` of the 3 bytes, an array, a settled promise a message), ` +
        `drains at this ratio of the raw client's rate, the median of ${backlogs} backlogs: ${least.join(', ')}. No reader of a channel does less a message, so the pub/sub row has no room above that.`,
    );
  }
  console.log(`\nredis-benchmark on the same server, for reference:\n\n\`\`\`text\n${reference.join('\n')}\n\`\`\``);
}

const ops = positiveInteger('BENCH_OPS', 100_000);
const runs = positiveInteger('BENCH_RUNS', 5);
const began = performance.now();
/** The time since the start, for the progress lines. */
const elapsed = () => `${((performance.now() - began) / 1000).toFixed(1)} s`;

// No output buffer limit for subscribers: the drain rows queue a whole backlog on the server.
const server = await startRedisServer({ args: ['--client-output-buffer-limit', 'pubsub 0 0 0'] });
let stopping = null;
/** Stops the server once; whoever asks again waits for the same stop. */
const stopServer = () => (stopping ??= server.stop());
/** The signal that interrupted the run, if one did. */
let interruption = null;
/** Stops the server and exits when the run is interrupted; the clients end with the process. */
const interrupted = (signal) => {
  interruption = signal;
  console.error(`${signal}: stopping the server`);
  void stopServer().finally(() => process.exit(128 + constants.signals[signal]));
};
process.once('SIGINT', interrupted);
process.once('SIGTERM', interrupted);
const sides = [];
try {
  /** Opens a side, and keeps it to close at the end. */
  const open = async (opening) => {
    const side = await opening;
    sides.push(side);
    return side;
  };
  const raw = { ioredis: await open(rawIoredis(server, 'bench:ioredis:raw')), 'node-redis': await open(rawNodeRedis(server, 'bench:node-redis:raw')) };
  const pairs = [];
  for (const [name, adapter, least] of [['ioredis', ioredisAdapter, leastIoredis], ['node-redis', nodeRedisAdapter, leastNodeRedis]]) {
    if (!tables.has(name)) continue;
    pairs.push({ name, raw: raw[name], adapter: await open(adapterSide(adapter, server, `bench:${name}:adapter`)), least: await open(least(server, `bench:${name}:least`)) });
  }
  console.log(headerLine(ops, runs));
  if (pairs.length > 0) await adapterTables(pairs, server, ops, runs);
  if (tables.has('socket')) {
    const own = await open(adapterSide(socket, server, 'bench:socket'));
    await socketTable({ raw: raw.ioredis, other: raw['node-redis'], adapter: own }, server, ops, runs);
    await memoryTable(server);
  }
  if (process.env['BENCH_TOPOLOGIES'] !== '0') await topologyTable(ops, runs);
} catch (error) {
  // What an interruption broke (the server it stops, a redis-benchmark that had
  // the signal too) is no error of the run: the handler exits.
  if (interruption === null && error?.signal === undefined) throw error;
} finally {
  await Promise.allSettled(sides.map((side) => side.close()));
  await stopServer();
  process.off('SIGINT', interrupted);
  process.off('SIGTERM', interrupted);
  console.error(`total ${elapsed()}`);
}

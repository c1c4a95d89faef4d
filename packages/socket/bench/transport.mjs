// node --expose-gc packages/socket/bench/transport.mjs: SET and GET per second over one connection of
// this package's Transport (replies decoded to UTF-8, a tick's commands written as one buffer), raw
// ioredis and raw node-redis (set up and called as bench/runtime.mjs calls them: bytes, RESP2), at
// concurrency 1 and 64, on a redis-server of its own; then redis-benchmark's line as the ceiling, and
// the bytes each client holds per open connection and per pending command. It prints numbers; it
// tests nothing.
//
// The pub/sub drain row times each client's subscriber reading a backlog of 1,000 messages of 3 bytes,
// published by redis-benchmark while this process waits, as bench/runtime.mjs does: the transport's
// `onPush` (messages decoded to UTF-8), ioredis's `messageBuffer` and node-redis's buffer listener.
//
// The sliced method of bench/runtime.mjs: every row runs SOCKET_BENCH_OPS commands (20,000) per run,
// SOCKET_BENCH_RUNS runs (3), in slices of 2,000 that the sides run in turn, the order reversed every
// slice; a rate is the median of the slices' rates, a ratio the median of the slices' ratios.
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { startRedisServer } from 'aioredis-abc-conformance';
import { connectTransport } from 'aioredis-abc-socket';
import { Redis } from 'ioredis';
import { createClient, RESP_TYPES } from 'redis';
import { positiveInteger } from '../../../bench/knobs.mjs';
import { bytesPerCommand, bytesPerConnection, commandRate, KEY, median, MEMORY_COMMANDS, MEMORY_CONNECTIONS, PAYLOAD } from '../../../bench/workload.mjs';

const OPS = positiveInteger('SOCKET_BENCH_OPS', 20_000);
const RUNS = positiveInteger('SOCKET_BENCH_RUNS', 3);
const SLICE = 2_000;
/** Messages a pub/sub backlog holds. */
const BACKLOG = 1_000;

if (typeof globalThis.gc !== 'function') {
  console.error('run with node --expose-gc: the memory figures need it');
  process.exit(1);
}

const asBytes = { typeMapping: { [RESP_TYPES.BLOB_STRING]: Buffer, [RESP_TYPES.SIMPLE_STRING]: Buffer } };

/** Each client: how to open one connection to `server` and run a command on it, and how to close it. */
const clients = {
  socket: async (server) => {
    const t = await connectTransport({ host: server.host, port: server.port });
    return { execute: (...args) => t.send(args, 'utf8'), close: async () => (t.close(), t.closed) };
  },
  ioredis: async (server) => {
    const redis = new Redis({ host: server.host, port: server.port, protocol: 2, lazyConnect: true, retryStrategy: () => null, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    await redis.connect();
    return { execute: (command, ...args) => redis.callBuffer(command, args), close: () => redis.quit() };
  },
  'node-redis': async (server) => {
    const client = await createClient({ RESP: 2, socket: { host: server.host, port: server.port, reconnectStrategy: false }, disableOfflineQueue: true })
      .on('error', () => {})
      .connect();
    return { execute: (...args) => client.sendCommand(args, asBytes), close: () => client.close() };
  },
};
const names = Object.keys(clients);

/**
 * Counts a subscriber's messages: `expect(n)` resolves once n more have come.
 * @returns {{ hit(): void, expect(n: number): Promise<void> }}
 */
function deliveries() {
  let left = 0;
  let done = () => {};
  return {
    hit() {
      left -= 1;
      if (left === 0) done();
    },
    expect: (n) => new Promise((resolve) => ((left = n), (done = resolve))),
  };
}

/** Each client's subscriber to `channel`: `drain(n)` resolves once it has read n more messages. */
const subscribers = {
  socket: async (server, channel) => {
    const t = await connectTransport({ host: server.host, port: server.port }, { pushEncoding: 'utf8' });
    const count = deliveries();
    t.onPush = (push) => push[0] === 'message' && push[2] === PAYLOAD && count.hit();
    await t.sendPubsub(['SUBSCRIBE', channel], 'utf8');
    return { drain: count.expect, close: async () => (t.close(), t.closed) };
  },
  ioredis: async (server, channel) => {
    const redis = new Redis({ host: server.host, port: server.port, protocol: 2, lazyConnect: true, retryStrategy: () => null, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    await redis.connect();
    const count = deliveries();
    redis.on('messageBuffer', () => count.hit());
    await redis.subscribe(channel);
    return { drain: count.expect, close: () => redis.quit() };
  },
  'node-redis': async (server, channel) => {
    const client = await createClient({ RESP: 2, socket: { host: server.host, port: server.port, reconnectStrategy: false }, disableOfflineQueue: true })
      .on('error', () => {})
      .connect();
    const count = deliveries();
    await client.subscribe(channel, () => count.hit(), true);
    return { drain: count.expect, close: () => client.close() };
  },
};

/** Messages per second a subscriber drains from a backlog of `BACKLOG`, published while this process waits. */
async function drainRate(server, channel, subscriber) {
  const args = ['-h', server.host, '-p', String(server.port), '-q', '-c', '1', '-P', '100', '-n', String(BACKLOG), 'PUBLISH', channel, PAYLOAD];
  const drained = subscriber.drain(BACKLOG);
  execFileSync('redis-benchmark', args, { stdio: 'ignore' });
  const start = performance.now();
  await drained;
  return BACKLOG / ((performance.now() - start) / 1000);
}

/** The drain row: each client's subscriber in turn, backlog by backlog, the order reversed every backlog; rates and ratios by client. */
async function drainRow(server, ops) {
  const drainers = Object.keys(subscribers);
  const opened = {};
  for (const name of drainers) opened[name] = await subscribers[name](server, `bench:${name}`);
  const rates = Object.fromEntries(drainers.map((name) => [name, []]));
  for (let done = 0, slice = 0; done < ops; slice += 1, done += BACKLOG) {
    for (const name of slice % 2 === 0 ? drainers : [...drainers].reverse()) rates[name].push(await drainRate(server, `bench:${name}`, opened[name]));
  }
  for (const side of Object.values(opened)) await side.close();
  const ratio = (name, base) => median(rates[name].map((rate, i) => rate / rates[base][i]));
  return drainers.map((name) => ['drain', name, Math.round(median(rates[name])).toLocaleString('en-US'), ratio(name, 'ioredis').toFixed(2), ratio(name, 'node-redis').toFixed(2)]);
}

/** One run of a row: every side's slice rates, the sides in turn, the order reversed every slice. */
async function sliced(sides, concurrency, ops, firstForward) {
  const rates = Object.fromEntries(names.map((name) => [name, []]));
  for (let done = 0, slice = 0; done < ops; slice += 1, done += SLICE) {
    const order = (slice % 2 === 0) === firstForward ? names : [...names].reverse();
    for (const name of order) rates[name].push(await commandRate(sides[name].execute, Math.min(SLICE, ops - done), concurrency));
  }
  return rates;
}

// No output buffer limit for subscribers: the drain row queues a whole backlog on the server.
const server = await startRedisServer({ args: ['--client-output-buffer-limit', 'pubsub 0 0 0'] });
try {
  const sides = {};
  for (const name of names) sides[name] = await clients[name](server);
  for (const name of names) {
    await sides[name].execute('SET', KEY, PAYLOAD);
    const value = await sides[name].execute('GET', KEY);
    if (String(value) !== PAYLOAD) throw new Error(`${name} read ${String(value)}, not ${PAYLOAD}`);
  }
  const table = [];
  for (const concurrency of [1, 64]) {
    await sliced(sides, concurrency, Math.min(OPS, 4 * SLICE), true);
    const runs = [];
    for (let run = 0; run < RUNS; run += 1) runs.push(await sliced(sides, concurrency, OPS, run % 2 === 0));
    const all = (name) => runs.flatMap((rates) => rates[name]);
    const ratio = (name, base) => median(runs.flatMap((rates) => rates[name].map((rate, i) => rate / rates[base][i])));
    for (const name of names) table.push([`c=${concurrency}`, name, Math.round(median(all(name))).toLocaleString('en-US'), ratio(name, 'ioredis').toFixed(2), ratio(name, 'node-redis').toFixed(2)]);
    console.error(`concurrency ${concurrency} done`);
  }
  for (const side of Object.values(sides)) await side.close();
  await drainRow(server, 4 * BACKLOG);
  table.push(...(await drainRow(server, OPS)));
  console.error('drain done');
  const ceiling = ['-c', '1', '-P', '64', '-t', 'get,set', '-q', '-n', String(OPS * 5)];
  const benchmark = execFileSync('redis-benchmark', ['-h', server.host, '-p', String(server.port), ...ceiling], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.slice(line.lastIndexOf('\r') + 1).trim())
    .filter((line) => line !== '');
  const memory = Object.fromEntries(names.map((name) => [name, { connection: [], command: [] }]));
  for (let pass = 0; pass < 3; pass += 1) {
    for (const name of pass % 2 === 0 ? names : [...names].reverse()) {
      memory[name].connection.push(await bytesPerConnection(clients[name], server));
      memory[name].command.push(await bytesPerCommand(clients[name], server));
    }
  }

  console.log(`Node.js ${process.version}; ${OPS.toLocaleString('en-US')} SET/GET per row per run, ${RUNS} runs in slices of ${SLICE.toLocaleString('en-US')}, sides in turn.\n`);
  console.log('| row | client | ops/s (drain: messages/s) | vs ioredis | vs node-redis |\n|---|---|---:|---:|---:|');
  for (const line of table) console.log(`| ${line.join(' | ')} |`);
  console.log(`\n\`\`\`text\n$ redis-benchmark ${ceiling.join(' ')}\n${benchmark.join('\n')}\n\`\`\``);
  console.log(`\nHeap and external bytes after full collections, the median of 3 passes (${MEMORY_CONNECTIONS} connections; ${MEMORY_COMMANDS.toLocaleString('en-US')} GETs pending on a stopped server):\n`);
  console.log('| client | per open connection | per pending command |\n|---|---:|---:|');
  const bytes = (values) => Math.round(median(values)).toLocaleString('en-US');
  for (const name of names) console.log(`| ${name} | ${bytes(memory[name].connection)} | ${bytes(memory[name].command)} |`);
} finally {
  server.resume();
  await server.stop();
}

// node --expose-gc packages/socket/bench/queue.mjs: the reply queue as this package keeps it (parallel
// rings of callbacks, no object per command) against a ring of one object per command, each pending
// command a promise as Transport.send() makes it: commands queued and settled per second, in batches of
// 64 as one connection at concurrency 64 has them, and bytes per pending command. It tests nothing.
import { performance } from 'node:perf_hooks';
import { ReplyQueue } from 'aioredis-abc-socket';
import { positiveInteger } from '../../../bench/knobs.mjs';

const MS = positiveInteger('QUEUE_BENCH_MS', 300);
const ROUNDS = positiveInteger('QUEUE_BENCH_ROUNDS', 5);
const BATCH = 64;
const PENDING = 100_000;

/** The alternative: a ring of `{ resolve, reject, encoding, confirmations }` objects, one per command. */
class ObjectQueue {
  #ring = new Array(16);
  #head = 0;
  #size = 0;
  #mask = 15;

  push(resolve, reject, encoding, confirmations) {
    if (this.#size > this.#mask) this.#grow();
    this.#ring[(this.#head + this.#size) & this.#mask] = { resolve, reject, encoding, confirmations };
    this.#size += 1;
  }

  resolve(value) {
    const entry = this.#ring[this.#head];
    this.#ring[this.#head] = undefined;
    this.#head = (this.#head + 1) & this.#mask;
    this.#size -= 1;
    entry.resolve(value);
  }

  #grow() {
    const ring = new Array((this.#mask + 1) * 2);
    for (let i = 0; i < this.#size; i += 1) ring[i] = this.#ring[(this.#head + i) & this.#mask];
    this.#ring = ring;
    this.#head = 0;
    this.#mask = ring.length - 1;
  }
}

const queues = { 'rings of callbacks': () => new ReplyQueue(), 'ring of objects': () => new ObjectQueue() };

/** Commands queued and settled per second, `BATCH` at a time, each awaited as a worker awaits its command. */
async function rate(make) {
  const queue = make();
  let done = 0;
  const start = performance.now();
  while (performance.now() - start < MS) {
    const promises = [];
    for (let i = 0; i < BATCH; i += 1) promises.push(new Promise((resolve, reject) => queue.push(resolve, reject, 'utf8', 0)));
    for (let i = 0; i < BATCH; i += 1) queue.resolve('OK');
    for (const promise of promises) await promise;
    done += BATCH;
  }
  return done / ((performance.now() - start) / 1000);
}

/** Heap bytes per pending command, `PENDING` of them queued. */
async function bytes(make) {
  const used = () => (globalThis.gc(), process.memoryUsage().heapUsed);
  const queue = make();
  const before = used();
  const promises = [];
  for (let i = 0; i < PENDING; i += 1) promises.push(new Promise((resolve, reject) => queue.push(resolve, reject, 'utf8', 0)));
  const after = used();
  for (let i = 0; i < PENDING; i += 1) queue.resolve('OK');
  await Promise.all(promises);
  return (after - before) / PENDING;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const names = Object.keys(queues);
const rates = Object.fromEntries(names.map((name) => [name, []]));
const sizes = Object.fromEntries(names.map((name) => [name, []]));
for (let round = 0; round < ROUNDS; round += 1) {
  for (const name of round % 2 === 0 ? names : [...names].reverse()) {
    rates[name].push(await rate(queues[name]));
    sizes[name].push(await bytes(queues[name]));
  }
}
console.log(`| queue | commands/s (batches of ${BATCH}) | heap bytes per pending command (promise included) |\n|---|---:|---:|`);
for (const name of names) console.log(`| ${name} | ${Math.round(median(rates[name])).toLocaleString('en-US')} | ${Math.round(median(sizes[name]))} |`);

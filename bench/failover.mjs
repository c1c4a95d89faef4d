// npm run bench:failover: what a Sentinel failover costs the callers of each
// client, side by side in the same run. It prints numbers; it tests nothing.
//
// For each change (SENTINEL FAILOVER asked of the last Sentinel, then a
// master kill) it starts a Sentinel group of its own (a master, two replicas,
// three Sentinels, down-after 1000 ms), and runs 64 concurrent callers of
// `INCR <counter of the side>` on each side at once: the kit's SentinelPool
// over the ioredis adapter and over the node-redis adapter, ioredis's own
// Sentinel client (`new Redis({ sentinels, name })`) and node-redis's
// `createSentinel()`, each with its defaults. Traffic runs for a second, then
// through the change, then for two seconds more. Per side it prints the INCRs
// acknowledged, the counter's final value on the new master, the acknowledged
// writes lost (acknowledged − final, when positive; a final value above the
// acknowledged count means commands ran that the caller was told failed or
// that ran twice), the errors by name, and the longest time without a
// successful reply. FAILOVER_RUNS (1 by default) repeats each change.
import { redisCli, startSentinelGroup } from 'aioredis-abc-conformance';
import * as ioredisAdapter from 'aioredis-abc-ioredis';
import * as nodeRedisAdapter from 'aioredis-abc-node-redis';
import { Redis } from 'ioredis';
import { createSentinel } from 'redis';
import { positiveInteger } from './knobs.mjs';

const CALLERS = 64;
const BEFORE_MS = 1_000;
const AFTER_MS = 2_000;
const started = Date.now();

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The four sides over one group: each an `incr(key)` and a `close()`. */
async function sidesOf(group) {
  const sentinels = group.sentinels;
  const kit = (adapter) => {
    const pool = adapter.createSentinelPool({ service: group.service, sentinels, encoding: 'utf-8', maxsize: 8 });
    return { incr: (key) => pool.execute('INCR', key), close: async () => { pool.close(); await pool.waitClosed(); } };
  };
  const rawIoredis = new Redis({ sentinels: sentinels.map(([host, port]) => ({ host, port })), name: group.service });
  rawIoredis.on('error', () => {});
  const rawNodeRedis = await createSentinel({ name: group.service, sentinelRootNodes: sentinels.map(([host, port]) => ({ host, port })), RESP: 2 })
    .on('error', () => {})
    .connect();
  return [
    { name: 'kit SentinelPool over ioredis', ...kit(ioredisAdapter) },
    { name: 'kit SentinelPool over node-redis', ...kit(nodeRedisAdapter) },
    { name: 'ioredis Sentinel client', incr: (key) => rawIoredis.incr(key), close: async () => void rawIoredis.disconnect() },
    { name: 'node-redis createSentinel', incr: (key) => rawNodeRedis.incr(key), close: () => rawNodeRedis.close() },
  ];
}

/** Runs CALLERS loops of `incr(key)` until `running()` is false; counts acknowledgements, errors by name and the longest gap between successes. */
async function traffic(side, key, running) {
  const result = { acked: 0, errors: new Map(), longestGap: 0 };
  let last = Date.now();
  const caller = async () => {
    while (running()) {
      try {
        await side.incr(key);
        const now = Date.now();
        result.longestGap = Math.max(result.longestGap, now - last);
        last = now;
        result.acked += 1;
      } catch (error) {
        const name = error instanceof Error ? (error.name === 'Error' ? error.constructor.name : error.name) : String(error);
        result.errors.set(name, (result.errors.get(name) ?? 0) + 1);
        // A client that rejects at once must not starve the timers that end the run.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  };
  await Promise.all(Array.from({ length: CALLERS }, caller));
  result.longestGap = Math.max(result.longestGap, Date.now() - last);
  return result;
}

/** One change on a fresh group, every side at once; resolves with a row per side. */
async function measure(label, change) {
  const group = await startSentinelGroup(`bench-failover-${process.pid}`, { replicas: 2 });
  const sides = [];
  try {
    sides.push(...(await sidesOf(group)));
    let running = true;
    const keys = sides.map((_, i) => `bench:failover:${i}`);
    const flows = sides.map((side, i) => traffic(side, keys[i], () => running));
    await sleep(BEFORE_MS);
    const port = await change(group);
    await sleep(AFTER_MS);
    running = false;
    const outcomes = await Promise.all(flows);
    const rows = [];
    for (const [i, side] of sides.entries()) {
      const outcome = outcomes[i];
      const final = Number((await redisCli(port, ['GET', keys[i]])) || 0);
      const errors = [...outcome.errors].map(([name, n]) => `${name} ×${n}`).join(', ') || 'none';
      rows.push([label, side.name, outcome.acked, final, Math.max(0, outcome.acked - final), Math.max(0, final - outcome.acked), errors, outcome.longestGap]);
    }
    return rows;
  } finally {
    for (const side of sides) await side.close().catch(() => {});
    await group.stop();
  }
}

/** A markdown table. */
function table(head, body) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...body.map(line)].join('\n');
}

const runs = positiveInteger('FAILOVER_RUNS', 1);
const body = [];
for (let run = 1; run <= runs; run += 1) {
  body.push(...(await measure(`SENTINEL FAILOVER (run ${run})`, (group) => group.failover(2))));
  console.error(`run ${run}: SENTINEL FAILOVER done (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  body.push(...(await measure(`master killed (run ${run})`, (group) => group.killMaster())));
  console.error(`run ${run}: master kill done (${((Date.now() - started) / 1000).toFixed(0)} s)`);
}
console.log(
  `\n**Failover cost**, ${CALLERS} callers of INCR per side, all sides at once through the same change\n\n` +
    table(['change', 'side', 'INCRs acknowledged', 'final value', 'acknowledged writes lost', 'ran but not acknowledged', 'errors', 'longest without a reply (ms)'], body),
);

// packages/memory/test/differential.test.mjs: random command sequences give the same replies and errors on the memory double as on a real redis-server.
// MEMORY_DIFF_RUNS and MEMORY_DIFF_SEED run it longer or from another seed; a failure prints its seed and the shortest sequence that shows it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startRedisServer } from 'aioredis-abc-conformance';
import { assertAgree, settings } from './differential/property.mjs';
import { expirySequence } from './differential/sequences.mjs';
import { memorySide, redisSide } from './differential/sides.mjs';

let server;
let redis;

before(async () => {
  server = await startRedisServer({ args: ['--enable-debug-command', 'local'] });
  redis = redisSide(server.port);
  await redis.prepare();
});

after(async () => {
  await server?.stop();
});

const { seed, runs } = settings();

test(`the memory double answers ${runs} random sequences (seed ${seed}) as redis-server does`, { timeout: 600_000 }, async () => {
  const passed = await assertAgree(redis, memorySide(), { seed, runs });
  assert.equal(passed, runs);
  console.log(`memory: ${passed} sequences agree with redis-server (seed ${seed})`);
});

test(`the memory double answers ${runs} sequences of WATCH, transactions and expiring keys (seed ${seed}) as redis-server does`, { timeout: 600_000 }, async () => {
  const passed = await assertAgree(redis, memorySide(), { seed, runs }, expirySequence());
  assert.equal(passed, runs);
  console.log(`memory: ${passed} WATCH and expiry sequences agree with redis-server (seed ${seed})`);
});

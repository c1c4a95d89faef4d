// packages/memory/test/differential.test.mjs: random command sequences give the same replies and errors on the memory double as on a real redis-server.
// MEMORY_DIFF_RUNS and MEMORY_DIFF_SEED run it longer or from another seed; a failure prints its seed and the shortest sequence that shows it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startRedisServer } from 'aioredis-abc-conformance';
import { assertAgree, settings } from './differential/property.mjs';
import { expirySequence, inPlaceSequence, populatedSequence, pubsubSequence, scriptSequence, sequence, sortedSetSequence, streamSequence } from './differential/sequences.mjs';
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

/** Each property: what its sequences dwell on, and how they are made. */
const properties = [
  ['random sequences of every command, on two connections', sequence()],
  ['sequences of WATCH, transactions and expiring keys', expirySequence()],
  ['sequences of sorted-set ranges, pops and removals', sortedSetSequence()],
  ['sequences of in-place list, string and hash commands', inPlaceSequence()],
  ['sequences of stream commands: consumer groups, claims and blocking reads', streamSequence()],
  ['sequences of bit, position, multi-pop, store and random-member commands on populated keys', populatedSequence()],
  ['sequences of subscriptions of every kind, with PUBSUB, PUBLISH and SPUBLISH from another connection', pubsubSequence()],
  ['sequences of scripts calling the commands, converting values and failing', scriptSequence()],
];

for (const [what, arbitrary] of properties) {
  test(`the memory double answers ${runs} ${what} (seed ${seed}) as redis-server does`, { timeout: 900_000 }, async () => {
    const passed = await assertAgree(redis, memorySide(), { seed, runs }, arbitrary);
    assert.equal(passed, runs);
    console.log(`memory: ${passed} ${what} agree with redis-server (seed ${seed})`);
  });
}

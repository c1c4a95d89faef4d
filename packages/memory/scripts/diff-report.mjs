// packages/memory/scripts/diff-report.mjs: how often each double disagrees with a real redis-server on the same random sequences.
// npm run -w aioredis-abc-memory diff:report; MEMORY_DIFF_RUNS and MEMORY_DIFF_SEED as for the differential test (500 and 16 here).
import { startRedisServer } from 'aioredis-abc-conformance';
import { disagreements } from '../test/differential/property.mjs';
import { ioredisMockSide, memorySide, redisSide } from '../test/differential/sides.mjs';

const seed = Number(process.env.MEMORY_DIFF_SEED ?? 16);
const runs = Number(process.env.MEMORY_DIFF_RUNS ?? 500);
const server = await startRedisServer({ args: ['--enable-debug-command', 'local'] });
try {
  const redis = redisSide(server.port);
  await redis.prepare();
  const counts = await disagreements(redis, [memorySide(), ioredisMockSide()], { seed, runs });
  console.log(`${runs} random sequences (seed ${seed}), each run on redis-server 7 and on each double; a sequence disagrees when any reply or error differs:`);
  console.log([...counts].map(([name, count]) => `${name}: ${count} of ${runs} sequences disagree`).join('; '));
} finally {
  await server.stop();
}

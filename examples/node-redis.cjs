// examples/node-redis.cjs: the quick start of aioredis-abc-node-redis from CommonJS.
const { createPool } = require('aioredis-abc-node-redis');

async function main() {
  const pool = createPool(`redis://127.0.0.1:${process.env.REDIS_PORT ?? 6379}/0`);
  const count = await pool.execute('INCR', 'visits:/about');
  console.log(`/about has ${count} visit(s)`);
  pool.close();
  await pool.waitClosed();
}

main();

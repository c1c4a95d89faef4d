// examples/socket.cjs: the quick start of aioredis-abc-socket from CommonJS.
const { createPool } = require('aioredis-abc-socket');

async function main() {
  const pool = createPool(`redis://127.0.0.1:${process.env.REDIS_PORT ?? 6379}/0`);
  const count = await pool.execute('INCR', 'visits:/socket');
  console.log(`/socket has ${count} visit(s)`);
  pool.close();
  await pool.waitClosed();
}

main();

// examples/sentinel.ts: a master that Redis Sentinel manages, through either adapter: writes follow failovers, reads go to a replica.
import { createSentinelPool as overIoredis } from 'aioredis-abc-ioredis';
import { createSentinelPool as overNodeRedis } from 'aioredis-abc-node-redis';

// host:port of each Sentinel, comma-separated, and the name they monitor the master by.
const sentinels = (process.env['SENTINELS'] ?? '127.0.0.1:26379').split(',').map((entry) => {
  const [host = '127.0.0.1', port = '26379'] = entry.split(':');
  return [host, Number(port)] as const;
});
const service = process.env['SENTINEL_SERVICE'] ?? 'mymaster';

for (const [name, createSentinelPool] of [['ioredis', overIoredis], ['node-redis', overNodeRedis]] as const) {
  const master = createSentinelPool({ service, sentinels, encoding: 'utf-8' });
  const replica = createSentinelPool({ service, sentinels, encoding: 'utf-8', role: 'replica' });
  await master.execute('SET', `greeting:${name}`, `hello from ${name}`);
  await master.execute('WAIT', 1, 1_000);
  console.log(await replica.execute('GET', `greeting:${name}`));
  for (const pool of [master, replica]) {
    pool.close();
    await pool.waitClosed();
  }
}

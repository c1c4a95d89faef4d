// examples/deployment.ts: production Redis as managed services run it: TLS, an ACL user and a database, in one URL, through either adapter.
import { readFileSync } from 'node:fs';
import { connect as overIoredis } from 'aioredis-abc-ioredis';
import { connect as overNodeRedis } from 'aioredis-abc-node-redis';

// rediss:// is TLS; the CA is the one that signed the server's certificate.
const url = process.env['REDIS_URL'] ?? 'rediss://app:app-secret@127.0.0.1:6380/2';
const tls = { ca: readFileSync(process.env['REDIS_CA'] ?? 'ca.crt', 'utf8') };

const connections = [
  await overIoredis({ url, tls, encoding: 'utf-8', name: 'worker', commandTimeout: 2_000 }),
  await overNodeRedis({ url, tls, encoding: 'utf-8', name: 'worker', commandTimeout: 2_000 }),
];
for (const conn of connections) {
  console.log(`${String(await conn.execute('ACL', 'WHOAMI'))} in db ${conn.db}`);
  conn.close();
}

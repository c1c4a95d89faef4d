// examples/adapter.ts: a third client in one declaration: what differs, and adapt() builds connect, wrap and the three pools.
import type { AbcConnection } from 'aioredis-abc';
import { adapt, ReplyError, type Adapter } from 'aioredis-abc-kit';
import { MemoryServer } from 'aioredis-abc-memory';

/** The toy client: a connection of the in-memory double, with replies as bytes, as it opens. */
interface Toy {
  readonly opening: Promise<AbcConnection<null>>;
}

const server = new MemoryServer();
const open = (): Toy => ({ opening: server.connect({ encoding: null }) });

const toy: Adapter<Toy> = {
  name: 'toy',
  create: open, // how to open: the options are checked and resolved, this client ignores them
  ready: async (client) => void (await client.opening),
  attach: (client, events) => ({
    send: async (command, args) => (await client.opening).execute(command, ...args),
    sendPubsub: () => Promise.reject(new TypeError('the toy client has no pub/sub')),
    close: () => void client.opening.then((conn) => (conn.close(), events.ended())),
  }),
  classify: (error) => (error instanceof ReplyError ? 'reply' : 'other'),
  duplicate: open,
  where: () => ({ address: ['127.0.0.1', 6379], db: 0, tls: false }),
  problem: (client) => (typeof client === 'object' && client !== null && 'opening' in client ? undefined : 'it is not a toy client'),
};

export const { connect, wrap, createPool, createSentinelPool, createClusterPool } = adapt(toy);

const pool = createPool({ encoding: 'utf-8' });
await pool.execute('SET', 'greeting', 'hello');
const conn = await wrap(open(), { encoding: 'utf-8' });
console.log(`toy says ${String(await conn.execute('GET', 'greeting'))} in db ${conn.db}`);
conn.close();
pool.close();
await pool.waitClosed();

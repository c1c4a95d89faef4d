// How a Cluster pool reads the slot map: `CLUSTER SLOTS` asked of one node, and its reply as the master of each slot.
import type { Address, Reply } from 'aioredis-abc';
import type { ConnectOptions } from './options.js';
import type { Connector } from './multi-node.js';
import type { ConnectionPool } from './pool.js';
import type { ReusableConnection } from './pool-types.js';

/** The number of hash slots of a Redis Cluster. */
const slotCount = 16_384;

/** A node's key in the pools' map. */
export function nodeKey(host: string, port: number): string {
  return `${host}:${port}`;
}

/** A command's first attempt, on the pool of its slot's master, and why it failed. */
export interface Failed<C extends ReusableConnection> {
  readonly pool: ConnectionPool<C>;
  readonly error: unknown;
}

/** The `CLUSTER SLOTS` reply of one node, on a connection of its own, closed afterwards. */
export async function askSlots<C extends ReusableConnection>(connect: Connector<C, C['encoding']>, options: ConnectOptions<C['encoding']>): Promise<Reply<'utf-8'>> {
  const conn = await connect(options);
  try {
    return await conn.execute('CLUSTER', 'SLOTS', { encoding: 'utf-8' });
  } finally {
    conn.close();
    await conn.waitClosed();
  }
}

/**
 * The slot map of a `CLUSTER SLOTS` reply, by node key, or `null` when a slot
 * has no master; an empty host is the asked node's. `place` opens the pool of
 * a master and says its address.
 */
export function slotMap(reply: Reply<'utf-8'>, asked: string, place: (host: string, port: number) => Address | null): (string | undefined)[] | null {
  const slots = new Array<string | undefined>(slotCount).fill(undefined);
  for (const range of Array.isArray(reply) ? reply : []) {
    if (!Array.isArray(range)) continue;
    const [from, to, master] = range;
    if (typeof from !== 'number' || typeof to !== 'number' || !Array.isArray(master)) continue;
    const [host, port] = master;
    if (typeof host !== 'string' || typeof port !== 'number') continue;
    const address = place(host === '' ? asked : host, port);
    if (!Array.isArray(address)) continue;
    slots.fill(nodeKey(address[0], address[1]), from, to + 1);
  }
  return slots.includes(undefined) ? null : slots;
}

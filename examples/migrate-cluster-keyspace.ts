// examples/migrate-cluster-keyspace.ts: the "after" code for a Cluster pool's keyless commands (.changeset/cluster-keyspace.md), compiled by npm run typecheck.
import type { AbcConnection, AbcPool } from 'aioredis-abc';

// Every key of the cluster that matches a pattern: SCAN through the pool walks every master in turn.
// Its cursor is opaque: pass it back as the string it is, and stop when it is '0'.
export async function keysMatching(pool: AbcPool<AbcConnection<'utf-8'>>, pattern: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const reply = await pool.execute('SCAN', cursor, 'MATCH', pattern, 'COUNT', 100);
    if (!Array.isArray(reply) || typeof reply[0] !== 'string' || !Array.isArray(reply[1])) throw new TypeError('SCAN replies [cursor, keys]');
    cursor = reply[0];
    for (const key of reply[1]) if (typeof key === 'string') found.push(key);
  } while (cursor !== '0');
  return found;
}

// INFO is refused by a Cluster pool's execute() (each master answers for itself, and the replies do not merge),
// as are CONFIG SET and SCRIPT LOAD (they go to every node, replicas too). What execute('INFO') answered
// before, one master's INFO, comes from a connection of that master: acquire() without a hint gives slot 0's.
export async function infoOfOneMaster(pool: AbcPool<AbcConnection<'utf-8'>>): Promise<string> {
  const conn = await pool.acquire();
  try {
    return String(await conn.execute('INFO', 'keyspace'));
  } finally {
    pool.release(conn);
  }
}

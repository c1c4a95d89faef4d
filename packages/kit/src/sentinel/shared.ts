// What the Sentinel pool's parts share: a node's address, and how a Sentinel's connection is opened and let go.
import type { Address } from 'aioredis-abc';
import type { ReusableConnection } from '../pool-types.js';

/** A node's or a Sentinel's `[host, port]`. */
export type Place = readonly [host: string, port: number];

/** Whether a node's address (a unix path never is) is the place `b`. */
export function samePlace(a: Address | null, b: Place): boolean {
  return Array.isArray(a) && a[0] === b[0] && a[1] === b[1];
}

/** A reply item as text: a string as is, bytes as UTF-8, anything else `null`. */
export function asText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('utf8');
  return null;
}

/** Closes a connection and waits until it is closed. */
export async function closeConnection(conn: ReusableConnection): Promise<void> {
  conn.close();
  await conn.waitClosed();
}

/**
 * Waits for a connection that is opening, or for `stop`, whichever comes
 * first: `null` when it failed or `stop` came first. A connection that opens
 * after `stop` is closed as soon as it does, and one that opened is closed
 * when `stop` comes while it is used, so that a Sentinel that accepts and
 * never answers keeps no `waitClosed()` waiting.
 */
export async function openUntil<C extends ReusableConnection>(opening: Promise<C>, stop: Promise<void>): Promise<C | null> {
  const settled = opening.catch(() => null);
  const conn = await Promise.race([settled, stop.then(() => null)]);
  if (conn === null) {
    void settled.then((late) => late?.close());
    return null;
  }
  void stop.then(() => conn.close());
  return conn;
}

// A Sentinel pool's options, how they are checked, and the limits it keeps to.
import type { Encoding } from 'aioredis-abc';
import { resolvePoolOptions, type ConnectOptions, type ServerPoolOptions } from '../options.js';
import type { Role } from './questions.js';
import type { Place } from './shared.js';

/** A Sentinel pool's options: a server pool's, less the address, with the service and the Sentinels to ask. */
export interface SentinelPoolOptions<E extends Encoding> extends Omit<ServerPoolOptions<E>, 'url' | 'host' | 'port' | 'path'> {
  /** The name the Sentinels know the master by (`sentinel monitor <service> …`). */
  readonly service: string;
  /** The Sentinels to ask, as `[host, port]` pairs, in the order they are asked. At least one. */
  readonly sentinels: readonly (readonly [host: string, port: number])[];
  /**
   * `'master'` (the default) for a pool of the master, `'replica'` for a pool
   * of one of its replicas, for reads: aioredis's `slave_for`.
   */
  readonly role?: 'master' | 'replica';
}

/** A Sentinel pool's options, checked, as the pool keeps them. */
export interface SentinelSettings<E extends Encoding> {
  readonly service: string;
  readonly sentinels: readonly Place[];
  readonly role: Role;
  /** How connections to the nodes are opened. */
  readonly connection: ConnectOptions<E>;
  /** How connections to the Sentinels are opened: the timeouts, keep-alive and TLS of the nodes', no database, user or name. */
  readonly sentinelOptions: ConnectOptions<E>;
  readonly maxsize: number;
  readonly acquireTimeout: number | null;
  /** Milliseconds to find a node of the role before a `MasterNotFoundError` or `SlaveNotFoundError`: the connect timeout, 10,000 without one. */
  readonly discoverFor: number;
  readonly encoding: E;
  readonly db: number;
}

/** Checks a Sentinel pool's options as `resolvePoolOptions()` does, each Sentinel's address too; throws a `TypeError` naming what is wrong. */
export function resolveSentinelOptions<E extends Encoding>(options: SentinelPoolOptions<E>): SentinelSettings<E> {
  const { service, sentinels, role, ...rest } = options;
  if (typeof service !== 'string' || service === '') throw new TypeError('service must be a non-empty string: the name the Sentinels monitor');
  if (!Array.isArray(sentinels) || sentinels.length === 0) throw new TypeError('sentinels must be a non-empty list of [host, port] pairs');
  if (role !== undefined && role !== 'master' && role !== 'replica') throw new TypeError(`role must be 'master' or 'replica', not ${String(role)}`);
  const first = sentinels[0];
  const resolved = resolvePoolOptions({ ...rest, ...(first === undefined ? {} : { host: first[0], port: first[1] }) });
  for (const [host, port] of sentinels) resolvePoolOptions({ host, port, encoding: options.encoding });
  return {
    service,
    sentinels,
    role: role ?? 'master',
    connection: resolved.connection,
    sentinelOptions: {
      encoding: resolved.encoding,
      connectTimeout: resolved.connectTimeout,
      commandTimeout: resolved.commandTimeout,
      keepAlive: resolved.keepAlive,
      ...(resolved.tls === null ? {} : { tls: resolved.tls }),
    },
    maxsize: resolved.maxsize,
    acquireTimeout: resolved.acquireTimeout,
    discoverFor: resolved.connectTimeout ?? 10_000,
    encoding: resolved.encoding,
    db: resolved.db,
  };
}

/** How many times `execute()` sends a command again after the server refused it as a replica (`READONLY`) or its connection could not be opened. */
export const retries = 3;

/**
 * How many times at most a command goes again when that cannot run it twice:
 * it was never written (the node it waited on was left in a failover), or it
 * only reads. The bound only makes sure that every promise settles.
 */
export const reroutes = 16;

/** Milliseconds between two rounds of asking the Sentinels, while none names a reachable node of the role. */
export const retryPause = 200;

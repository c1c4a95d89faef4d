// A Sentinel pool's options as the pool keeps them (checked in ../options.ts), and the limits it keeps to.
import type { Encoding } from 'aioredis-abc';
import { resolveSentinelPoolOptions, type ConnectOptions, type SentinelPoolOptions } from '../options.js';
import type { Role } from './questions.js';
import type { Place } from './shared.js';

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

/** A Sentinel pool's options, checked by `resolveSentinelPoolOptions()`, as the pool keeps them; throws a `TypeError` naming what is wrong. */
export function resolveSentinelOptions<E extends Encoding>(options: SentinelPoolOptions<E>): SentinelSettings<E> {
  const { service, sentinels, role, pool } = resolveSentinelPoolOptions(options);
  return {
    service,
    sentinels,
    role,
    connection: pool.connection,
    sentinelOptions: {
      encoding: pool.encoding,
      connectTimeout: pool.connectTimeout,
      commandTimeout: pool.commandTimeout,
      keepAlive: pool.keepAlive,
      ...(pool.tls === null ? {} : { tls: pool.tls }),
    },
    maxsize: pool.maxsize,
    acquireTimeout: pool.acquireTimeout,
    discoverFor: pool.connectTimeout ?? 10_000,
    encoding: pool.encoding,
    db: pool.db,
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

/** How many attempts of each budget a command has had again: `'counted'` ones (up to `retries`) and `'free'` ones (up to `reroutes`). */
export interface Spent {
  readonly counted: number;
  readonly free: number;
}

/** The budgets spent once a failure that allows an attempt on `budget` gets one, or `null` when it allows none or that budget is used up. */
export function spend(budget: 'free' | 'counted' | false, spent: Spent): Spent | null {
  if (budget === 'free' && spent.free < reroutes) return { counted: spent.counted, free: spent.free + 1 };
  if (budget === 'counted' && spent.counted < retries) return { counted: spent.counted + 1, free: spent.free };
  return null;
}

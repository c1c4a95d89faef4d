import type { AbcConnection, AbcPool, Encoding } from 'aioredis-abc';
import type { Feature, Implementation, ServerAddress } from './implementation.js';
import type { RedisServer, ServerOptions } from './redis-server.js';
import type { Cluster, SentinelGroup } from './sentinel-and-cluster.js';

/** Options of a connection or pool a case opens; the suite's server over TCP by default. */
export interface OpenOptions {
  readonly db?: number;
  readonly via?: 'tcp' | 'unix';
  readonly password?: string;
  readonly username?: string;
  readonly name?: string;
  readonly tls?: { readonly ca?: string; readonly servername?: string };
  readonly url?: string;
  readonly connectTimeout?: number;
  readonly commandTimeout?: number;
  readonly keepAlive?: number | false;
  readonly acquireTimeout?: number;
  /** Another server than the suite's, such as one the case started. */
  readonly server?: ServerAddress;
}

/** What a case is handed: the implementation, and openers that clean up after the case. */
export interface CaseContext {
  readonly implementation: Implementation;
  /** The suite's server, shared by every case of the implementation. */
  readonly server: ServerAddress;
  /** A connection, closed and awaited when the case ends. */
  connect<E extends Encoding>(encoding: E, options?: OpenOptions): Promise<AbcConnection<E>>;
  /** A pool, closed and awaited when the case ends. */
  pool<E extends Encoding>(encoding: E, maxsize: number, options?: OpenOptions): AbcPool<AbcConnection<E>>;
  /** A server of the case's own, for faults; stopped and removed when the case ends. */
  startServer(options?: ServerOptions): Promise<RedisServer>;
  /** The Sentinel group of the run: started by the first case that asks, stopped when the run ends. */
  sentinelGroup(): Promise<SentinelGroup>;
  /** The Redis Cluster of the run: started by the first case that asks, stopped when the run ends. */
  cluster(): Promise<Cluster>;
  /** A pool of the Sentinel group's service (its master, or a replica), closed and awaited when the case ends. */
  sentinelPool<E extends Encoding>(encoding: E, options?: { readonly role?: 'master' | 'replica'; readonly service?: string; readonly maxsize?: number; readonly connectTimeout?: number }): Promise<AbcPool<AbcConnection<E>>>;
  /** A pool over the run's cluster, closed and awaited when the case ends. */
  clusterPool<E extends Encoding>(encoding: E, maxsize?: number, options?: { readonly connectTimeout?: number }): Promise<AbcPool<AbcConnection<E>>>;
  /** A key, channel or pattern name no other case uses. */
  name(prefix: string): string;
  /** Runs `cleanup` when the case ends, before the openers' own cleanup. */
  defer(cleanup: () => void | Promise<void>): void;
}

/** One case: the catalogue ids it proves, what it needs, and its body. */
export interface Case {
  /** The ids of the catalogued sentences this case proves. */
  readonly ids: readonly string[];
  /** What the case proves, as a sentence. */
  readonly title: string;
  /** Features without which the case is not applicable. */
  readonly needs?: readonly Feature[];
  /** Milliseconds before the case fails as hung; 10,000 by default. */
  readonly timeout?: number;
  run(context: CaseContext): Promise<void>;
}

/** A group of cases, reported under one heading. */
export interface CaseGroup {
  readonly name: string;
  readonly cases: readonly Case[];
}

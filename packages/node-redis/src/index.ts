import type { Encoding } from 'aioredis-abc';
import {
  ConnectionPool,
  poolOf,
  SentinelPool,
  ClusterPool,
  connectOptions,
  type ClientPoolOptions,
  type ConnectOptions,
  type ServerPoolOptions,
  type SentinelPoolOptions,
  type ClusterPoolOptions,
} from 'aioredis-abc-kit';
import { clientProblem, NodeRedisConnection, type NodeRedisClient, type WrapOptions } from './connection.js';

export { NodeRedisConnection, clientProblem };
export type { ConnectOptions, ServerPoolOptions, ClientPoolOptions, SentinelPoolOptions, ClusterPoolOptions, WrapOptions, NodeRedisClient };

/** A pool of NodeRedisConnections, all to one server: the kit's `ConnectionPool`. */
export type NodeRedisPool<E extends Encoding> = ConnectionPool<NodeRedisConnection<E>>;

/**
 * Opens a connection and resolves once the server answers; rejects with an
 * error of the contract's shapes when it cannot. Takes the options, or a URL
 * (`redis://`, `rediss://`, `unix://`), whose `encoding` query option is the
 * connection's (`utf-8` when absent).
 */
export function connect(url: string): Promise<NodeRedisConnection<string>>;
export function connect<E extends Encoding>(options: ConnectOptions<E>): Promise<NodeRedisConnection<E>>;
export function connect(target: string | ConnectOptions<Encoding>): Promise<NodeRedisConnection<Encoding>> {
  try {
    return NodeRedisConnection.connect(typeof target === 'string' ? connectOptions(target) : target);
  } catch (error) {
    return Promise.reject(error);
  }
}

/** A connection over a client the application configured itself; see `NodeRedisConnection.wrap()`. */
export function wrap<E extends Encoding>(client: NodeRedisClient, options: WrapOptions<E>): Promise<NodeRedisConnection<E>> {
  return NodeRedisConnection.wrap(client, options);
}

/**
 * A pool of connections to one server; it opens them as they are needed. Takes
 * the options, a URL, or `{ client }`: a client the application configured,
 * whose copies the pool opens (the client itself is not used).
 */
export function createPool(url: string): NodeRedisPool<string>;
export function createPool<E extends Encoding>(options: ServerPoolOptions<E> | ClientPoolOptions<NodeRedisClient, E>): NodeRedisPool<E>;
export function createPool(target: string | ServerPoolOptions<Encoding> | ClientPoolOptions<NodeRedisClient, Encoding>): NodeRedisPool<Encoding> {
  return poolOf(typeof target === 'string' ? connectOptions(target) : target, {
    name: 'node-redis',
    connect: (options) => NodeRedisConnection.connect(options),
    wrap: (client, options) => NodeRedisConnection.wrap(client, options),
    duplicate: (client) => NodeRedisConnection.duplicate(client),
    where: (client) => NodeRedisConnection.where(client),
    problem: clientProblem,
  });
}

/**
 * A pool of the master (or, with `role: 'replica'`, of a replica) of a
 * service that Redis Sentinel manages: the kit's `SentinelPool`, which follows
 * failovers; see its TSDoc.
 */
export function createSentinelPool<E extends Encoding>(options: SentinelPoolOptions<E>): SentinelPool<NodeRedisConnection<E>> {
  return new SentinelPool(options, (connection: ConnectOptions<E>) => NodeRedisConnection.connect(connection));
}

/**
 * A pool over a Redis Cluster, from one or more of its nodes: the kit's
 * `ClusterPool`, which routes each command by the hash slot of its keys and
 * follows redirections and failovers; see its TSDoc.
 */
export function createClusterPool<E extends Encoding>(options: ClusterPoolOptions<E>): ClusterPool<NodeRedisConnection<E>> {
  return new ClusterPool(options, (connection: ConnectOptions<E>) => NodeRedisConnection.connect(connection));
}

import type { Encoding } from 'aioredis-abc';
import type { Adapter, OwnAdapter, WrapOptions } from './adapter.js';
import { AdapterConnection } from './adapter-connection.js';
import { ClusterPool } from './cluster.js';
import { connectOptions, type ClientPoolOptions, type ClusterPoolOptions, type ConnectOptions, type SentinelPoolOptions, type ServerPoolOptions } from './options.js';
import type { ConnectionPool } from './pool.js';
import { poolOf, serverPool } from './pool-opener.js';
import { SentinelPool } from './sentinel.js';

/** What `adaptOwn()` builds from an adapter of its own clients: the four functions such an implementation exports. */
export interface OwnAdapted<Client> {
  /**
   * Opens a connection and resolves once the server answers; rejects with an
   * error of the contract's shapes when it cannot. Takes the options, or a URL
   * (`redis://`, `rediss://`, `unix://`), whose `encoding` query option is the
   * connection's (`utf-8` when absent).
   */
  connect(url: string): Promise<AdapterConnection<Client, string>>;
  connect<E extends Encoding>(options: ConnectOptions<E>): Promise<AdapterConnection<Client, E>>;
  /** A pool of connections to one server, from the options or a URL; it opens them as they are needed. */
  createPool(url: string): ConnectionPool<AdapterConnection<Client, string>>;
  createPool<E extends Encoding>(options: ServerPoolOptions<E>): ConnectionPool<AdapterConnection<Client, E>>;
  /**
   * A pool of the master (or, with `role: 'replica'`, of a replica) of a
   * service that Redis Sentinel manages: the kit's `SentinelPool`, which follows
   * failovers; see its TSDoc.
   */
  createSentinelPool<E extends Encoding>(options: SentinelPoolOptions<E>): SentinelPool<AdapterConnection<Client, E>>;
  /**
   * A pool over a Redis Cluster, from one or more of its nodes: the kit's
   * `ClusterPool`, which routes each command by the hash slot of its keys and
   * follows redirections and failovers; see its TSDoc.
   */
  createClusterPool<E extends Encoding>(options: ClusterPoolOptions<E>): ClusterPool<AdapterConnection<Client, E>>;
}

/** What `adapt()` builds from an adapter: the five functions an implementation exports. */
export interface Adapted<Client> extends Omit<OwnAdapted<Client>, 'createPool'> {
  /** A connection over a client the application configured itself; see `AdapterConnection.wrap()`. */
  wrap<E extends Encoding>(client: Client, options: WrapOptions<E>): Promise<AdapterConnection<Client, E>>;
  /**
   * A pool of connections to one server; it opens them as they are needed. Takes
   * the options, a URL, or `{ client }`: a client the application configured,
   * whose copies the pool opens (the client itself is not used).
   */
  createPool(url: string): ConnectionPool<AdapterConnection<Client, string>>;
  createPool<E extends Encoding>(options: ServerPoolOptions<E> | ClientPoolOptions<Client, E>): ConnectionPool<AdapterConnection<Client, E>>;
}

/** Builds `connect`, `createPool`, `createSentinelPool` and `createClusterPool` from an adapter whose clients are its own. */
export function adaptOwn<Client>(adapter: OwnAdapter<Client>): OwnAdapted<Client> {
  const open = <E extends Encoding>(options: ConnectOptions<E>): Promise<AdapterConnection<Client, E>> => AdapterConnection.connect(adapter, options);
  function connect(url: string): Promise<AdapterConnection<Client, string>>;
  function connect<E extends Encoding>(options: ConnectOptions<E>): Promise<AdapterConnection<Client, E>>;
  function connect(target: string | ConnectOptions<Encoding>): Promise<AdapterConnection<Client, Encoding>> {
    try {
      return open(typeof target === 'string' ? connectOptions(target) : target);
    } catch (error) {
      return Promise.reject(error);
    }
  }
  function createPool(url: string): ConnectionPool<AdapterConnection<Client, string>>;
  function createPool<E extends Encoding>(options: ServerPoolOptions<E>): ConnectionPool<AdapterConnection<Client, E>>;
  function createPool(target: string | ServerPoolOptions<Encoding>): ConnectionPool<AdapterConnection<Client, Encoding>> {
    return serverPool(typeof target === 'string' ? connectOptions(target) : target, open);
  }
  return {
    connect,
    createPool,
    createSentinelPool: (options) => new SentinelPool(options, open),
    createClusterPool: (options) => new ClusterPool(options, open),
  };
}

/** Builds an implementation's `connect`, `wrap`, `createPool`, `createSentinelPool` and `createClusterPool` from its adapter. */
export function adapt<Client>(adapter: Adapter<Client>): Adapted<Client> {
  const own = adaptOwn(adapter);
  const open = <E extends Encoding>(options: ConnectOptions<E>): Promise<AdapterConnection<Client, E>> => AdapterConnection.connect(adapter, options);
  const wrap = <E extends Encoding>(client: Client, options: WrapOptions<E>): Promise<AdapterConnection<Client, E>> => AdapterConnection.wrap(adapter, client, options);
  function createPool(url: string): ConnectionPool<AdapterConnection<Client, string>>;
  function createPool<E extends Encoding>(options: ServerPoolOptions<E> | ClientPoolOptions<Client, E>): ConnectionPool<AdapterConnection<Client, E>>;
  function createPool(target: string | ServerPoolOptions<Encoding> | ClientPoolOptions<Client, Encoding>): ConnectionPool<AdapterConnection<Client, Encoding>> {
    return poolOf(typeof target === 'string' ? connectOptions(target) : target, {
      name: adapter.name,
      connect: open,
      wrap,
      duplicate: (client) => adapter.duplicate(client),
      where: (client) => adapter.where(client),
      problem: (client) => adapter.problem(client),
    });
  }
  return { ...own, wrap, createPool };
}

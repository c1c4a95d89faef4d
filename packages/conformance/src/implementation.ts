import type { AbcConnection, AbcPatternChannel, AbcPlainChannel, AbcPool, ChannelName, Encoding } from 'aioredis-abc';

/** Where the suite's server listens: over TCP and over a unix socket. */
export interface ServerAddress {
  /** Always `127.0.0.1`. */
  readonly host: string;
  readonly port: number;
  /** The path of the server's unix socket. */
  readonly path: string;
}

/** What a factory is handed to open a connection. */
export interface ConnectRequest<E extends Encoding> {
  /** The server to connect to. */
  readonly server: ServerAddress;
  /** `'tcp'` to connect to `host` and `port`, `'unix'` to connect to `path`. */
  readonly via: 'tcp' | 'unix';
  readonly encoding: E;
  /** The database to select; absent means the default, 0. */
  readonly db?: number;
  /** The password to authenticate with; absent means none. */
  readonly password?: string;
  /** The ACL user to authenticate as, with the password; absent means the default user. */
  readonly username?: string;
  /** The client name to set; absent means none. */
  readonly name?: string;
  /** TLS, with the CA to trust: `{ ca }`, as Node's `tls.connect()` takes it; absent means plain TCP. */
  readonly tls?: { readonly ca?: string; readonly servername?: string };
  /** The address as a URL (`redis://`, `rediss://`, `unix://`), given instead of `server` and `via`. */
  readonly url?: string;
  /** Milliseconds to open a connection before a `TimeoutError`; absent means the implementation's default. */
  readonly connectTimeout?: number;
  /** Milliseconds a command waits for its reply before a `TimeoutError`; absent means the implementation's default. */
  readonly commandTimeout?: number;
  /** TCP keep-alive: the idle milliseconds before the first probe, or `false`; absent means the implementation's default. */
  readonly keepAlive?: number | false;
}

/** What a factory is handed to create a pool. */
export interface PoolRequest<E extends Encoding> extends ConnectRequest<E> {
  /** The most connections the pool opens for commands. */
  readonly maxsize: number;
  /** Milliseconds `acquire()` waits for a connection before a `TimeoutError`; absent means the implementation's default. */
  readonly acquireTimeout?: number;
}

/**
 * What a case may need that an implementation may not have. An implementation
 * names the ones it does not have in `notApplicable`, each with the reason.
 */
export type Feature =
  /** A real server behind the connection, that can be killed, restarted, made a replica, or limited. */
  | 'server'
  /** Redis's data commands (strings, lists, hashes, sets, sorted sets, transactions with `WATCH`, blocking commands), not a subset. */
  | 'commands'
  /** Lua scripts (`EVAL`). */
  | 'scripting'
  /** Streams (`XADD`, `XRANGE`). */
  | 'streams'
  /** Channel names that are bytes but not valid UTF-8. */
  | 'binaryNames'
  /** Connecting over a unix socket. */
  | 'unixSocket'
  /** What real deployments need: URLs, TLS, ACL users, client names, keep-alive and the timeouts, each taken and honoured. */
  | 'deployment'
  /** Pools over several servers: a Sentinel-managed master and its replicas (`createSentinelPool`), and a Redis Cluster (`createClusterPool`). */
  | 'topologies';

/** What a factory is handed to create a pool of a Sentinel-managed service. */
export interface SentinelPoolRequest<E extends Encoding> {
  /** The name the Sentinels monitor. */
  readonly service: string;
  /** The Sentinels, as `[host, port]` pairs. */
  readonly sentinels: readonly (readonly [string, number])[];
  /** `'master'` for the master, `'replica'` for a replica, for reads. */
  readonly role: 'master' | 'replica';
  readonly encoding: E;
  readonly maxsize: number;
  /** Milliseconds to find a node and open a connection; absent means the implementation's default. */
  readonly connectTimeout?: number;
}

/** What a factory is handed to create a pool over a Redis Cluster. */
export interface ClusterPoolRequest<E extends Encoding> {
  /** Seed nodes of the cluster, as `[host, port]` pairs. */
  readonly nodes: readonly (readonly [string, number])[];
  readonly encoding: E;
  readonly maxsize: number;
  /** Milliseconds to find a node and open a connection, pub/sub's after its node is lost too; absent means the implementation's default. */
  readonly connectTimeout?: number;
}

/** An implementation of the contract, as the suite runs it. */
export interface Implementation {
  /** Its name in the test titles and the report. */
  readonly name: string;
  /** Opens a connection; resolves once it is usable, rejects with the reason when it cannot be. */
  connect<E extends Encoding>(request: ConnectRequest<E>): Promise<AbcConnection<E>>;
  /** Creates a pool; it may open connections at once or when they are first needed. */
  createPool<E extends Encoding>(request: PoolRequest<E>): AbcPool<AbcConnection<E>>;
  /** Creates a pool of a Sentinel-managed service; needed unless `topologies` is not applicable. */
  createSentinelPool?<E extends Encoding>(request: SentinelPoolRequest<E>): AbcPool<AbcConnection<E>>;
  /** Creates a pool over a Redis Cluster; needed unless `topologies` is not applicable. */
  createClusterPool?<E extends Encoding>(request: ClusterPoolRequest<E>): AbcPool<AbcConnection<E>>;
  /** A plain channel of the implementation's own class. */
  plainChannel<M>(name: ChannelName): AbcPlainChannel<M>;
  /** A pattern channel of the implementation's own class. */
  patternChannel<M>(name: ChannelName): AbcPatternChannel<M>;
  /** The features it does not have, each with the reason; cases that need one are reported as not applicable. */
  readonly notApplicable?: { readonly [F in Feature]?: string };
}

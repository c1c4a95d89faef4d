// The options of a connection, of a pool to one server, and of the Sentinel and Cluster pools: what users write, checked before anything is opened.
import type { Address, Encoding } from 'aioredis-abc';
import type { ConnectionOptions as TlsOptions } from 'node:tls';
import { bufferEncoding } from './arguments.js';
import { parseRedisUrl } from './url.js';

/** Where and how to connect. */
export interface ConnectOptions<E extends Encoding> {
  /**
   * The address as a URL: `redis://[user[:password]@]host[:port][/db]`,
   * `rediss://…` over TLS, or `unix:///path`, with the query options `db`,
   * `password`, `username`, `name`, `encoding`, `timeout` (seconds) and, for a
   * pool, `maxsize`. What it gives may not be given again as an option.
   */
  readonly url?: string;
  /** The server's host, for TCP: `127.0.0.1` by default. */
  readonly host?: string;
  /** The server's port, for TCP: 6379 by default. */
  readonly port?: number;
  /** The path of the server's unix socket, instead of host and port. */
  readonly path?: string;
  /** TLS: `true`, or the options of Node's `tls.connect()` (`ca`, `cert`, `key`, `servername`, …). Off by default. */
  readonly tls?: boolean | TlsOptions;
  /** The ACL user to authenticate as, with `password` (`AUTH user password`); the default user when absent. */
  readonly username?: string;
  /** The password to authenticate with (`AUTH`); none by default. */
  readonly password?: string;
  /** The database to select: 0 by default. */
  readonly db?: number;
  /** The client name, set with `CLIENT SETNAME` when the connection opens; none by default. */
  readonly name?: string;
  /** Milliseconds to open the connection, handshake included, before it rejects with a `TimeoutError`: 10,000 by default, `null` for no limit. */
  readonly connectTimeout?: number | null;
  /**
   * Milliseconds a command may wait for its reply before it rejects with a
   * `TimeoutError`: 10,000 by default, `null` for no limit. The connection is
   * then closed, so that no later reply reaches another command, and its other
   * pending commands reject with a `ConnectionClosedError`. Blocking commands
   * (`BLPOP` …) wait as long as their own timeout says.
   */
  readonly commandTimeout?: number | null;
  /** TCP keep-alive: the idle milliseconds before the first probe, 30,000 by default, or `false` for none. */
  readonly keepAlive?: number | false;
  /** The codec replies are decoded with (a Node `BufferEncoding`), or `null` for bytes. */
  readonly encoding: E;
}

/** A pool's options: a connection's, and how many it keeps open at most and how long `acquire()` waits. */
export interface ServerPoolOptions<E extends Encoding> extends ConnectOptions<E> {
  /** The most connections open for commands and `acquire()`: 10 by default. Blocking commands run on as many again, apart. */
  readonly maxsize?: number;
  /** Milliseconds `acquire()` and a command wait for a connection before they reject with a `TimeoutError`: 10,000 by default, `null` for no limit. */
  readonly acquireTimeout?: number | null;
}

/** Connection options checked and resolved: every default filled in, the URL read. */
export interface ResolvedOptions<E extends Encoding> {
  readonly address: Address;
  readonly tls: TlsOptions | null;
  readonly username: string | undefined;
  readonly password: string | undefined;
  readonly db: number;
  readonly name: string | undefined;
  readonly connectTimeout: number | null;
  readonly commandTimeout: number | null;
  readonly keepAlive: number | false;
  readonly encoding: E;
}

/** A pool's options checked and resolved. */
export interface ResolvedPoolOptions<E extends Encoding> extends ResolvedOptions<E> {
  readonly maxsize: number;
  readonly acquireTimeout: number | null;
  /** The options each of its connections opens with: the pool's own less `maxsize` and `acquireTimeout`. */
  readonly connection: ConnectOptions<E>;
}

const connectKeys = [
  'url',
  'host',
  'port',
  'path',
  'tls',
  'username',
  'password',
  'db',
  'name',
  'connectTimeout',
  'commandTimeout',
  'keepAlive',
  'encoding',
] as const;
const poolKeys = [...connectKeys, 'maxsize', 'acquireTimeout'] as const;
/** What a pool over several servers takes of a pool's options: all but the address, which its nodes give. */
const nodeKeys = poolKeys.filter((key) => key !== 'url' && key !== 'host' && key !== 'port' && key !== 'path');
const sentinelKeys = ['service', 'sentinels', 'role', ...nodeKeys] as const;
const clusterKeys = ['nodes', ...nodeKeys.filter((key) => key !== 'db')] as const;

/** The default of every timeout: no caller waits for good unless it asks to. */
export const defaultTimeout = 10_000;

/**
 * Throws a `TypeError` for options that are not an object, or for a key not
 * in `known`, listing them; `why` says, for a key, why `of` does not take it.
 */
function checkKeys(options: unknown, known: readonly string[], of = '', why: (key: string) => string = () => ''): asserts options is Record<string, unknown> {
  if (typeof options !== 'object' || options === null) throw new TypeError(`the options must be an object, not ${String(options)}`);
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw new TypeError(`unknown option ${JSON.stringify(key)}${of}${why(key)}: the options are ${known.join(', ')}`);
  }
}

function optionalString(name: string, value: unknown): string | undefined {
  if (value !== undefined && (typeof value !== 'string' || value.length === 0)) throw new TypeError(`${name} must be a non-empty string`);
  return value;
}

function integer(name: string, value: unknown, least: number, most: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < least || value > most) {
    throw new TypeError(`${name} must be an integer from ${least} to ${most}, not ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`);
  }
  return value;
}

/** A timeout option: milliseconds, a positive integer, or `null` for no limit; the default when absent. */
function timeout(name: string, value: unknown): number | null {
  if (value === undefined) return defaultTimeout;
  if (value === null) return null;
  return integer(name, value, 1, 2_147_483_647);
}

function tlsOptions(value: unknown): TlsOptions | null {
  if (value === undefined || value === false) return null;
  if (value === true) return {};
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return { ...value };
  throw new TypeError('tls must be true, false, or the options of tls.connect()');
}

/** The options with what their URL says merged in; a part given twice is refused by name. */
function merged(options: Record<string, unknown>): Record<string, unknown> {
  const url = optionalString('url', options['url']);
  if (url === undefined) return options;
  const parts: Record<string, unknown> = { ...parseRedisUrl(url) };
  const result: Record<string, unknown> = { ...options };
  delete result['url'];
  for (const [key, value] of Object.entries(parts)) {
    if (key === 'tls' && result['tls'] !== undefined) {
      if (result['tls'] === false) throw new TypeError('tls is false, but a rediss:// URL asks for TLS');
      continue;
    }
    if (key === 'encoding') {
      if (result['encoding'] !== value) throw new TypeError('encoding is given both in the URL and as an option, and they differ');
      continue;
    }
    if (result[key] !== undefined) throw new TypeError(`${key} is given both in the URL and as an option`);
    result[key] = value;
  }
  return result;
}

/** The options resolved; `encoding` is the caller's, which the merged options hold too. */
function resolve<E extends Encoding>(options: Record<string, unknown>, encoding: E): ResolvedOptions<E> {
  if (encoding !== null && typeof encoding !== 'string') throw new TypeError('encoding must be a codec name or null');
  bufferEncoding(encoding);
  const host = optionalString('host', options['host']);
  const path = optionalString('path', options['path']);
  const port = options['port'] === undefined ? undefined : integer('port', options['port'], 1, 65_535);
  if (path !== undefined && (host !== undefined || port !== undefined)) throw new TypeError('give either path or host and port, not both');
  const username = optionalString('username', options['username']);
  const password = optionalString('password', options['password']);
  if (username !== undefined && password === undefined) throw new TypeError('username needs a password: AUTH takes both');
  const keepAlive = options['keepAlive'] === undefined ? 30_000 : options['keepAlive'] === false ? false : integer('keepAlive', options['keepAlive'], 0, 2_147_483_647);
  return {
    address: path ?? [host ?? '127.0.0.1', port ?? 6379],
    tls: tlsOptions(options['tls']),
    username,
    password,
    db: options['db'] === undefined ? 0 : integer('db', options['db'], 0, 2_147_483_647),
    name: optionalString('name', options['name']),
    connectTimeout: timeout('connectTimeout', options['connectTimeout']),
    commandTimeout: timeout('commandTimeout', options['commandTimeout']),
    keepAlive,
    encoding,
  };
}

/** Resolved options as the options a connection opens with: what a pool hands each of its connections. */
function asConnectOptions<E extends Encoding>(resolved: ResolvedOptions<E>): ConnectOptions<E> {
  const { address, tls, username, password, name, ...rest } = resolved;
  return {
    ...(typeof address === 'string' ? { path: address } : { host: address[0], port: address[1] }),
    ...(tls === null ? {} : { tls }),
    ...(username === undefined ? {} : { username }),
    ...(password === undefined ? {} : { password }),
    ...(name === undefined ? {} : { name }),
    ...rest,
  };
}

/**
 * The options of a connection for a command about the whole server (`SCRIPT
 * KILL`, `FUNCTION KILL`): the same server, credentials and TLS, but no
 * database and no client name, since a server busy with a script refuses the
 * `SELECT` and `CLIENT SETNAME` of a new connection while it lets those
 * commands through.
 */
export function serverWideOptions<E extends Encoding>(options: ConnectOptions<E>): ConnectOptions<E> {
  const { db: _db, name: _name, ...rest } = options;
  return rest;
}

/**
 * A URL, or the options, as connection options: a URL alone gives its
 * `encoding` query option, or `utf-8`.
 */
export function connectOptions(target: string | ConnectOptions<string>): ConnectOptions<string> {
  if (typeof target !== 'string') return target;
  return { url: target, encoding: parseRedisUrl(target).encoding ?? 'utf-8' };
}

/**
 * Checks connection options before anything is opened and resolves them:
 * the URL read, the defaults filled in. Throws a `TypeError` naming the
 * option for an unknown key, a value of the wrong type or range, or a part
 * given both in the URL and as an option; a password is never in the message.
 */
export function resolveOptions<E extends Encoding>(options: ConnectOptions<E>): ResolvedOptions<E> {
  checkKeys(options, connectKeys);
  const all = merged(options);
  if (all['maxsize'] !== undefined) throw new TypeError('maxsize is an option of pools, not of a connection');
  return resolve(all, options.encoding);
}

/** A pool's options, checked and resolved as `resolveOptions()` does, with `maxsize` and `acquireTimeout`. */
export function resolvePoolOptions<E extends Encoding>(options: ServerPoolOptions<E>): ResolvedPoolOptions<E> {
  checkKeys(options, poolKeys);
  const { maxsize, acquireTimeout, ...connection } = merged(options);
  const resolved = resolve(connection, options.encoding);
  return {
    ...resolved,
    maxsize: checkMaxsize(maxsize),
    acquireTimeout: timeout('acquireTimeout', acquireTimeout),
    connection: asConnectOptions(resolved),
  };
}

/** A pool's `maxsize`: 10 when absent, else a positive integer. */
export function checkMaxsize(maxsize: unknown): number {
  if (maxsize === undefined) return 10;
  return integer('maxsize', maxsize, 1, 2_147_483_647);
}

/** A pool built over a client the application configured itself: the connections are copies of it. */
export interface ClientPoolOptions<Client, E extends Encoding> {
  /** The client whose configuration each connection copies; it is not used itself. */
  readonly client: Client;
  readonly encoding: E;
  readonly maxsize?: number;
  readonly acquireTimeout?: number | null;
  readonly commandTimeout?: number | null;
}

/** A client pool's options, checked: `maxsize`, `acquireTimeout` and `commandTimeout` with their defaults. */
export function resolveClientPoolOptions<Client, E extends Encoding>(
  options: ClientPoolOptions<Client, E>,
): { readonly maxsize: number; readonly acquireTimeout: number | null; readonly commandTimeout: number | null; readonly encoding: E } {
  checkKeys(options, ['client', 'encoding', 'maxsize', 'acquireTimeout', 'commandTimeout']);
  if (options.encoding !== null && typeof options.encoding !== 'string') throw new TypeError('encoding must be a codec name or null');
  bufferEncoding(options.encoding);
  return {
    maxsize: checkMaxsize(options.maxsize),
    acquireTimeout: timeout('acquireTimeout', options.acquireTimeout),
    commandTimeout: timeout('commandTimeout', options.commandTimeout),
    encoding: options.encoding,
  };
}

/** Whether pool options name a client to copy rather than a server. */
export function isClientPool<Client, E extends Encoding>(options: ServerPoolOptions<E> | ClientPoolOptions<Client, E>): options is ClientPoolOptions<Client, E> {
  return typeof options === 'object' && options !== null && 'client' in options;
}

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

/** A Cluster pool's options: a server pool's, less the address and `db` (a cluster has database 0 only), with the seed nodes. */
export interface ClusterPoolOptions<E extends Encoding> extends Omit<ServerPoolOptions<E>, 'url' | 'host' | 'port' | 'path' | 'db'> {
  /** Nodes of the cluster to ask for its slot map, as `[host, port]` pairs: one is enough, more in case it is down. */
  readonly nodes: readonly (readonly [host: string, port: number])[];
}

/** A Sentinel pool's options checked: the service, the Sentinels, the role, and the pool's options for the nodes. */
export interface ResolvedSentinelPoolOptions<E extends Encoding> {
  readonly service: string;
  readonly sentinels: readonly (readonly [string, number])[];
  readonly role: 'master' | 'replica';
  /** The options of the pool of each node the Sentinels name: `connection` has no address yet. */
  readonly pool: ResolvedPoolOptions<E>;
}

/** A Cluster pool's options checked: the seed nodes, and the pool's options for each node. */
export interface ResolvedClusterPoolOptions<E extends Encoding> {
  readonly nodes: readonly (readonly [string, number])[];
  /** The options of the pool of each node: `connection` has no address yet. */
  readonly pool: ResolvedPoolOptions<E>;
}

/** Why a pool over several servers does not take a key of a pool to one server, or nothing for a key no pool takes. */
function addressGivenBy(nodes: string): (key: string) => string {
  return (key) => (key === 'url' || key === 'host' || key === 'port' || key === 'path' ? `, since ${nodes} give the addresses` : '');
}

/** `[host, port]` pairs, at least one, each checked as a pool's `host` and `port`. */
function addresses(name: string, value: unknown, what: string): readonly (readonly [string, number])[] {
  if (!Array.isArray(value) || value.length === 0) throw new TypeError(`${name} must be a non-empty list of [host, port] pairs ${what}`);
  for (const pair of value) {
    if (!Array.isArray(pair) || pair.length !== 2) throw new TypeError(`${name} must be a non-empty list of [host, port] pairs ${what}`);
    optionalString(`the host in ${name}`, pair[0]);
    integer(`the port in ${name}`, pair[1], 1, 65_535);
  }
  return value as readonly (readonly [string, number])[];
}

/** A pool's options without an address, resolved: `connection` holds no `host` or `port`. */
function nodePoolOptions<E extends Encoding>(options: Record<string, unknown>, encoding: E): ResolvedPoolOptions<E> {
  const resolved = resolvePoolOptions({ ...options, encoding } as ServerPoolOptions<E>);
  const { host: _host, port: _port, ...connection } = resolved.connection;
  return { ...resolved, connection };
}

/**
 * Checks a Sentinel pool's options before anything is opened: an option it
 * does not take (the address of a pool to one server among them: the
 * Sentinels name the nodes) is refused with a `TypeError` that names it and
 * lists the options it takes.
 */
export function resolveSentinelPoolOptions<E extends Encoding>(options: SentinelPoolOptions<E>): ResolvedSentinelPoolOptions<E> {
  checkKeys(options, sentinelKeys, ' of a Sentinel pool', addressGivenBy('the Sentinels'));
  const { service, sentinels, role, ...rest } = options;
  if (typeof service !== 'string' || service === '') throw new TypeError('service must be a non-empty string: the name the Sentinels monitor');
  if (role !== undefined && role !== 'master' && role !== 'replica') throw new TypeError(`role must be 'master' or 'replica', not ${String(role)}`);
  return { service, sentinels: addresses('sentinels', sentinels, 'of the Sentinels'), role: role ?? 'master', pool: nodePoolOptions(rest, options.encoding) };
}

/**
 * Checks a Cluster pool's options before anything is opened: an option it
 * does not take (`db`, since a cluster has database 0 only, and the address
 * of a pool to one server, since the nodes give it) is refused with a
 * `TypeError` that names it and lists the options it takes.
 */
export function resolveClusterPoolOptions<E extends Encoding>(options: ClusterPoolOptions<E>): ResolvedClusterPoolOptions<E> {
  const why = addressGivenBy('the nodes');
  checkKeys(options, clusterKeys, ' of a Cluster pool', (key) => (key === 'db' ? ', since a cluster has database 0 only' : why(key)));
  const { nodes, ...rest } = options;
  return { nodes: addresses('nodes', nodes, 'of the cluster'), pool: nodePoolOptions(rest, options.encoding) };
}

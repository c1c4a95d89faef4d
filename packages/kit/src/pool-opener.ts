// An adapter's createPool(): a pool to a server from options, or over copies of an application's client.
import type { Address } from 'aioredis-abc';
import { isClientPool, resolveClientPoolOptions, resolvePoolOptions, serverWideOptions, type ClientPoolOptions, type ConnectOptions, type ServerPoolOptions } from './options.js';
import { ConnectionPool } from './pool.js';
import type { ReusableConnection } from './pool-types.js';

/** How an adapter opens its connections, for `poolOf()`: to a server by options, or over a copy of an application's client. */
export interface PoolOpener<Client, C extends ReusableConnection> {
  /** The client library's name, for the error that refuses a client. */
  readonly name: string;
  connect(options: ConnectOptions<C['encoding']>): Promise<C>;
  wrap(client: Client, options: { readonly encoding: C['encoding']; readonly commandTimeout: number | null }): Promise<C>;
  duplicate(client: Client): Client;
  where(client: Client): { readonly address: Address; readonly db: number };
  problem(client: unknown): string | undefined;
}

/**
 * An adapter's `createPool()`: a pool to one server from options, or over
 * copies of a client the application configured (`{ client }`), checked
 * before anything is opened.
 */
export function poolOf<Client, C extends ReusableConnection>(
  options: ServerPoolOptions<C['encoding']> | ClientPoolOptions<Client, C['encoding']>,
  opener: PoolOpener<Client, C>,
): ConnectionPool<C> {
  if (isClientPool(options)) {
    const { client } = options;
    const problem = opener.problem(client);
    if (problem !== undefined) throw new TypeError(`a pool cannot be built over this ${opener.name} client: ${problem}`);
    const { maxsize, acquireTimeout, commandTimeout, encoding } = resolveClientPoolOptions(options);
    const { address, db } = opener.where(client);
    return new ConnectionPool({ create: () => opener.wrap(opener.duplicate(client), { encoding, commandTimeout }), maxsize, acquireTimeout, encoding, address, db });
  }
  return serverPool(options, (connection) => opener.connect(connection));
}

/**
 * A pool to one server from options, opening each connection with `connect`;
 * the options are checked before anything is opened, and one it does not take
 * (such as `client`) is refused by name.
 */
export function serverPool<C extends ReusableConnection>(options: ServerPoolOptions<C['encoding']>, connect: (options: ConnectOptions<C['encoding']>) => Promise<C>): ConnectionPool<C> {
  const { connection, maxsize, acquireTimeout, address, encoding, db } = resolvePoolOptions(options);
  return new ConnectionPool({
    create: () => connect(connection),
    createServerWide: () => connect(serverWideOptions(connection)),
    maxsize,
    acquireTimeout,
    address,
    encoding,
    db,
  });
}

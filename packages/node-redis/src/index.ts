import type { Address, Encoding, PubsubKind } from 'aioredis-abc';
import { isUtf8 } from 'node:buffer';
import { adapt, readyEvent, type Adapter, type AdapterConnection, type ClientEvents, type ClientLink, type ConnectionPool, type ErrorKind, type ResolvedOptions } from 'aioredis-abc-kit';
import { ClientClosedError, ClientOfflineError, createClient, DEFAULT_RESP, DisconnectsClientError, ErrorReply, RESP_TYPES, SocketClosedUnexpectedlyError } from 'redis';

export type { ConnectOptions, ServerPoolOptions, ClientPoolOptions, SentinelPoolOptions, ClusterPoolOptions, WrapOptions } from 'aioredis-abc-kit';

/** Bulk and status strings as bytes: the connection decodes them itself. */
const asBytes = { typeMapping: { [RESP_TYPES.BLOB_STRING]: Buffer, [RESP_TYPES.SIMPLE_STRING]: Buffer } };

/** node-redis's errors for commands on a closed client or a lost socket. */
const closedErrors = [ClientClosedError, ClientOfflineError, DisconnectsClientError, SocketClosedUnexpectedlyError];

/** A client on RESP2 (RESP3 maps and sets would not be the contract's `Reply`) that neither reconnects nor queues offline. */
function create({ address, tls, keepAlive, connectTimeout }: ResolvedOptions<Encoding>) {
  const common = { reconnectStrategy: false as const, ...(connectTimeout === null ? {} : { connectTimeout }) };
  const alive = keepAlive === false ? { keepAlive: false } : { keepAlive: true, keepAliveInitialDelay: keepAlive };
  const at = typeof address === 'string' ? { path: address } : tls === null ? { host: address[0], port: address[1], ...alive } : { host: address[0], port: address[1], ...tls, tls: true as const };
  return createClient({ RESP: 2, socket: { ...at, ...common }, disableOfflineQueue: true });
}

/** A node-redis client of one server, as `createClient()` makes it. */
export type NodeRedisClient = ReturnType<typeof create>;

/** A connection over one node-redis client, which neither reconnects nor queues offline: the kit's `AdapterConnection`. */
export type NodeRedisConnection<E extends Encoding> = AdapterConnection<NodeRedisClient, E>;

/** A pool of NodeRedisConnections, all to one server: the kit's `ConnectionPool`. */
export type NodeRedisPool<E extends Encoding> = ConnectionPool<NodeRedisConnection<E>>;

/**
 * What is wrong with a client given to `wrap()` or `createPool({ client })`, or `undefined`: it must speak
 * RESP2 (node-redis's default, `DEFAULT_RESP`, is RESP3), queue nothing offline, not reconnect (a connection
 * the server closed is closed), and be a client of one server (not a cluster or Sentinel client).
 */
export function clientProblem(client: unknown): string | undefined {
  if (typeof client !== 'object' || client === null || !('sendCommand' in client) || !('options' in client) || !('duplicate' in client)) {
    return 'it is not a node-redis client from createClient() (cluster and Sentinel clients wait for their own adapters)';
  }
  const options: unknown = client.options;
  if (typeof options !== 'object' || options === null) return 'its options cannot be read';
  const get = (key: string): unknown => Reflect.get(options, key);
  const socket = get('socket');
  const resp = get('RESP') ?? DEFAULT_RESP;
  if (resp !== 2) return `it speaks RESP${String(resp)}${get('RESP') === undefined ? " (node-redis's default)" : ''}: create it with RESP: 2`;
  if (get('disableOfflineQueue') !== true) return 'it queues commands while offline: create it with disableOfflineQueue: true';
  if (typeof socket !== 'object' || socket === null || Reflect.get(socket, 'reconnectStrategy') !== false) return 'it reconnects: create it with socket: { reconnectStrategy: false }';
  return undefined;
}

/** Resolves once the client is ready, connecting it if `connect()` was not called; a failed connect is an `'error'` after which the client is closed (it does not retry). */
function ready(client: NodeRedisClient): Promise<void> {
  if (client.isReady) return Promise.resolve();
  if (!client.isOpen) return client.connect().then(() => undefined);
  return readyEvent(client, () => new ClientClosedError(), () => !client.isOpen);
}

/** How node-redis calls a subscription's listener. */
type Listener = (message: Buffer, channel: Buffer) => void;

/** node-redis subscribes by string names: bytes are sent as their UTF-8 decoding, and must be valid UTF-8. */
function toName(name: string | Buffer): string {
  if (typeof name !== 'string' && !isUtf8(name)) throw new TypeError('node-redis subscribes by string names: a bytes name must be valid UTF-8');
  return name.toString();
}

/**
 * Hooks the client's events to the connection. node-redis emits `'end'` only when closed on purpose; a lost
 * socket is an `'error'` after which it is not open, and so is a reply it cannot parse (the connection closes
 * then, or its command would wait for good). `sharded-channel-moved`: the server dropped a shard channel.
 */
function attach(client: NodeRedisClient, events: ClientEvents): ClientLink {
  client.on('error', (error: unknown) => {
    if (classify(error) === 'protocol' && error instanceof Error) events.unparsable(error);
    else if (!client.isOpen) events.ended(error instanceof Error ? error : undefined);
  });
  client.on('end', () => events.ended());
  client.on('sharded-channel-moved', (channel: unknown) => {
    if (typeof channel === 'string') events.shardsUnsubscribed([channel]);
  });
  const pubsub = subscriber(client, events);
  return {
    send: (command, args) => client.sendCommand([command, ...args], asBytes),
    sendPubsub: (kind, names) => pubsub[kind](names.map(toName)),
    close: () => client.destroy(),
  };
}

/**
 * Each pub/sub command with node-redis, which calls every listener of a channel for each message: one listener
 * for all channels, one for all shard channels, one per pattern (a listener is not told the pattern). One
 * `PSUBSCRIBE` a pattern: when the server refuses one, the new ones before it are unsubscribed again (the
 * server refuses all or none), or if they cannot be, the connection closes.
 */
function subscriber(client: NodeRedisClient, events: ClientEvents): Record<PubsubKind, (names: string[]) => Promise<void>> {
  const onMessage: Listener = (message, channel) => events.message(channel, message);
  const onShardMessage: Listener = (message, channel) => events.shard(channel, message);
  const patterns = new Map<string, Listener>();
  const listener = (pattern: string): Listener => {
    const found = patterns.get(pattern) ?? ((message, channel) => events.pattern(pattern, channel, message));
    patterns.set(pattern, found);
    return found;
  };
  const psubscribe = async (names: string[]): Promise<void> => {
    const fresh = names.filter((pattern) => !patterns.has(pattern));
    try {
      for (const pattern of names) await client.pSubscribe(pattern, listener(pattern), true);
    } catch (error) {
      for (const pattern of fresh) patterns.delete(pattern);
      if (fresh.length > 0) await client.pUnsubscribe(fresh).catch(() => client.destroy());
      throw error;
    }
  };
  const punsubscribe = (names: string[]): Promise<void> => {
    for (const pattern of names) patterns.delete(pattern);
    return client.pUnsubscribe(names);
  };
  const subscribe = (names: string[]): Promise<void> => client.subscribe(names, onMessage, true);
  const ssubscribe = (names: string[]): Promise<void> => client.sSubscribe(names, onShardMessage, true);
  return { subscribe, psubscribe, ssubscribe, punsubscribe, unsubscribe: (names) => client.unsubscribe(names), sunsubscribe: (names) => client.sUnsubscribe(names) };
}

/** Tells node-redis's reply errors, closed-client errors and parser errors apart. */
function classify(error: unknown): ErrorKind {
  if (error instanceof ErrorReply) return 'reply';
  if (closedErrors.some((type) => error instanceof type)) return 'closed';
  return error instanceof Error && /Unknown RESP type/.test(error.message) ? 'protocol' : 'other';
}

/** The node-redis adapter: what differs for a node-redis client of one server. */
export const nodeRedis: Adapter<NodeRedisClient> = {
  name: 'node-redis',
  create,
  ready,
  attach,
  classify,
  duplicate: (client) => client.duplicate(),
  where(client) {
    const socket: object = client.options?.socket ?? {};
    const [path, host, port] = ['path', 'host', 'port'].map((key): unknown => Reflect.get(socket, key));
    const address: Address = typeof path === 'string' ? path : [typeof host === 'string' ? host : '127.0.0.1', typeof port === 'number' ? port : 6379];
    return { address, db: client.options?.database ?? 0, tls: Reflect.get(socket, 'tls') === true };
  },
  problem: clientProblem,
};

export const { connect, wrap, createPool, createSentinelPool, createClusterPool } = adapt(nodeRedis);

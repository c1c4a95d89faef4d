import type { Encoding } from 'aioredis-abc';
import { adapt, type Adapter, type AdapterConnection, type ClientEvents, type ClientLink, type ConnectionPool, type ErrorKind, readyEvent, type ResolvedOptions } from 'aioredis-abc-kit';
import { Redis } from 'ioredis';

export type { ConnectOptions, ServerPoolOptions, ClientPoolOptions, SentinelPoolOptions, ClusterPoolOptions, WrapOptions } from 'aioredis-abc-kit';

/** A connection over one ioredis client, which neither reconnects nor queues offline: the kit's `AdapterConnection`. */
export type IoredisConnection<E extends Encoding> = AdapterConnection<Redis, E>;

/** A pool of IoredisConnections, all to one server: the kit's `ConnectionPool`. */
export type IoredisPool<E extends Encoding> = ConnectionPool<IoredisConnection<E>>;

/** ioredis's own texts for a command on a connection that is closed, or whose socket is gone. */
const closedMessages = new Set(['Connection is closed.', "Stream isn't writeable and enableOfflineQueue options is false"]);

/**
 * What is wrong with a client given to `wrap()` or `createPool({ client })`, or
 * `undefined`: it must speak RESP2, queue nothing offline, not reconnect (a
 * connection the server closed is closed), have no key prefix (keys are sent as
 * given), be a client of one server (not `Cluster`, not Sentinel), not ended.
 */
export function clientProblem(client: unknown): string | undefined {
  if (!(client instanceof Redis)) return 'it is not an ioredis Redis client (a Cluster client waits for its own adapter)';
  const options = client.options;
  if (options.sentinels !== null && options.sentinels !== undefined && options.sentinels.length > 0) return 'it is a Sentinel client, which waits for its own adapter';
  if (options.protocol !== 2) return 'it speaks RESP3: create it with protocol: 2';
  if (options.enableOfflineQueue !== false) return 'it queues commands while offline: create it with enableOfflineQueue: false';
  if (options.retryStrategy?.(1) !== null && options.retryStrategy?.(1) !== undefined) return 'it reconnects: create it with retryStrategy: () => null';
  if (options.keyPrefix !== undefined && options.keyPrefix !== '') return 'it has a keyPrefix, which would change the keys the contract sends';
  if (client.status === 'end' || client.status === 'close') return 'it is closed';
  return undefined;
}

/**
 * A client on RESP2 (ioredis 6 speaks RESP3 by default) that does not reconnect,
 * queue offline or resubscribe. The kit's handshake sends `AUTH`, `CLIENT
 * SETNAME` and `SELECT`: ioredis reports a refused `SELECT` as an event and
 * carries on in database 0. ioredis arms keep-alive whenever it is a number, 0
 * included, so `false` turns it off once connected.
 */
function create({ address, tls, keepAlive, connectTimeout }: ResolvedOptions<Encoding>): Redis {
  const redis = new Redis({
    ...(typeof address === 'string' ? { path: address } : { host: address[0], port: address[1] }),
    ...(tls === null ? {} : { tls }),
    ...(keepAlive === false ? {} : { keepAlive }),
    ...{ connectTimeout: connectTimeout ?? 0, protocol: 2, lazyConnect: true, enableReadyCheck: false, retryStrategy: () => null },
    ...{ enableOfflineQueue: false, autoResubscribe: false, maxRetriesPerRequest: 0 },
  });
  if (keepAlive === false) redis.once('ready', () => redis.stream.setKeepAlive(false));
  return redis;
}

/**
 * Resolves once the client is ready, connecting it when it waits for that
 * (`lazyConnect`). ioredis reports a failed connect as an `'error'`, then ends
 * the client (`'end'`), since it does not retry: that error is the rejection.
 */
function ready(redis: Redis): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  const opened = readyEvent(redis, (cause) => cause ?? new Error('Connection is closed.'));
  if (redis.status === 'wait') redis.connect().catch(() => undefined);
  return opened;
}

/**
 * Keeps ioredis in subscriber mode while its own record of the subscriptions
 * is not empty. ioredis leaves that mode when any unsubscribe is confirmed with
 * a count of 0, but Redis counts shard channels apart: `UNSUBSCRIBE` of the
 * last channel confirms 0 while shard channels are still subscribed, and
 * ioredis would drop their messages. The client's `condition` is replaced on each connect.
 */
function keepSubscriberMode(redis: Redis): void {
  const condition = redis.condition;
  if (!condition) return;
  let subscriber = condition.subscriber;
  const set = (value: typeof subscriber): void => {
    if (value !== false || subscriber === false || subscriber.isEmpty()) subscriber = value;
  };
  Object.defineProperty(condition, 'subscriber', { configurable: true, enumerable: true, get: () => subscriber, set });
}

/**
 * Hooks the client's events to the connection. ioredis emits `moved`, without
 * a name, when the server unsubscribed shard channels on its own, and when it
 * refuses `SSUBSCRIBE` with `MOVED`.
 */
function attach(redis: Redis, events: ClientEvents): ClientLink {
  let lastError: Error | undefined;
  redis.on('error', (error: unknown) => {
    if (error instanceof Error) lastError = error;
  });
  redis.on('messageBuffer', (channel: Buffer, message: Buffer) => events.message(channel, message));
  redis.on('smessageBuffer', (channel: Buffer, message: Buffer) => events.shard(channel, message));
  redis.on('pmessageBuffer', (pattern: string, channel: Buffer, message: Buffer) => events.patternText(pattern, channel, message));
  keepSubscriberMode(redis);
  redis.on('connect', () => keepSubscriberMode(redis));
  redis.on('moved', () => events.shardsMoved());
  redis.on('end', () => events.ended(lastError));
  return {
    // Commands sent in one tick while others are in flight leave in one write: ioredis writes each by itself, a system call each.
    send(command, args) {
      if (events.connection.pendingCommands > 0 && redis.stream.writableCorked === 0) {
        const stream = redis.stream;
        stream.cork();
        process.nextTick(() => stream.uncork());
      }
      return redis.callBuffer(command, args);
    },
    sendPubsub: async (kind, names) => void (await redis.callBuffer(kind, [...names])),
    close: () => redis.disconnect(),
    shardChannels: (subscriber = redis.condition?.subscriber) => (subscriber ? subscriber.channels('ssubscribe') : []),
  };
}

/** The ioredis adapter: what differs for an ioredis `Redis` client. */
export const ioredis: Adapter<Redis> = {
  name: 'ioredis',
  create,
  ready,
  attach,
  classify(error: unknown): ErrorKind {
    if (!(error instanceof Error)) return 'other';
    if (error.name === 'ReplyError') return 'reply';
    if (error.name === 'ParserError' || /Unknown RESP type|Protocol error|Please report this/.test(error.message)) return 'protocol';
    return closedMessages.has(error.message) ? 'closed' : 'other';
  },
  duplicate: (client) => client.duplicate({ lazyConnect: true }),
  where(client) {
    const { path, host, port, db, tls } = client.options;
    return { address: typeof path === 'string' && path !== '' ? path : [host ?? '127.0.0.1', port ?? 6379], db: db ?? 0, tls: tls !== undefined };
  },
  problem: clientProblem,
};

export const { connect, wrap, createPool, createSentinelPool, createClusterPool } = adapt(ioredis);

// aioredis-abc-socket: the contract's connection over a RESP2 transport of its own, and the parts it is made of.
import type { Encoding } from 'aioredis-abc';
import { adaptOwn, type AdapterConnection, type ConnectionPool } from 'aioredis-abc-kit';
import { socketAdapter, type SocketClient } from './client.js';

export type { ConnectOptions, ServerPoolOptions, SentinelPoolOptions, ClusterPoolOptions } from 'aioredis-abc-kit';
export { socketAdapter, SocketClient } from './client.js';
export { RespParser, ErrorReply, RespProtocolError, HAS_ERROR, UNDECODABLE, type ParsedReply, type ReplySink } from './parser.js';
export { decodeText } from './text.js';
export { CommandEncoder, type CommandArg } from './encoder.js';
export { ReplyQueue, type Resolve, type Reject } from './queue.js';
export { Transport, connectTransport, type ConnectOptions as TransportConnectOptions, type Push, type TransportOptions } from './transport.js';

/** A connection over the package's own socket: the kit's `AdapterConnection`. */
export type SocketConnection<E extends Encoding> = AdapterConnection<SocketClient, E>;

/** A pool of SocketConnections, all to one server: the kit's `ConnectionPool`. */
export type SocketPool<E extends Encoding> = ConnectionPool<SocketConnection<E>>;

export const { connect, createPool, createSentinelPool, createClusterPool } = adaptOwn(socketAdapter);

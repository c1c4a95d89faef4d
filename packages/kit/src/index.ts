export { splitCommand, pubsubKind, isChannelName, plainChannel, patternChannel, keyOf, type CommandCall } from './arguments.js';
export { PlainChannel, PatternChannel } from './channel.js';
export {
  RedisError,
  ReplyError,
  MaxClientsError,
  AuthError,
  ProtocolError,
  ChannelClosedError,
  ConnectionClosedError,
  ConnectionForcedCloseError,
  PoolClosedError,
  replyError,
} from './errors.js';
export { ReadonlyMapView, pubsubDictionary } from './readonly-map.js';
export { ConnectionPool, type PooledConnection, type PoolOptions } from './pool.js';
export {
  ClientConnection,
  checkOptions,
  type ConnectOptions,
  type ServerPoolOptions,
  type ErrorKind,
  type WireArg,
} from './client-connection.js';

export {
  splitCommand,
  checkExecutable,
  bufferEncoding,
  commandName,
  pubsubKind,
  isPatternKind,
  isChannelName,
  checkTargets,
  plainChannel,
  patternChannel,
  keyOf,
  type CommandCall,
  type Target,
} from './arguments.js';
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
  TimeoutError,
  ReadOnlyError,
  MasterNotFoundError,
  SlaveNotFoundError,
  replyError,
} from './errors.js';
export { ReadonlyMapView, pubsubDictionary } from './readonly-map.js';
export { ConnectionPool, poolOf, type ReusableConnection, type PoolOptions, type PoolOpener } from './pool.js';
export { ClientConnection, connectError, openWithin, serverRefusal, decode, type ErrorKind, type ShardsMovedHandler, type WireArg } from './client-connection.js';
export {
  resolveOptions,
  resolvePoolOptions,
  resolveClientPoolOptions,
  resolveSentinelPoolOptions,
  resolveClusterPoolOptions,
  isClientPool,
  connectOptions,
  checkMaxsize,
  defaultTimeout,
  type ConnectOptions,
  type ServerPoolOptions,
  type ResolvedOptions,
  type ResolvedPoolOptions,
  type ClientPoolOptions,
  type SentinelPoolOptions,
  type ClusterPoolOptions,
  type ResolvedSentinelPoolOptions,
  type ResolvedClusterPoolOptions,
} from './options.js';
export { parseRedisUrl, type UrlParts } from './url.js';
export { Subscriptions, isUnsubscribe, type Added } from './subscriptions.js';
export { commandNature, isSubscription, type CommandNature, type PoolRoute, type StateChange } from './commands.js';
export { globMatch, globMatcher } from './glob.js';
export { SentinelPool, type Connector } from './sentinel.js';
export { ClusterPool } from './cluster.js';
export { commandSlot } from './cluster-slots.js';
export { adapt, type Adapted } from './adapt.js';
export { AdapterConnection } from './adapter-connection.js';
export type { Adapter, ClientEvents, ClientLink, ClientPlace, WrapOptions } from './adapter.js';
export { readyEvent } from './client-ready.js';

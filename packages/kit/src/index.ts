export { splitCommand, checkExecutable, bufferEncoding, commandName, type CommandCall } from './arguments.js';
export { pubsubKind, isPatternKind, isChannelName, checkTargets, plainChannel, patternChannel, type Target } from './pubsub-targets.js';
export { keyOf } from './channel-keys.js';
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
export { ConnectionPool } from './pool.js';
export { type ReusableConnection, type PoolOptions } from './pool-types.js';
export { poolOf, type PoolOpener } from './pool-opener.js';
export { ClientConnection } from './client-connection.js';
export { connectError, openWithin, serverRefusal, type ErrorKind } from './connecting.js';
export { type ShardsMovedHandler } from './connection-pubsub.js';
export { decode } from './decoding.js';
export { type WireArg } from './wire.js';
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
export { commandNature, isSubscription, type CommandNature, type PoolRoute, type StateChange } from './command-nature.js';
export { globMatch, globMatcher } from './glob.js';
export { SentinelPool } from './sentinel.js';
export { type Connector } from './multi-node.js';
export { ClusterPool } from './cluster.js';
export { commandSlot } from './cluster-slots.js';
export { adapt, adaptOwn, type Adapted, type OwnAdapted } from './adapt.js';
export { AdapterConnection } from './adapter-connection.js';
export type { Adapter, OwnAdapter, ClientEvents, ClientLink, ClientPlace, WrapOptions } from './adapter.js';
export { readyEvent } from './client-ready.js';

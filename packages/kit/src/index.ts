// The kit's public surface: what applications meet through an implementation
// (channels, errors, pools, options), then what an implementation is built
// from (the adapter declaration, the shared connection and its helpers).
// api/aioredis-abc-kit.api.d.ts reports it; a change to it needs a changeset.
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
export { ConnectionPool } from './pool.js';
export { SentinelPool } from './sentinel.js';
export { ClusterPool } from './cluster.js';
export type { ConnectOptions, ServerPoolOptions, ClientPoolOptions, SentinelPoolOptions, ClusterPoolOptions, ResolvedOptions } from './options.js';

export { adapt, adaptOwn, type Adapted, type OwnAdapted } from './adapt.js';
export type { Adapter, OwnAdapter, ClientEvents, ClientLink, ClientPlace, WrapOptions } from './adapter.js';
export { AdapterConnection } from './adapter-connection.js';
export { readyEvent } from './client-ready.js';
export { ClientConnection } from './client-connection.js';
export type { ErrorKind } from './connecting.js';
export type { WireArg } from './wire.js';
export type { ReusableConnection, PoolOptions } from './pool-types.js';
export type { Connector } from './multi-node.js';
export { resolveOptions, checkMaxsize, defaultTimeout } from './options.js';
export { keyOf } from './channel-keys.js';
export { globMatch } from './glob.js';

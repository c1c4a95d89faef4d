// The interfaces.
export type { AbcConnection } from './types/connection';
export type { AbcPool, PooledConnection } from './types/pool';
export type { AbcChannel, AbcChannelBase, AbcPlainChannel, AbcPatternChannel } from './types/channel';

// Commands and replies.
export type { CommandName, CommandArg, ExecuteArgs, ExecuteOptions } from './types/command';
export type { Encoding, BulkString, Reply, ReplyArray } from './types/reply';
export type { Address, TcpAddress } from './types/address';

// Pub/sub.
export type { ChannelName, RawMessage, PatternMessage, ChannelMessage, MessageDecoder } from './types/channel';
export type {
  PubsubCommand,
  PlainPubsubCommand,
  PatternPubsubCommand,
  ShardPubsubCommand,
  PubsubTarget,
  PlainChannelTarget,
  PatternChannelTarget,
  ChannelOfKind,
  TargetKind,
  ChannelNamesOnly,
  PubsubTargets,
  PubsubKind,
  PubsubConfirmation,
  PubsubDictionary,
} from './types/pubsub';

// Errors, as shapes.
export type {
  RedisError,
  RedisErrorName,
  ProtocolError,
  ReplyError,
  MaxClientsError,
  AuthError,
  PipelineError,
  MultiExecError,
  WatchVariableError,
  ChannelClosedError,
  ConnectionClosedError,
  ConnectionForcedCloseError,
  PoolClosedError,
  TimeoutError,
  ReadOnlyError,
  MasterNotFoundError,
  SlaveNotFoundError,
} from './types/errors';

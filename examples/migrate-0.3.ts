// examples/migrate-0.3.ts: the "after" code of 0.3's new error name and pub/sub kinds in CHANGELOG.md, compiled by npm run typecheck.
import type { PubsubKind, RedisErrorName } from 'aioredis-abc';

// Code that names every error of the contract names TimeoutError too.
export const advice: Record<RedisErrorName, string> = {
  RedisError: 'a Redis error',
  ProtocolError: 'reconnect',
  ReplyError: 'fix the command',
  MaxClientsError: 'retry later',
  AuthError: 'check the password',
  PipelineError: 'retry the pipeline',
  MultiExecError: 'retry the transaction',
  WatchVariableError: 'retry the transaction',
  ChannelClosedError: 'subscribe again',
  ConnectionClosedError: 'reconnect',
  ConnectionForcedCloseError: 'closed on purpose',
  PoolClosedError: 'closed on purpose',
  TimeoutError: 'the server is slow or stalled: retry, or give more time',
  ReadOnlyError: 'write to the master',
  MasterNotFoundError: 'wait for Sentinel',
  SlaveNotFoundError: 'read from the master',
};

// Code that names every pub/sub kind names the two shard kinds (Redis 7's
// SSUBSCRIBE and SUNSUBSCRIBE) too; their count is of shard channels only.

export const subscribes: Record<PubsubKind, boolean> = {
  subscribe: true,
  psubscribe: true,
  ssubscribe: true,
  unsubscribe: false,
  punsubscribe: false,
  sunsubscribe: false,
};

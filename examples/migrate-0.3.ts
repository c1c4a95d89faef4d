// examples/migrate-0.3.ts: the "after" code of 0.3's new error name in CHANGELOG.md, compiled by npm run typecheck.
import type { RedisErrorName } from 'aioredis-abc';

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

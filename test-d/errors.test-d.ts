import { expectAssignable, expectNotAssignable, expectType } from 'tsd';
import type {
  AuthError,
  ChannelClosedError,
  ConnectionClosedError,
  ConnectionForcedCloseError,
  MasterNotFoundError,
  MaxClientsError,
  MultiExecError,
  PipelineError,
  PoolClosedError,
  TimeoutError,
  ProtocolError,
  ReadOnlyError,
  RedisError,
  RedisErrorName,
  ReplyError,
  SlaveNotFoundError,
  WatchVariableError,
} from 'aioredis-abc';

// Every error is an Error and a RedisError.
expectAssignable<Error>({} as RedisError);
expectAssignable<RedisError>({} as ProtocolError);
expectAssignable<RedisError>({} as ChannelClosedError);
expectAssignable<RedisError>({} as PoolClosedError);
expectAssignable<RedisError>({} as TimeoutError);
expectNotAssignable<ConnectionClosedError>({} as TimeoutError);
expectAssignable<RedisError>({} as ReadOnlyError);
expectAssignable<RedisError>({} as MasterNotFoundError);
expectAssignable<RedisError>({} as SlaveNotFoundError);

// The hierarchy of aioredis.errors.
expectAssignable<ReplyError>({} as MaxClientsError);
expectAssignable<ReplyError>({} as AuthError);
expectAssignable<PipelineError>({} as MultiExecError);
expectAssignable<MultiExecError>({} as WatchVariableError);
expectAssignable<PipelineError>({} as WatchVariableError);
expectAssignable<ConnectionClosedError>({} as ConnectionForcedCloseError);
expectNotAssignable<ReplyError>({} as ConnectionClosedError);
expectNotAssignable<ConnectionClosedError>({} as PoolClosedError);
expectNotAssignable<AuthError>({} as ReplyError);

// Each shape names itself; a parent's name covers its descendants.
expectType<'ChannelClosedError'>(({} as ChannelClosedError).name);
expectType<'ReplyError' | 'MaxClientsError' | 'AuthError'>(({} as ReplyError).name);
expectType<'ConnectionClosedError' | 'ConnectionForcedCloseError'>(({} as ConnectionClosedError).name);

// An error of an implementation fits its shape when its name is right.
class ReplyErrorImpl extends Error {
  override readonly name = 'ReplyError';
}
expectAssignable<ReplyError>(new ReplyErrorImpl('ERR unknown command'));
expectAssignable<RedisError>(new ReplyErrorImpl('ERR unknown command'));
expectNotAssignable<ReplyError>(new Error('ERR'));
class Misnamed extends Error {
  override readonly name = 'ReplyErorr';
}
expectNotAssignable<RedisError>(new Misnamed());

// The names are the fifteen of the hierarchy.
expectAssignable<RedisErrorName>('WatchVariableError');
expectNotAssignable<RedisErrorName>('Error');
declare const names: Record<RedisErrorName, true>;
expectType<{
  RedisError: true;
  ProtocolError: true;
  ReplyError: true;
  MaxClientsError: true;
  AuthError: true;
  PipelineError: true;
  MultiExecError: true;
  WatchVariableError: true;
  ChannelClosedError: true;
  ConnectionClosedError: true;
  ConnectionForcedCloseError: true;
  PoolClosedError: true;
  TimeoutError: true;
  ReadOnlyError: true;
  MasterNotFoundError: true;
  SlaveNotFoundError: true;
}>(names);

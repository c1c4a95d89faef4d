// examples/errors.ts: error classes that fit the contract's error shapes; the adapters throw them.
import type * as abc from 'aioredis-abc';

export class RedisError extends Error implements abc.RedisError {
  override readonly name: abc.RedisErrorName = 'RedisError';
}

export class ReplyError extends RedisError implements abc.ReplyError {
  override readonly name: abc.ReplyError['name'] = 'ReplyError';
}

export class MaxClientsError extends ReplyError implements abc.MaxClientsError {
  override readonly name = 'MaxClientsError';
}

export class AuthError extends ReplyError implements abc.AuthError {
  override readonly name = 'AuthError';
}

export class ProtocolError extends RedisError implements abc.ProtocolError {
  override readonly name = 'ProtocolError';
}

export class ChannelClosedError extends RedisError implements abc.ChannelClosedError {
  override readonly name = 'ChannelClosedError';
}

export class ConnectionClosedError extends RedisError implements abc.ConnectionClosedError {
  override readonly name: abc.ConnectionClosedError['name'] = 'ConnectionClosedError';
}

export class ConnectionForcedCloseError extends ConnectionClosedError implements abc.ConnectionForcedCloseError {
  override readonly name = 'ConnectionForcedCloseError';
}

export class PoolClosedError extends RedisError implements abc.PoolClosedError {
  override readonly name = 'PoolClosedError';
}

/** The reply error for an error reply's text, more specific where Redis says so. */
export function replyError(message: string, cause: Error): ReplyError {
  if (message.startsWith('ERR max number of clients reached')) return new MaxClientsError(message, { cause });
  if (/^(NOAUTH|WRONGPASS)\b/.test(message)) return new AuthError(message, { cause });
  return new ReplyError(message, { cause });
}

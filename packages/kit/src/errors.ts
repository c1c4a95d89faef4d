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

/** Not a `ReplyError`, as in aioredis: code that catches reply errors does not catch a write to a replica. */
export class ReadOnlyError extends RedisError implements abc.ReadOnlyError {
  override readonly name = 'ReadOnlyError';
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

/** The connection was closed on purpose, by `close()`. */
export class ConnectionForcedCloseError extends ConnectionClosedError implements abc.ConnectionForcedCloseError {
  override readonly name = 'ConnectionForcedCloseError';
}

export class PoolClosedError extends RedisError implements abc.PoolClosedError {
  override readonly name = 'PoolClosedError';
}

/** Opening a connection, a command's reply, or a connection from a pool took longer than it was given. */
export class TimeoutError extends RedisError implements abc.TimeoutError {
  override readonly name = 'TimeoutError';
}

/** The error for an error reply's text: the subclass Redis's prefix names, as aioredis picks it. */
export function replyError(message: string, cause?: Error): ReplyError | ReadOnlyError {
  const options = cause ? { cause } : {};
  if (message.startsWith('READONLY')) return new ReadOnlyError(message, options);
  if (message.startsWith('ERR max number of clients reached')) return new MaxClientsError(message, options);
  if (/^(NOAUTH|WRONGPASS)\b|^ERR invalid password|^ERR Client sent AUTH, but no password is set|^ERR AUTH <password> called without any password configured/.test(message)) {
    return new AuthError(message, options);
  }
  return new ReplyError(message, options);
}

/** Sentinel knows no master for the service, or none of what it names is reachable and a master. */
export class MasterNotFoundError extends RedisError implements abc.MasterNotFoundError {
  override readonly name = 'MasterNotFoundError';
}

/** Sentinel knows no replica for the service, or none of what it names is reachable and a replica. Python's name is kept. */
export class SlaveNotFoundError extends RedisError implements abc.SlaveNotFoundError {
  override readonly name = 'SlaveNotFoundError';
}

/**
 * The base of every error of the contract: the shape of an implementation's
 * own `Error`, told apart by `name`.
 *
 * @example
 * ```ts
 * const isReplyError = error instanceof Error && error.name === 'ReplyError';
 * ```
 */
export interface RedisError extends Error {
  /** The error's kind: one of the names of the hierarchy. */
  readonly name: RedisErrorName;
}

/** The name of each error of the contract. */
export type RedisErrorName =
  | 'RedisError'
  | ProtocolError['name']
  | ReplyError['name']
  | PipelineError['name']
  | ChannelClosedError['name']
  | ConnectionClosedError['name']
  | PoolClosedError['name']
  | TimeoutError['name']
  | ReadOnlyError['name']
  | MasterNotFoundError['name']
  | SlaveNotFoundError['name'];

/** The reply stream could not be parsed: the connection is no longer usable. */
export interface ProtocolError extends RedisError {
  /** Its kind. */
  readonly name: 'ProtocolError';
}

/**
 * The server answered a command with an error reply; `message` is its text.
 * `READONLY` replies are not reply errors: they reject with a `ReadOnlyError`.
 */
export interface ReplyError extends RedisError {
  /** Its kind; a subclass's name too. */
  readonly name: 'ReplyError' | MaxClientsError['name'] | AuthError['name'];
}

/**
 * The server answered `ERR max number of clients reached`: it has reached
 * `maxclients`. The connection that received it closes.
 */
export interface MaxClientsError extends ReplyError {
  /** Its kind. */
  readonly name: 'MaxClientsError';
}

/**
 * Authentication failed, or is required and was not done: the server answered
 * `NOAUTH`, `WRONGPASS` or `ERR invalid password`.
 */
export interface AuthError extends ReplyError {
  /** Its kind. */
  readonly name: 'AuthError';
}

/**
 * A pipeline failed: for pipeline APIs on the interfaces. An
 * implementation of the three interfaces never rejects with one: a command's
 * error reply rejects that command with a `ReplyError`.
 */
export interface PipelineError extends RedisError {
  /** Its kind; a subclass's name too. */
  readonly name: 'PipelineError' | MultiExecError['name'];
}

/**
 * A transaction failed: for transaction APIs on the interfaces. An
 * implementation of the three interfaces never rejects with one: an error reply
 * inside the reply to `EXEC` rejects `execute('EXEC')` with that `ReplyError`.
 */
export interface MultiExecError extends PipelineError {
  /** Its kind; a subclass's name too. */
  readonly name: 'MultiExecError' | WatchVariableError['name'];
}

/**
 * A watched key changed: for transaction APIs on the interfaces. An
 * implementation of the three interfaces never rejects with one:
 * `execute('EXEC')` after a failed `WATCH` resolves with `null`, the server's
 * nil reply.
 */
export interface WatchVariableError extends MultiExecError {
  /** Its kind. */
  readonly name: 'WatchVariableError';
}

/** `get()` was called on a channel that is closed and drained, or the channel closed while `get()` waited. */
export interface ChannelClosedError extends RedisError {
  /** Its kind. */
  readonly name: 'ChannelClosedError';
}

/**
 * The connection is closed. A command pending when the connection is lost or
 * sent after rejects with one, and subscribed channels are closed with it.
 */
export interface ConnectionClosedError extends RedisError {
  /** Its kind; a subclass's name too. */
  readonly name: 'ConnectionClosedError' | ConnectionForcedCloseError['name'];
}

/**
 * The connection was closed by `close()`. A command pending when `close()` is
 * called or sent after rejects with one, and subscribed channels are closed
 * with it.
 */
export interface ConnectionForcedCloseError extends ConnectionClosedError {
  /** Its kind. */
  readonly name: 'ConnectionForcedCloseError';
}

/**
 * `acquire()`, `execute()` and `executePubsub()` on a closed pool reject with
 * one.
 */
export interface PoolClosedError extends RedisError {
  /** Its kind. */
  readonly name: 'PoolClosedError';
}

/**
 * Something took longer than the time it was given: opening a connection, a
 * command's reply, or a connection from a pool. An implementation that takes
 * timeouts rejects with one; a command that times out closes its connection, so
 * its late reply reaches no other command.
 *
 * Decision: a `RedisError`, where aioredis raises `asyncio.TimeoutError`.
 */
export interface TimeoutError extends RedisError {
  /** Its kind. */
  readonly name: 'TimeoutError';
}

/**
 * A write command was sent to a read-only replica: `execute()` rejects with one
 * when the server answers `READONLY`. It is not a `ReplyError`, as in aioredis.
 */
export interface ReadOnlyError extends RedisError {
  /** Its kind. */
  readonly name: 'ReadOnlyError';
}

/**
 * A pool over Sentinel rejects with one when it finds no reachable master of
 * the service in time.
 */
export interface MasterNotFoundError extends RedisError {
  /** Its kind. */
  readonly name: 'MasterNotFoundError';
}

/**
 * A pool of a service's replicas rejects with one when it finds no reachable
 * replica in time.
 */
export interface SlaveNotFoundError extends RedisError {
  /** Its kind. */
  readonly name: 'SlaveNotFoundError';
}

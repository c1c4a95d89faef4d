/*
 * The errors of the contract, as shapes. The package has no run-time code, so
 * nothing here is a class: an implementation throws its own errors, each an
 * `Error` whose `name` is the one its interface names. Each interface's `name`
 * is the union of its own name and its descendants', so an error of a subclass
 * fits its parent's shape.
 */

/**
 * The base of every Redis error of the contract. Check for one with `name`.
 *
 * @example
 * ```ts
 * try {
 *   await conn.execute('GET', key);
 * } catch (error) {
 *   if (error instanceof Error && error.name === 'ReplyError') {
 *     // the server answered with an error reply
 *   }
 * }
 * ```
 */
export interface RedisError extends Error {
  /** The error's kind: one of the names of the hierarchy. */
  readonly name: RedisErrorName;
}

/** Every name an error of the contract can have. */
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
  /** Always `'ProtocolError'`. */
  readonly name: 'ProtocolError';
}

/**
 * The server answered a command with an error reply; `message` is its text.
 * `READONLY` replies are not reply errors: they reject with a `ReadOnlyError`.
 */
export interface ReplyError extends RedisError {
  /** `'ReplyError'`, or the name of a more specific reply error. */
  readonly name: 'ReplyError' | MaxClientsError['name'] | AuthError['name'];
}

/**
 * The server answered `ERR max number of clients reached`: it has reached
 * `maxclients`. The connection that received it closes.
 */
export interface MaxClientsError extends ReplyError {
  /** Always `'MaxClientsError'`. */
  readonly name: 'MaxClientsError';
}

/**
 * Authentication failed, or is required and was not done: the server answered
 * `NOAUTH`, `WRONGPASS` or `ERR invalid password`.
 */
export interface AuthError extends ReplyError {
  /** Always `'AuthError'`. */
  readonly name: 'AuthError';
}

/**
 * One or more commands of a pipeline failed.
 * An implementation of the three interfaces never rejects with one: a command's
 * error reply rejects that command with a `ReplyError`. It belongs to pipeline
 * APIs built on top of them, as aioredis's `Pipeline` is built on its connection.
 */
export interface PipelineError extends RedisError {
  /** `'PipelineError'`, or the name of a more specific pipeline error. */
  readonly name: 'PipelineError' | MultiExecError['name'];
}

/**
 * A `MULTI`/`EXEC` transaction failed.
 * An implementation of the three interfaces never rejects with one: an error
 * reply inside the reply to `EXEC` rejects `execute('EXEC')` with that
 * `ReplyError`. It belongs to transaction APIs built on top of them, as
 * aioredis's `MultiExec`.
 */
export interface MultiExecError extends PipelineError {
  /** `'MultiExecError'`, or `'WatchVariableError'`. */
  readonly name: 'MultiExecError' | WatchVariableError['name'];
}

/**
 * A transaction was discarded because a watched key changed.
 * An implementation of the three interfaces never rejects with one:
 * `execute('EXEC')` after a failed `WATCH` resolves with `null`, the server's
 * nil reply. It belongs to transaction APIs built on top of them.
 */
export interface WatchVariableError extends MultiExecError {
  /** Always `'WatchVariableError'`. */
  readonly name: 'WatchVariableError';
}

/** `get()` was called on a channel that is closed and drained, or the channel closed while `get()` waited. */
export interface ChannelClosedError extends RedisError {
  /** Always `'ChannelClosedError'`. */
  readonly name: 'ChannelClosedError';
}

/**
 * The connection is closed. A command pending when the server or the network
 * closes the connection rejects with one, and every subscribed channel is closed
 * with it; so does a command sent on a connection already closed that way.
 * When `close()` closed the connection, the error is a
 * `ConnectionForcedCloseError`, which is a `ConnectionClosedError`.
 */
export interface ConnectionClosedError extends RedisError {
  /** `'ConnectionClosedError'`, or `'ConnectionForcedCloseError'`. */
  readonly name: 'ConnectionClosedError' | ConnectionForcedCloseError['name'];
}

/**
 * The connection was closed on purpose, by `close()`. A command pending when
 * `close()` is called rejects with one, and every subscribed channel is closed
 * with it; so does a command sent after `close()`.
 */
export interface ConnectionForcedCloseError extends ConnectionClosedError {
  /** Always `'ConnectionForcedCloseError'`. */
  readonly name: 'ConnectionForcedCloseError';
}

/**
 * A connection was asked of a closed pool: `acquire()`, `execute()` and
 * `executePubsub()` on a closed pool reject with one.
 */
export interface PoolClosedError extends RedisError {
  /** Always `'PoolClosedError'`. */
  readonly name: 'PoolClosedError';
}

/**
 * Something took longer than the time it was given: opening a connection, a
 * command's reply, or a connection from a pool. An implementation that takes
 * timeouts rejects with one; a command that times out leaves its connection
 * closed, so that its late reply reaches no other command.
 *
 * Decision: aioredis raises `asyncio.TimeoutError`, which is not a
 * `RedisError`; here it is one, so that one `catch` sees every error of the
 * contract.
 */
export interface TimeoutError extends RedisError {
  /** Always `'TimeoutError'`. */
  readonly name: 'TimeoutError';
}

/**
 * A write command was sent to a read-only replica: `execute()` rejects with one
 * when the server answers `READONLY`. It is not a `ReplyError`: its base is
 * `RedisError`, as in aioredis, so a `catch` for reply errors does not see it.
 */
export interface ReadOnlyError extends RedisError {
  /** Always `'ReadOnlyError'`. */
  readonly name: 'ReadOnlyError';
}

/**
 * Sentinel knows no master for the requested service.
 * A pool over Sentinel (an `AbcPool`, as aioredis's `ManagedPool` is) rejects
 * with one when no reachable master of the service is found in time.
 */
export interface MasterNotFoundError extends RedisError {
  /** Always `'MasterNotFoundError'`. */
  readonly name: 'MasterNotFoundError';
}

/**
 * Sentinel knows no replica for the requested service. Python's name is kept.
 * A pool of a service's replicas over Sentinel rejects with one when no
 * reachable replica is found in time.
 */
export interface SlaveNotFoundError extends RedisError {
  /** Always `'SlaveNotFoundError'`. */
  readonly name: 'SlaveNotFoundError';
}

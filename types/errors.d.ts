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
  | ReadOnlyError['name']
  | MasterNotFoundError['name']
  | SlaveNotFoundError['name'];

/** The reply stream could not be parsed: the connection is no longer usable. */
export interface ProtocolError extends RedisError {
  /** Always `'ProtocolError'`. */
  readonly name: 'ProtocolError';
}

/** The server answered a command with an error reply; `message` is its text. */
export interface ReplyError extends RedisError {
  /** `'ReplyError'`, or the name of a more specific reply error. */
  readonly name: 'ReplyError' | MaxClientsError['name'] | AuthError['name'];
}

/** The server refused the connection: it has reached `maxclients`. */
export interface MaxClientsError extends ReplyError {
  /** Always `'MaxClientsError'`. */
  readonly name: 'MaxClientsError';
}

/** Authentication failed, or is required and was not done. */
export interface AuthError extends ReplyError {
  /** Always `'AuthError'`. */
  readonly name: 'AuthError';
}

/** One or more commands of a pipeline failed. */
export interface PipelineError extends RedisError {
  /** `'PipelineError'`, or the name of a more specific pipeline error. */
  readonly name: 'PipelineError' | MultiExecError['name'];
}

/** A `MULTI`/`EXEC` transaction failed. */
export interface MultiExecError extends PipelineError {
  /** `'MultiExecError'`, or `'WatchVariableError'`. */
  readonly name: 'MultiExecError' | WatchVariableError['name'];
}

/** A transaction was discarded because a watched key changed. */
export interface WatchVariableError extends MultiExecError {
  /** Always `'WatchVariableError'`. */
  readonly name: 'WatchVariableError';
}

/** `get()` was called on a channel that is closed and drained, or the channel closed while `get()` waited. */
export interface ChannelClosedError extends RedisError {
  /** Always `'ChannelClosedError'`. */
  readonly name: 'ChannelClosedError';
}

/** A command was sent on, or was pending when closing, a closed connection. */
export interface ConnectionClosedError extends RedisError {
  /** `'ConnectionClosedError'`, or `'ConnectionForcedCloseError'`. */
  readonly name: 'ConnectionClosedError' | ConnectionForcedCloseError['name'];
}

/** The connection was closed by the server or the network, not by `close()`. */
export interface ConnectionForcedCloseError extends ConnectionClosedError {
  /** Always `'ConnectionForcedCloseError'`. */
  readonly name: 'ConnectionForcedCloseError';
}

/** A connection was asked of a closed pool. */
export interface PoolClosedError extends RedisError {
  /** Always `'PoolClosedError'`. */
  readonly name: 'PoolClosedError';
}

/** A write command was sent to a read-only replica. */
export interface ReadOnlyError extends RedisError {
  /** Always `'ReadOnlyError'`. */
  readonly name: 'ReadOnlyError';
}

/** Sentinel knows no master for the requested service. */
export interface MasterNotFoundError extends RedisError {
  /** Always `'MasterNotFoundError'`. */
  readonly name: 'MasterNotFoundError';
}

/** Sentinel knows no replica for the requested service. Python's name is kept. */
export interface SlaveNotFoundError extends RedisError {
  /** Always `'SlaveNotFoundError'`. */
  readonly name: 'SlaveNotFoundError';
}

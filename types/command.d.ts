import type { Encoding } from './reply';

/**
 * The name of a Redis command, in any case (the connection upper-cases it),
 * or the name as bytes.
 */
export type CommandName = string | Uint8Array;

/**
 * One argument of a command: a string, bytes or a number.
 * `null` and `undefined` are refused: an implementation rejects them with a
 * `TypeError` before anything is sent.
 */
export type CommandArg = string | Uint8Array | number;

/**
 * Options of one `execute()` call, given after the last argument.
 * Python: the keyword arguments of `execute()`.
 */
export interface ExecuteOptions<O extends Encoding = Encoding> {
  /**
   * The encoding of this call's reply, instead of the connection's:
   * a codec name to get strings, `null` to get bytes.
   * Python: `execute(..., encoding=...)`.
   */
  readonly encoding: O;
}

/**
 * The arguments of `execute()` after the command name: command arguments,
 * optionally followed by one `ExecuteOptions` object.
 * An implementation tells the options apart from the arguments by type: an
 * argument is never a plain object.
 */
export type ExecuteArgs<O extends Encoding = Encoding> = CommandArg[] | [...CommandArg[], ExecuteOptions<O>];

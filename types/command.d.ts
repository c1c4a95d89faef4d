import type { Encoding } from './reply';

/**
 * The name of a Redis command, in any case (the connection upper-cases it), or
 * the name as bytes. An empty name, or a name of another type, rejects the call
 * with a `TypeError` before anything is sent.
 */
export type CommandName = string | Uint8Array;

/**
 * One argument of a command: a string, bytes or a number. `null` and
 * `undefined` are refused: a call with one rejects with a `TypeError` before
 * anything is sent. A number is sent as `String(n)` on every implementation.
 * `NaN`, the infinities, lone surrogates and objects other than bytes and the
 * options reject the call with a `TypeError` before anything is sent.
 *
 * Decision: a non-finite number is refused, where aioredis sends `inf` and
 * `nan`; say `'+inf'` and `'-inf'`.
 */
export type CommandArg = string | Uint8Array | number;

/**
 * Options of one `execute()` call, given after the last argument. An object in
 * last place that is not `{ encoding }` rejects the call with a `TypeError`
 * that says so.
 */
export interface ExecuteOptions<O extends Encoding = Encoding> {
  /**
   * The encoding of this call's reply, instead of the connection's: a codec
   * name to get strings, `null` to get bytes.
   * Python: `execute(..., encoding=...)`.
   */
  readonly encoding: O;
}

/**
 * The arguments of `execute()` after the command name. An implementation reads
 * the options in last place only, and an options object anywhere else rejects
 * the call with a `TypeError`; it tells them apart by type, since an argument
 * is never a plain object.
 *
 * Decision: the type lets options stand anywhere: typing the last place cost
 * implementations a fifth more.
 */
export type ExecuteArgs<O extends Encoding = Encoding> = (CommandArg | ExecuteOptions<O>)[];

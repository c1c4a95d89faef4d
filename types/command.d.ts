import type { Encoding } from './reply';

/**
 * The name of a Redis command, in any case (the connection upper-cases it),
 * or the name as bytes.
 * An empty name, or a name of another type, rejects the call with a
 * `TypeError` before anything is sent.
 */
export type CommandName = string | Uint8Array;

/**
 * One argument of a command: a string, bytes or a number.
 * `null` and `undefined` are refused: a call with one rejects with a
 * `TypeError` before anything is sent. The compiler refuses them only under
 * `strictNullChecks`, where `null` and `undefined` are not part of every type.
 * A number is sent as the shortest text that reads back as the same number
 * (`String(n)`: `1.5`, `1e+21`), the same on every implementation.
 * `NaN`, `Infinity` and `-Infinity`, a string that is not well-formed UTF-16
 * (a lone surrogate, which UTF-8 cannot carry), and any other object than bytes
 * and the options reject the call with a `TypeError` before anything is sent.
 *
 * Decision: aioredis sends a float's `repr` (`inf`, `nan`); a non-finite number
 * is refused here, since no Redis command reads `NaN` as a number and the
 * infinities are better said as the strings `'+inf'` and `'-inf'`.
 */
export type CommandArg = string | Uint8Array | number;

/**
 * Options of one `execute()` call, given after the last argument.
 * An object in last place that is not `{ encoding }` rejects the call with a
 * `TypeError` that says so.
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
 * and one `ExecuteOptions` object in last place.
 *
 * An implementation reads the options in last place only, and an options
 * object anywhere else rejects the call with a `TypeError`; it tells them apart
 * by type, since an argument is never a plain object.
 *
 * Decision: the type lets the options stand anywhere, because typing "in last
 * place" takes a variadic tuple, which made every program that implements a
 * connection cost the compiler a fifth more than this package's other types
 * together: more than the rule is worth, when the first run of the code says it.
 */
export type ExecuteArgs<O extends Encoding = Encoding> = (CommandArg | ExecuteOptions<O>)[];


/**
 * The encoding setting of a connection or of one call: the name of the codec
 * that bulk-string replies are decoded with (for example `'utf-8'`), or `null`
 * to keep replies as raw bytes.
 * Python: the `encoding` argument.
 */
export type Encoding = string | null;

/**
 * A status or bulk-string reply as the encoding `E` delivers it: bytes
 * (`Uint8Array`, which Node's `Buffer` extends) when `E` is `null`, a `string`
 * when `E` names a codec, either one when `E` may be both.
 *
 * Without `strictNullChecks`, `null` is part of every type, so a codec name
 * cannot be told apart from "a codec name or `null`": there a reply of a
 * codec encoding is typed as either one, which is less precise but never false.
 *
 * @example
 * ```ts
 * type A = BulkString<'utf-8'>; // string
 * type B = BulkString<null>; // Uint8Array
 * type C = BulkString<string | null>; // string | Uint8Array
 * ```
 */
export type BulkString<E extends Encoding = Encoding> = E extends null
  ? Uint8Array
  : null extends string
    ? string | Uint8Array
    : string;

/**
 * One RESP2 reply as the encoding `E` delivers it: a status or bulk string,
 * an integer, `null` for a nil reply (a nil bulk string or a nil array), or an
 * array of replies (nested to any depth).
 * An error reply is never a value, not even inside an array (as in the reply
 * to `EXEC`): it rejects the command's promise with a `ReplyError` (or a
 * `ReadOnlyError`).
 *
 * Decision: `Reply` describes RESP2 only; an implementation over a client that
 * can speak RESP3 speaks RESP2, so that maps, sets, doubles and booleans never
 * reach a caller and every implementation resolves a command alike.
 */
export type Reply<E extends Encoding = Encoding> =
  | null
  | ([E] extends [null]
      ? Uint8Array | number | ReplyArray<Uint8Array>
      : null extends E
        ? string | Uint8Array | number | ReplyArray<string | Uint8Array>
        : string | number | ReplyArray<string>);

/**
 * An array reply whose bulk strings are `S` (`string`, `Uint8Array` or
 * either): its elements are replies of the same kind, so arrays nest.
 * The array is the caller's own, fresh for each reply, so it is not read-only.
 */
export type ReplyArray<S extends string | Uint8Array = string | Uint8Array> = Array<S | number | null | ReplyArray<S>>;

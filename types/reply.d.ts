/** The codec of bulk-string replies (`'utf-8'`), or `null` for bytes. */
export type Encoding = string | null;

/**
 * A status or bulk-string reply as the encoding `E` delivers it: bytes
 * (`Uint8Array`, which Node's `Buffer` extends) when `E` is `null`, a `string`
 * when `E` names a codec, either one when `E` may be both. Without
 * `strictNullChecks`, a codec encoding's reply is typed as either.
 */
export type BulkString<E extends Encoding = Encoding> = E extends null
  ? Uint8Array
  : null extends string
    ? string | Uint8Array
    : string;

/**
 * One RESP2 reply as the encoding `E` delivers it: a status or bulk string, an
 * integer, `null` for a nil reply (a nil bulk string or a nil array), or an
 * array of replies (nested to any depth). An error reply is never a value, not
 * even inside an array (as in the reply to `EXEC`): it rejects the command's
 * promise with a `ReplyError` (or a `ReadOnlyError`).
 */
export type Reply<E extends Encoding = Encoding> =
  | null
  | ([E] extends [null]
      ? Uint8Array | number | ReplyArray<Uint8Array>
      : null extends E
        ? string | Uint8Array | number | ReplyArray<string | Uint8Array>
        : string | number | ReplyArray<string>);

/**
 * An array reply whose bulk strings are `S`. The array is the caller's own,
 * fresh for each reply, so it is not read-only.
 */
export type ReplyArray<S extends string | Uint8Array = string | Uint8Array> = Array<S | number | null | ReplyArray<S>>;

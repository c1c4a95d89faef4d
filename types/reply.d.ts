/**
 * The encoding setting of a connection or of one call: the name of the codec
 * that bulk-string replies are decoded with (for example `'utf-8'`), or `null`
 * to keep replies as raw bytes.
 * Python: the `encoding` argument.
 */
export type Encoding = string | null;

/**
 * A status or bulk-string reply as the encoding `E` delivers it: a `string`
 * when `E` names a codec, bytes (`Uint8Array`, which Node's `Buffer` extends)
 * when `E` is `null`, either one when `E` is not known.
 *
 * @example
 * ```ts
 * type A = BulkString<'utf-8'>; // string
 * type B = BulkString<null>; // Uint8Array
 * ```
 */
export type BulkString<E extends Encoding = Encoding> = E extends null ? Uint8Array : string;

/**
 * One RESP reply as the encoding `E` delivers it: a status or bulk string,
 * an integer, `null` for a nil reply, or an array of replies (nested to any depth).
 * An error reply is never a value, not even inside an array (as in the reply
 * to `EXEC`): it rejects the command's promise with a `ReplyError`.
 */
export type Reply<E extends Encoding = Encoding> = BulkString<E> | number | null | ReplyArray<E>;

/**
 * An array reply: its elements are replies of the same encoding, so arrays nest.
 * The array is the caller's own, fresh for each reply, so it is not read-only.
 */
export interface ReplyArray<E extends Encoding = Encoding> extends Array<Reply<E>> {}

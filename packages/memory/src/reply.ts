import { ReplyError } from 'aioredis-abc-kit';

/** A reply before decoding, as Redis sends it: bytes for strings, errors inside arrays as `ReplyError`s. */
export type RawReply = Buffer | number | null | ReplyError | RawReply[];

/** The replies a command gave as status replies (`+OK`), rather than bulk strings: a script sees them as `{ok = ...}`. */
const statuses = new WeakSet<Buffer>();

/** A status reply, such as `OK` or `PONG`. */
export function status(text: string): Buffer {
  const reply = Buffer.from(text);
  statuses.add(reply);
  return reply;
}

/** Whether a reply is a status reply. */
export const isStatus = (reply: Buffer): boolean => statuses.has(reply);

/** The status reply `OK`. */
export const ok = (): Buffer => status('OK');

/** Redis's `WRONGTYPE` error. */
export const wrongType = (): ReplyError => new ReplyError('WRONGTYPE Operation against a key holding the wrong kind of value');

/** Redis's `ERR syntax error`. */
export const syntaxError = (): ReplyError => new ReplyError('ERR syntax error');

/** Redis's error for an argument that is not a 64-bit integer. */
export const notInteger = (): ReplyError => new ReplyError('ERR value is not an integer or out of range');

/** Redis's error for an argument that is not a double. */
export const notFloat = (): ReplyError => new ReplyError('ERR value is not a valid float');

/** Redis's error for a command given the wrong number of arguments. */
export const wrongArity = (name: string): ReplyError => new ReplyError(`ERR wrong number of arguments for '${name.toLowerCase()}' command`);

/** An argument as C's `%.*s` prints it: up to its first NUL byte, at most `limit` bytes. */
export function cString(bytes: Buffer, limit = Infinity): Buffer {
  const end = bytes.indexOf(0);
  return bytes.subarray(0, Math.min(end < 0 ? bytes.length : end, limit));
}

/** An error reply made of bytes, as a client reads it: line breaks as spaces (as Redis sends them), decoded as UTF-8. */
export function errorOf(bytes: Buffer): ReplyError {
  return new ReplyError(bytes.toString('utf8').replace(/[\r\n]/g, ' '));
}

/** Redis's error for a command it does not know, with the first arguments quoted as the server quotes them. */
export function unknownCommand(name: string, args: readonly Buffer[]): ReplyError {
  let quoted = Buffer.alloc(0);
  for (const arg of args) {
    if (quoted.length >= 128) break;
    quoted = Buffer.concat([quoted, Buffer.from("'"), cString(arg, 128 - quoted.length), Buffer.from("' ")]);
  }
  const shown = cString(Buffer.from(name, 'latin1'), 128);
  return errorOf(Buffer.concat([Buffer.from("ERR unknown command '"), shown, Buffer.from("', with args beginning with: "), quoted]));
}

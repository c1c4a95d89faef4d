import { ReplyError } from 'aioredis-abc-kit';

/** A reply before decoding, as Redis sends it: bytes for strings, errors inside arrays as `ReplyError`s. */
export type RawReply = Buffer | number | null | ReplyError | RawReply[];

/** The status reply `OK`. */
export const ok = (): Buffer => Buffer.from('OK');

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

/** Text as Redis puts it into an error line: at most `limit` bytes, line breaks as spaces. */
function errorText(bytes: Buffer, limit: number): string {
  return bytes.subarray(0, limit).toString('latin1').replace(/[\r\n]/g, ' ');
}

/** Redis's error for a command it does not know, with the first arguments quoted as the server quotes them. */
export function unknownCommand(name: string, args: readonly Buffer[]): ReplyError {
  let quoted = '';
  for (const arg of args) {
    if (quoted.length >= 128) break;
    quoted += `'${errorText(arg, 128 - quoted.length)}' `;
  }
  return new ReplyError(`ERR unknown command '${errorText(Buffer.from(name, 'latin1'), 128)}', with args beginning with: ${quoted}`);
}

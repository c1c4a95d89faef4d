// Replies and messages as the contract gives them: bytes decoded strictly, or kept.
import type { CommandArg, Reply } from 'aioredis-abc';
import { isAscii, isUtf8 } from 'node:buffer';
import { ProtocolError, replyError } from './errors.js';
import { toBuffer, toWire } from './wire.js';

/**
 * Decodes bytes with a codec, strictly: bytes the codec cannot decode (not
 * UTF-8 for `utf-8`, above 0x7F for `ascii`, an odd length for `utf-16le`)
 * throw a `TypeError` that says so, where Node's decoder would replace or drop
 * them. The check runs only when the fast decoding shows a sign of it.
 */
export function decode(bytes: Buffer, decoding: BufferEncoding): string {
  switch (decoding) {
    case 'utf8':
    case 'utf-8':
      return decodeUtf8(bytes, decoding);
    case 'ascii':
      if (!isAscii(bytes)) throw undecodable(decoding);
      return bytes.toString(decoding);
    case 'utf16le':
    case 'utf-16le':
    case 'ucs2':
    case 'ucs-2':
      if (bytes.length % 2 !== 0) throw undecodable(decoding);
      return bytes.toString(decoding);
    default:
      return bytes.toString(decoding);
  }
}

/**
 * `decode()` for one codec, as a function to call for every message: UTF-8,
 * the usual codec, goes straight to its own decoder rather than through the
 * choice of codec each time.
 */
export function decoderFor(decoding: BufferEncoding): (bytes: Buffer) => string {
  if (decoding === 'utf8' || decoding === 'utf-8') return (bytes) => decodeUtf8(bytes, decoding);
  return (bytes) => decode(bytes, decoding);
}

/**
 * The longest text that `asciiText()` builds in JavaScript: up to this length,
 * one `String.fromCharCode()` of the bytes costs no more than a call into
 * Node's decoder, and for 3 bytes about a third of it.
 */
const SHORT_TEXT_BYTES = 8;

/**
 * The text of at most `SHORT_TEXT_BYTES` bytes that are all ASCII, made in
 * JavaScript, or `null` when one is not. `String.fromCharCode()` is called
 * with each byte as an argument of its own, which makes the string at once.
 */
function asciiText(bytes: Buffer): string | null {
  let all = 0;
  for (let i = 0; i < bytes.length; i += 1) all |= bytes[i] as number;
  if (all > 0x7f) return null;
  const code = (i: number): number => bytes[i] as number;
  switch (bytes.length) {
    case 0:
      return '';
    case 1:
      return String.fromCharCode(code(0));
    case 2:
      return String.fromCharCode(code(0), code(1));
    case 3:
      return String.fromCharCode(code(0), code(1), code(2));
    case 4:
      return String.fromCharCode(code(0), code(1), code(2), code(3));
    case 5:
      return String.fromCharCode(code(0), code(1), code(2), code(3), code(4));
    case 6:
      return String.fromCharCode(code(0), code(1), code(2), code(3), code(4), code(5));
    case 7:
      return String.fromCharCode(code(0), code(1), code(2), code(3), code(4), code(5), code(6));
    default:
      return String.fromCharCode(code(0), code(1), code(2), code(3), code(4), code(5), code(6), code(7));
  }
}

/**
 * UTF-8 bytes as text, strictly. A few ASCII bytes, as many messages are, are
 * read in JavaScript; otherwise `toString()` without arguments, Node's quickest
 * way to UTF-8, marks bytes that are not UTF-8 with U+FFFD, and only then are
 * the bytes checked. `decoding` is the name the error says.
 */
function decodeUtf8(bytes: Buffer, decoding: BufferEncoding): string {
  if (bytes.length <= SHORT_TEXT_BYTES) {
    const ascii = asciiText(bytes);
    if (ascii !== null) return ascii;
  }
  const text = bytes.toString();
  if (text.includes('\uFFFD') && !isUtf8(bytes)) throw undecodable(decoding);
  return text;
}

/** The bytes themselves: a connection of encoding `null` hands messages on as they came. */
export function keepBytes(bytes: Buffer): Buffer {
  return bytes;
}

/** The `TypeError` for bytes that `decoding` cannot decode. */
function undecodable(decoding: BufferEncoding): TypeError {
  return new TypeError(`the reply's bytes are not valid ${decoding}: read them as bytes with { encoding: null }`);
}

/** A client's reply as the contract's `Reply`: bulk strings decoded or kept as bytes, errors in arrays rejected. */
export function toReply(value: unknown, decoding: BufferEncoding | null): Reply {
  if (value === null || typeof value === 'number') return value;
  if (value instanceof Uint8Array) return decoding === null ? toBuffer(value) : decode(toBuffer(value), decoding);
  if (typeof value === 'string') return decoding === null ? Buffer.from(value) : value;
  if (Array.isArray(value)) {
    const items: readonly unknown[] = value;
    return items.map((item) => toReply(item, decoding));
  }
  if (value instanceof Error) throw replyError(value.message);
  throw new ProtocolError(`unexpected reply: ${typeof value}`);
}
/** `PING`'s reply, as bytes. */
const pong = Buffer.from('PONG');

/**
 * `PING`'s reply in pub/sub mode as outside it, as aioredis gives it: `PONG`,
 * or the argument echoed. Redis answers there with a `['pong', argument]`
 * array; node-redis hands on the argument, or `pong` when it is empty.
 */
export function pubsubPong(value: unknown, args: readonly CommandArg[]): unknown {
  const [argument] = args;
  if (argument === undefined) return pong;
  if (Array.isArray(value)) return value[1];
  return toWire(argument).length === 0 ? Buffer.alloc(0) : value;
}

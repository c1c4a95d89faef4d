// Bytes as text, strictly, by the quickest way for their length: what the parser decodes each string with.
import { isUtf8 } from 'node:buffer';

/** The longest all-ASCII bulk string read in JavaScript rather than by Node's UTF-8 decoder. */
const SHORT_TEXT = 32;
/** The longest ASCII text made with `String.fromCharCode()` rather than Node's decoder. */
const CHAR_CODES = 16;
/** The shortest UTF-8 bulk string checked with `isUtf8()` before it is decoded rather than searched for U+FFFD after. */
const CHECK_FIRST = 1024;

/**
 * Bytes decoded with a codec, strictly, as the kit decodes: `null` when the
 * bytes are not valid UTF-8 (for `utf8`), not ASCII (for `ascii`), or of odd
 * length (for `utf16le`). A short ASCII string is made in JavaScript.
 */
export function decodeText(buf: Buffer, start: number, end: number, encoding: BufferEncoding): string | null {
  switch (encoding) {
    case 'utf8':
    case 'utf-8':
      return utf8Text(buf, start, end);
    case 'latin1':
    case 'binary':
      return byteText(buf, start, end);
    case 'ascii':
      return isAsciiRange(buf, start, end) ? byteText(buf, start, end) : null;
    case 'utf16le':
    case 'utf-16le':
    case 'ucs2':
    case 'ucs-2':
      return (end - start) % 2 === 0 ? buf.toString(encoding, start, end) : null;
    default:
      return buf.toString(encoding, start, end);
  }
}

/**
 * UTF-8 text of the range, or `null` when it is not UTF-8, by the quickest
 * way for its length (measured): a short ASCII range is read in JavaScript; a
 * long one is checked by Node's `isUtf8()` before it is decoded; in between,
 * the decoded text is searched for U+FFFD, which only then costs a check.
 */
function utf8Text(buf: Buffer, start: number, end: number): string | null {
  const size = end - start;
  if (size <= SHORT_TEXT) {
    let all = 0;
    for (let i = start; i < end; i += 1) all |= buf[i] as number;
    if (all < 0x80) return byteText(buf, start, end);
  } else if (size >= CHECK_FIRST) {
    return isUtf8(buf.subarray(start, end)) ? buf.utf8Slice(start, end) : null;
  }
  const text = buf.utf8Slice(start, end);
  if (text.includes('\uFFFD') && !isUtf8(buf.subarray(start, end))) return null;
  return text;
}

/**
 * Bytes as latin1 text, a character per byte (ASCII text alike): up to `CHAR_CODES` of them with one or two
 * `String.fromCharCode()` calls (a byte per argument, which makes the string
 * at once, three times as fast as Node's decoder for 10 bytes), longer ones
 * by Node's latin1 decoder.
 */
export function byteText(buf: Buffer, start: number, end: number): string {
  const size = end - start;
  if (size <= 8) return charCodes(buf, start, size);
  if (size <= CHAR_CODES) return charCodes(buf, start, 8) + charCodes(buf, start + 8, size - 8);
  return buf.latin1Slice(start, end);
}

/** The text of `size` (at most 8) bytes from `s`, a character per byte, in one call. */
function charCodes(b: Buffer, s: number, size: number): string {
  const at = (i: number): number => b[s + i] as number;
  switch (size) {
    case 0:
      return '';
    case 1:
      return String.fromCharCode(at(0));
    case 2:
      return String.fromCharCode(at(0), at(1));
    case 3:
      return String.fromCharCode(at(0), at(1), at(2));
    case 4:
      return String.fromCharCode(at(0), at(1), at(2), at(3));
    case 5:
      return String.fromCharCode(at(0), at(1), at(2), at(3), at(4));
    case 6:
      return String.fromCharCode(at(0), at(1), at(2), at(3), at(4), at(5));
    case 7:
      return String.fromCharCode(at(0), at(1), at(2), at(3), at(4), at(5), at(6));
    default:
      return String.fromCharCode(at(0), at(1), at(2), at(3), at(4), at(5), at(6), at(7));
  }
}

/** Whether every byte of the range is below 0x80. */
export function isAsciiRange(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i += 1) if ((buf[i] as number) > 0x7f) return false;
  return true;
}

// The key of a channel name in the pub/sub dictionaries: the bytes the server sees, as text, losslessly.
import type { ChannelName } from 'aioredis-abc';

/** Strict, and keeps a leading byte-order mark: it is part of the name. */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
/** The length of the valid UTF-8 sequence at `i`, or 0 when the byte there starts none. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const first = bytes[i] ?? 0;
  const length = first < 0x80 ? 1 : first >= 0xc2 && first <= 0xdf ? 2 : first >= 0xe0 && first <= 0xef ? 3 : first >= 0xf0 && first <= 0xf4 ? 4 : 0;
  if (length === 0 || i + length > bytes.length) return 0;
  try {
    strictUtf8.decode(bytes.subarray(i, i + length));
    return length;
  } catch {
    return 0;
  }
}

/** Decodes UTF-8, each byte of an invalid sequence as U+DC80–U+DCFF: Python's `surrogateescape`, lossless. */
function surrogateEscape(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; ) {
    const length = sequenceLength(bytes, i);
    if (length === 0) {
      text += String.fromCharCode(0xdc00 + (bytes[i] ?? 0));
      i += 1;
    } else {
      text += strictUtf8.decode(bytes.subarray(i, i + length));
      i += length;
    }
  }
  return text;
}

/**
 * The key of a channel name in the pub/sub dictionaries: the name's bytes as
 * the server sees them (a text name as UTF-8), decoded with `surrogateescape`.
 * A text name (well-formed: `checkTargets()` refuses others) is its own key;
 * names the server sees as the same bytes share a key, and no two others do.
 */
export function keyOf(name: ChannelName): string {
  if (typeof name === 'string') return name;
  if (Buffer.isBuffer(name)) {
    // Node's own decoder is the fast way; it marks what is not valid UTF-8 with U+FFFD, and only then is the strict path needed.
    const text = name.toString('utf8');
    if (!text.includes('\uFFFD')) return text;
  }
  try {
    return strictUtf8.decode(name);
  } catch {
    return surrogateEscape(name);
  }
}

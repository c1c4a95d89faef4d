// Redis's glob patterns, as PSUBSCRIBE, KEYS and SCAN's MATCH read them, over bytes.

const star = 0x2a;
const question = 0x3f;
const open = 0x5b;
const close = 0x5d;
const backslash = 0x5c;
const caret = 0x5e;
const dash = 0x2d;

/** Whether `subject` from `s` on matches `pattern` from `p` on. */
function matches(pattern: Uint8Array, p: number, subject: Uint8Array, s: number): boolean {
  while (p < pattern.length) {
    const token = pattern[p] ?? 0;
    if (token === star) {
      while (pattern[p + 1] === star) p += 1;
      if (p + 1 === pattern.length) return true;
      for (let from = s; from <= subject.length; from += 1) {
        if (matches(pattern, p + 1, subject, from)) return true;
      }
      return false;
    }
    if (s >= subject.length) return false;
    const byte = subject[s] ?? 0;
    if (token === question) {
      p += 1;
    } else if (token === open) {
      const set = bracket(pattern, p + 1, byte);
      if (!set.matched) return false;
      p = set.next;
    } else {
      const literal = token === backslash && p + 1 < pattern.length ? (pattern[(p += 1)] ?? 0) : token;
      if (literal !== byte) return false;
      p += 1;
    }
    s += 1;
  }
  return s === subject.length;
}

/**
 * Reads a `[...]` set whose body starts at `p`: `^` negates it, `\` escapes the
 * next byte, `a-z` is a range (in either order). A set left open runs to the
 * end of the pattern, as in Redis. Returns whether `byte` is in it, and where
 * the pattern goes on.
 */
function bracket(pattern: Uint8Array, p: number, byte: number): { matched: boolean; next: number } {
  const negated = pattern[p] === caret;
  if (negated) p += 1;
  let found = false;
  while (p < pattern.length && pattern[p] !== close) {
    const current = pattern[p] ?? 0;
    if (current === backslash && p + 1 < pattern.length) {
      p += 1;
      if (pattern[p] === byte) found = true;
    } else if (pattern[p + 1] === dash && p + 2 < pattern.length) {
      const start = current;
      const end = pattern[p + 2] ?? 0;
      if (byte >= Math.min(start, end) && byte <= Math.max(start, end)) found = true;
      p += 2;
    } else if (current === byte) {
      found = true;
    }
    p += 1;
  }
  return { matched: negated ? !found : found, next: Math.min(p + 1, pattern.length) };
}

/** A matcher for a Redis glob pattern (`*`, `?`, `[...]`, `\` escapes), byte by byte, case-sensitive. */
export function globMatcher(pattern: Uint8Array): (subject: Uint8Array) => boolean {
  return (subject) => matches(pattern, 0, subject, 0);
}

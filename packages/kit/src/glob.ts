// Redis's glob patterns, as PSUBSCRIBE, KEYS and SCAN's MATCH read them.
/**
 * Whether `text` matches the Redis glob `pattern` (`*`, `?`, `[...]` with `^`
 * and ranges, `\` escapes), byte by byte as Redis's `stringmatchlen` does;
 * both are bytes read as latin1.
 */
export function globMatch(pattern: string, text: string): boolean {
  return matchFrom(pattern, 0, text, 0);
}

/** Whether the bracket class starting after `[` at `p` takes `char`; and where the class ends (at its `]`, or the last character). */
function matchClass(pattern: string, start: number, char: string): { matched: boolean; end: number } {
  let p = start;
  const negated = pattern.charAt(p) === '^';
  if (negated) p += 1;
  let matched = false;
  for (;;) {
    const remaining = pattern.length - p;
    if (remaining <= 0) {
      p -= 1;
      break;
    }
    const current = pattern.charAt(p);
    if (current === '\\' && remaining >= 2) {
      p += 1;
      if (pattern.charAt(p) === char) matched = true;
    } else if (current === ']') break;
    else if (remaining >= 3 && pattern.charAt(p + 1) === '-') {
      let low = current;
      let high = pattern.charAt(p + 2);
      if (low > high) [low, high] = [high, low];
      p += 2;
      if (char >= low && char <= high) matched = true;
    } else if (current === char) matched = true;
    p += 1;
  }
  return { matched: negated ? !matched : matched, end: p };
}

function matchFrom(pattern: string, start: number, text: string, from: number): boolean {
  let p = start;
  let s = from;
  while (p < pattern.length && s < text.length) {
    const current = pattern.charAt(p);
    if (current === '*') {
      while (pattern.charAt(p + 1) === '*' && p + 1 < pattern.length) p += 1;
      if (p + 1 === pattern.length) return true;
      for (; s < text.length; s += 1) if (matchFrom(pattern, p + 1, text, s)) return true;
      return false;
    }
    if (current === '?') s += 1;
    else if (current === '[') {
      const { matched, end } = matchClass(pattern, p + 1, text.charAt(s));
      if (!matched) return false;
      p = end;
      s += 1;
    } else {
      if (current === '\\' && pattern.length - p >= 2) p += 1;
      if (pattern.charAt(p) !== text.charAt(s)) return false;
      s += 1;
    }
    p += 1;
    if (s === text.length) while (pattern.charAt(p) === '*' && p < pattern.length) p += 1;
  }
  return p === pattern.length && s === text.length;
}

/** A matcher for a Redis glob pattern over bytes: `globMatch()` with both read as latin1, one character a byte. */
export function globMatcher(pattern: Uint8Array): (subject: Uint8Array) => boolean {
  const text = Buffer.from(pattern.buffer, pattern.byteOffset, pattern.byteLength).toString('latin1');
  return (subject) => globMatch(text, Buffer.from(subject.buffer, subject.byteOffset, subject.byteLength).toString('latin1'));
}

/**
 * Lua 5.3's syntax past Lua 5.1's, made to fail as 5.1 fails on it. The
 * double compiles with fengari (5.3), whose lexer knows tokens 5.1's does
 * not: 5.1 reads `//` as two `/`, `<<` and `>>` as two comparisons, `::` as
 * two `:`, `&`, `|` and a lone `~` as symbols no rule takes, and `goto` as a
 * plain name. Rewriting them so that 5.3 reads what 5.1 reads lets 5.3's
 * parser report the error 5.1's reports, at the same line; the placeholders
 * are turned back in the message.
 */

/** What a 5.3-only token becomes: a text 5.3 reads as 5.1 reads the original. */
const rewrites: readonly (readonly [string, string])[] = [
  ['//', '/ /'],
  ['<<', '< <'],
  ['>>', '> >'],
  ['::', ': :'],
];

/** Single characters 5.1 has no token for, each with the character 5.3 has none for either, which stands in for it. */
const symbols: Readonly<Record<string, string>> = { '&': '@', '|': '$', '~': '`' };

/** The placeholder name for `goto`, a plain name in 5.1 and a keyword in 5.3. */
const gotoName = '__lua51_goto';

/** Where a long bracket (`[[`, `[==[`) opens at `i`: its closing text, or `null`. */
function longBracket(text: string, i: number): string | null {
  const found = /^\[(=*)\[/.exec(text.slice(i, i + 64));
  return found === null ? null : `]${found[1] ?? ''}]`;
}

/** The index after the comment or string starting at `i`, or `i` when none starts there. */
function skipQuoted(text: string, i: number): number {
  if (text.startsWith('--', i)) {
    const close = longBracket(text, i + 2);
    if (close !== null) return endOf(text, text.indexOf(close, i + 4), close.length);
    return endOf(text, text.indexOf('\n', i), 1);
  }
  const close = longBracket(text, i);
  if (close !== null) return endOf(text, text.indexOf(close, i + 2), close.length);
  const quote = text[i];
  if (quote !== '"' && quote !== "'") return i;
  let j = i + 1;
  while (j < text.length && text[j] !== quote && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
  return j + 1;
}

/** The index after a closing text found at `at` (the end of the text when not found). */
function endOf(text: string, at: number, length: number): number {
  return at < 0 ? text.length : at + length;
}

/** A quoted string's escapes as 5.1 reads them: an escape 5.1 does not know (`\\x`, `\\z`, `\\u`, `\\q`...) is the character itself. Comments and long strings are left as they are. */
function escapes51(piece: string): string {
  if (!piece.startsWith('"') && !piece.startsWith("'")) return piece;
  return piece.replace(/\\([\s\S])/g, (escape: string, char: string) => (/[abfnrtv\\"'\n\r0-9]/.test(char) ? escape : char));
}

/** What the token at `i` becomes, and its length: a 5.3-only one rewritten (noting its placeholder in `used`), a name as it is; `null` for any other. */
function rewriteAt(text: string, i: number, used: Set<string>): readonly [string, number] | null {
  const rewrite = rewrites.find(([token]) => text.startsWith(token, i));
  if (rewrite !== undefined) return [rewrite[1], rewrite[0].length];
  const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i, i + 256))?.[0];
  if (name !== undefined && name !== 'goto') return [name, name.length];
  if (name !== undefined) {
    used.add(gotoName);
    return [gotoName, name.length];
  }
  const symbol = symbols[text[i] ?? ''];
  if (symbol === undefined || text.startsWith('~=', i)) return null;
  used.add(symbol);
  return [symbol, 1];
}

/** The source with 5.3-only tokens rewritten, and what turns a compile error's placeholders back. */
export function asLua51(source: Buffer): { readonly source: Buffer; restore(message: string): string } {
  const text = source.toString('latin1');
  const used = new Set<string>();
  let out = '';
  for (let i = 0; i < text.length; ) {
    const skipped = skipQuoted(text, i);
    const rewritten = skipped > i ? null : rewriteAt(text, i, used);
    const [piece, length] = skipped > i ? [escapes51(text.slice(i, skipped)), skipped - i] : (rewritten ?? [text[i] ?? '', 1]);
    out += piece;
    i += length;
  }
  return { source: Buffer.from(out, 'latin1'), restore: (message) => restore(message, used) };
}

/** A compile error's message with the placeholders turned back, and 5.3's wording as 5.1's: `<eof>` and `<name>` quoted, an assignment's missing `=`, no start line for an unfinished long string. */
function restore(message: string, used: ReadonlySet<string>): string {
  let result = message.replace(/syntax error near/, "'=' expected near").replace(/ <(\w+)> expected/, " '<$1>' expected").replace(/(unfinished long (string|comment)) \(starting at line \d+\)/, '$1').replace(/ near <eof>$/, " near '<eof>'").replace('decimal escape too large', 'escape sequence too large');
  if (used.has(gotoName)) result = result.split(gotoName).join('goto');
  for (const [original, placeholder] of Object.entries(symbols)) {
    if (used.has(placeholder)) result = result.split(`'${placeholder}'`).join(`'${original}'`);
  }
  return result;
}

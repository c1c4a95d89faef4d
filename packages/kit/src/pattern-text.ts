import type { AbcConnection } from 'aioredis-abc';
import { globMatcher } from './glob.js';

/**
 * Finds the subscribed pattern a pattern message came for, when the client
 * gives the pattern decoded as UTF-8 (as ioredis does), which replaces bytes
 * that are not UTF-8 with U+FFFD: such a pattern is found again among the
 * subscribed ones whose UTF-8 decoding is the same and that match the channel.
 * Redis sends one message per matching pattern, so when several are left,
 * each takes one message of the same channel and content in turn.
 */
export class PatternText {
  /** For a message that several subscribed patterns could have come for: which of them takes the next one. */
  readonly #turns = new Map<string, number>();

  /** The subscribed pattern, as bytes, that `text` stands for; `text` itself when it lost nothing or none is found. */
  resolve(patterns: AbcConnection['pubsubPatterns'], text: string, channel: Buffer, message: Buffer): string | Buffer {
    if (!text.includes('\uFFFD')) return text;
    const candidates: Buffer[] = [];
    for (const { name } of patterns.values()) {
      const bytes = typeof name === 'string' ? Buffer.from(name) : Buffer.from(name.buffer, name.byteOffset, name.byteLength);
      if (bytes.toString('utf8') === text && globMatcher(bytes)(channel)) candidates.push(bytes);
    }
    const turn = `${text}\0${channel.toString('latin1')}\0${message.toString('latin1')}`;
    const index = this.#turns.get(turn) ?? 0;
    if (index + 1 < candidates.length) this.#turns.set(turn, index + 1);
    else this.#turns.delete(turn);
    return candidates[index] ?? text;
  }
}

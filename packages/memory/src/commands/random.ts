import { ReplyError } from 'aioredis-abc-kit';
import { integerArg } from '../numbers.js';
import { syntaxError } from '../reply.js';

/** A random index below `length`. */
export function randomIndex(length: number): number {
  return Math.floor(Math.random() * length);
}

/** `count` distinct items of `items` in random order (all of them, shuffled, when there are fewer). */
export function sample<T>(items: readonly T[], count: number): T[] {
  const pool = [...items];
  for (let i = pool.length - 1; i > 0; i -= 1) {
    const j = randomIndex(i + 1);
    [pool[i], pool[j]] = [pool[j] as T, pool[i] as T];
  }
  return pool.slice(0, count);
}

/** `count` items of `items` drawn with replacement. */
export function draw<T>(items: readonly T[], count: number): T[] {
  return Array.from({ length: count }, () => items[randomIndex(items.length)] as T);
}

/** A count in Redis's `-LONG_MAX..LONG_MAX`, as SRANDMEMBER, HRANDFIELD and LPOS's RANK read it. */
export function signedCount(bytes: Buffer): bigint {
  const value = integerArg(bytes);
  if (value === -(2n ** 63n)) throw new ReplyError('ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807');
  return value;
}

/**
 * What SRANDMEMBER and HRANDFIELD answer with a count: none for 0, every
 * item for a positive count at least their number, distinct ones for a
 * positive count, and repeats allowed for a negative one.
 */
export function randomPick<T>(items: readonly T[], count: bigint): T[] {
  if (count === 0n || items.length === 0) return [];
  if (count < 0n) return draw(items, Number(-count > 2n ** 32n ? 2n ** 32n : -count));
  return count >= BigInt(items.length) ? sample(items, items.length) : sample(items, Number(count));
}

/** Refuses words past the ones a command takes, as `ERR syntax error`. */
export function noMoreThan(args: readonly Buffer[], length: number): void {
  if (args.length > length) throw syntaxError();
}

import { ReplyError } from 'aioredis-abc-kit';
import { readRangeFloat, smallIntegerArg } from '../numbers.js';
import { text } from './command.js';
import type { Scored } from './sorted-set-members.js';

/** A score range's bound: its value, and whether it excludes the value. */
interface Bound<T> {
  readonly value: T;
  readonly exclusive: boolean;
}

/** A score bound as Redis reads it (`(` for exclusive), or `null`. */
function scoreBound(bytes: Buffer): Bound<number> | null {
  const written = text(bytes);
  const exclusive = written.startsWith('(');
  const value = readRangeFloat(exclusive ? written.slice(1) : written);
  return value === null || Number.isNaN(value) ? null : { value, exclusive };
}

/** The two score bounds, or `ERR min or max is not a float`. */
export function scoreRange(min: Buffer, max: Buffer): [Bound<number>, Bound<number>] {
  const low = scoreBound(min);
  const high = scoreBound(max);
  if (low === null || high === null) throw new ReplyError('ERR min or max is not a float');
  return [low, high];
}

/** Whether a score lies in the range. */
export function inScoreRange(score: number, [low, high]: readonly [Bound<number>, Bound<number>]): boolean {
  return (low.exclusive ? score > low.value : score >= low.value) && (high.exclusive ? score < high.value : score <= high.value);
}

/** A lex bound: `-` (below all), `+` (above all), `[x` or `(x`. */
type LexBound = { readonly value: '-' | '+' } | Bound<string>;

function lexBound(bytes: Buffer): LexBound | null {
  const written = text(bytes);
  if (written === '-' || written === '+') return { value: written };
  if (written.startsWith('[') || written.startsWith('(')) return { value: written.slice(1), exclusive: written.startsWith('(') };
  return null;
}

function isAboveMin(member: string, min: LexBound): boolean {
  if (!('exclusive' in min)) return min.value === '-';
  return min.exclusive ? member > min.value : member >= min.value;
}

function isBelowMax(member: string, max: LexBound): boolean {
  if (!('exclusive' in max)) return max.value === '+';
  return max.exclusive ? member < max.value : member <= max.value;
}

/** Whether a lex range can hold nothing at all, as Redis tests first. */
function lexRangeEmpty(min: LexBound, max: LexBound): boolean {
  if (!('exclusive' in min) || !('exclusive' in max)) return min.value === '+' || max.value === '-';
  return min.value > max.value || (min.value === max.value && (min.exclusive || max.exclusive));
}

/**
 * The members of a lex range, walked as Redis walks a small sorted set: from
 * the first member at or above `min` (the last at or below `max` in reverse),
 * while members stay inside the other bound.
 */
function lexRange(members: readonly Scored[], min: LexBound, max: LexBound, reverse: boolean): Scored[] {
  const first = members[0];
  const last = members[members.length - 1];
  if (first === undefined || last === undefined || lexRangeEmpty(min, max)) return [];
  if (!isAboveMin(last.member, min) || !isBelowMax(first.member, max)) return [];
  const walk = reverse ? [...members].reverse() : members;
  const start = walk.findIndex(({ member }) => (reverse ? isBelowMax(member, max) : isAboveMin(member, min)));
  if (start < 0) return [];
  const found: Scored[] = [];
  for (const scored of walk.slice(start)) {
    if (!(reverse ? isAboveMin(scored.member, min) : isBelowMax(scored.member, max))) break;
    found.push(scored);
  }
  return found;
}

/** Parses a range's bounds (with the form's own error) and returns what picks its members. */
export function rangeSelector(form: 'rank' | 'score' | 'lex', min: Buffer, max: Buffer, reverse: boolean): (members: readonly Scored[]) => Scored[] {
  if (form === 'rank') {
    const start = smallIntegerArg(min);
    const stop = smallIntegerArg(max);
    return (members) => {
      const length = members.length;
      const from = Math.max(start < 0 ? length + start : start, 0);
      const to = Math.min(stop < 0 ? length + stop : stop, length - 1);
      if (from > to || from >= length) return [];
      const walk = reverse ? [...members].reverse() : members;
      return walk.slice(from, to + 1);
    };
  }
  if (form === 'score') {
    const range = scoreRange(min, max);
    return (members) => (reverse ? [...members].reverse() : members).filter(({ score }) => inScoreRange(score, range));
  }
  const low = lexBound(min);
  const high = lexBound(max);
  if (low === null || high === null) throw new ReplyError('ERR min or max not valid string range item');
  return (members) => lexRange(members, low, high, reverse);
}


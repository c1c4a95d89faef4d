import { ReplyError } from 'aioredis-abc-kit';
import type { Database } from '../keyspace.js';
import { floatArg, integerArg, smallIntegerArg } from '../numbers.js';
import { syntaxError, type RawReply } from '../reply.js';
import { arg, bytesOf, isWord, text, type Command, type CommandTable } from './command.js';
import { keyScan, matches } from './scan.js';
import { membersReply, ordered, scoreReply, zset, type SortedSet } from './sorted-set-members.js';
import { inScoreRange, rangeSelector, scoreRange } from './sorted-set-ranges.js';
import { timeoutArg } from './timeout.js';

const nanScore = (): ReplyError => new ReplyError('ERR resulting score is not a number (NaN)');

/** How ZADD changed a member. */
type Outcome = 'added' | 'updated' | 'unchanged' | 'skipped';

/** A score as a small sorted set stores it: `-0` is kept as the integer 0. */
function stored(score: number): number {
  return score === 0 ? 0 : score;
}

/** ZADD's core for one member, with its flags (ZINCRBY is ZADD INCR); the score is the one computed, before it is stored. */
function addMember(value: SortedSet, member: string, given: number, flags: ReadonlySet<string>): { outcome: Outcome; score: number } {
  const current = value.scores.get(member);
  if (current === undefined) {
    if (flags.has('XX')) return { outcome: 'skipped', score: given };
    value.scores.set(member, stored(given));
    return { outcome: 'added', score: given };
  }
  if (flags.has('NX')) return { outcome: 'skipped', score: current };
  const score = flags.has('INCR') ? current + given : given;
  if (Number.isNaN(score)) throw nanScore();
  if ((flags.has('LT') && score >= current) || (flags.has('GT') && score <= current)) return { outcome: 'skipped', score: current };
  if (score === current) return { outcome: 'unchanged', score };
  value.scores.set(member, stored(score));
  return { outcome: 'updated', score };
}

const zaddFlags = ['NX', 'XX', 'CH', 'INCR', 'GT', 'LT'];

/** Which ZRANGE form a command is, when its name fixes it (ZRANGEBYSCORE, ZREVRANGE...). */
interface RangePreset {
  readonly by?: 'rank' | 'score' | 'lex';
  readonly reverse?: boolean;
}

/** ZRANGE and its older forms, as Redis 7.0 parses them. */
function rangeCommand(preset: RangePreset): Command {
  return {
    arity: -4,
    run({ db }, args) {
      let by = preset.by;
      let reverse = preset.reverse;
      let withScores = false;
      let limit: { offset: number; count: number } | null = null;
      for (let i = 3; i < args.length; i += 1) {
        const word = args[i];
        if (isWord(word, 'WITHSCORES')) withScores = true;
        else if (isWord(word, 'LIMIT') && args.length - i - 1 >= 2) {
          limit = { offset: smallIntegerArg(arg(args, i + 1)), count: smallIntegerArg(arg(args, i + 2)) };
          i += 2;
        } else if (reverse === undefined && isWord(word, 'REV')) reverse = true;
        else if (by === undefined && isWord(word, 'BYLEX')) by = 'lex';
        else if (by === undefined && isWord(word, 'BYSCORE')) by = 'score';
        else throw syntaxError();
      }
      const form = by ?? 'rank';
      if (limit !== null && limit.count !== -1 && form === 'rank') {
        throw new ReplyError('ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX');
      }
      if (withScores && form === 'lex') throw new ReplyError('ERR syntax error, WITHSCORES not supported in combination with BYLEX');
      const backwards = reverse ?? false;
      const [first, second] = [arg(args, 1), arg(args, 2)];
      const [min, max] = backwards && form !== 'rank' ? [second, first] : [first, second];
      const select = rangeSelector(form, min, max, backwards);
      const members = ordered(zset(db, arg(args, 0)));
      const found = select(members);
      if (form === 'rank' || limit === null) return membersReply(found, withScores);
      if (limit.offset < 0) return [];
      return membersReply(limit.count < 0 ? found.slice(limit.offset) : found.slice(limit.offset, limit.offset + limit.count), withScores);
    },
  };
}

/** ZPOPMIN and ZPOPMAX, with their optional count. */
function popCommand(highest: boolean): Command {
  return {
    arity: -2,
    run({ db }, args) {
      if (args.length > 2) throw syntaxError();
      const positive = (): ReplyError => new ReplyError('ERR value is out of range, must be positive');
      const count = args[1] === undefined ? 1 : integerArg(args[1], positive);
      if (count < 0) throw positive();
      const key = text(arg(args, 0));
      const value = db.read(key, 'zset');
      if (value === undefined || count === 0n) return [];
      const members = ordered(value);
      const popped = (highest ? members.reverse() : members).slice(0, Number(count < BigInt(members.length) ? count : BigInt(members.length)));
      for (const { member } of popped) value.scores.delete(member);
      db.store(key, value);
      return membersReply(popped, true);
    },
  };
}

/** Pops the lowest or highest member of the sorted set at `key` for BZPOPMIN or BZPOPMAX: `[key, member, score]`, or `undefined` while it holds none. */
function popOne(db: Database, highest: boolean): (key: string) => RawReply | undefined {
  return (key) => {
    const value = db.get(key);
    if (value?.type !== 'zset') return undefined;
    const members = ordered(value);
    const popped = highest ? members[members.length - 1] : members[0];
    if (popped === undefined) return undefined;
    value.scores.delete(popped.member);
    db.store(key, value);
    return [bytesOf(key), ...membersReply([popped], true)];
  };
}

/** BZPOPMIN and BZPOPMAX: pop from the first non-empty sorted set, or wait for one (not inside EXEC). */
function blockingPopCommand(highest: boolean): Command {
  return {
    arity: -3,
    run(context, args) {
      const timeout = timeoutArg(arg(args, args.length - 1));
      const keys = args.slice(0, -1);
      for (const key of keys) {
        if (zset(context.db, key) !== undefined) return popOne(context.db, highest)(text(key)) ?? null;
      }
      if (context.inExec) return null;
      return context.block(keys.map(text), popOne(context.db, highest), timeout);
    },
  };
}

/** ZREMRANGEBYRANK, ZREMRANGEBYSCORE and ZREMRANGEBYLEX: the range parsed first, then the members in it removed. */
function removeRangeCommand(form: 'rank' | 'score' | 'lex'): Command {
  return {
    arity: 4,
    run({ db }, args) {
      const select = rangeSelector(form, arg(args, 1), arg(args, 2), false);
      const key = text(arg(args, 0));
      const value = db.read(key, 'zset');
      if (value === undefined) return 0;
      const removed = select(ordered(value));
      for (const { member } of removed) value.scores.delete(member);
      if (removed.length > 0) db.store(key, value);
      return removed.length;
    },
  };
}

/** ZRANK and ZREVRANK. */
function rankCommand(reverse: boolean): Command {
  return {
    arity: 3,
    run({ db }, args) {
      const members = ordered(zset(db, arg(args, 0)));
      const index = members.findIndex(({ member }) => member === text(arg(args, 1)));
      if (index < 0) return null;
      return reverse ? members.length - 1 - index : index;
    },
  };
}

/** The sorted-set commands. Scores print as Redis 7.0 prints them (`%.17g`, `inf`, `-inf`). */
export const sortedSets: CommandTable = {
  ZADD: {
    arity: -4,
    run({ db }, args) {
      const flags = new Set<string>();
      let at = 1;
      for (; at < args.length; at += 1) {
        const word = text(arg(args, at)).toUpperCase();
        if (!zaddFlags.includes(word)) break;
        flags.add(word);
      }
      const pairs = args.slice(at);
      if (pairs.length === 0 || pairs.length % 2 !== 0) throw syntaxError();
      if (flags.has('NX') && flags.has('XX')) throw new ReplyError('ERR XX and NX options at the same time are not compatible');
      if ((flags.has('GT') && flags.has('NX')) || (flags.has('LT') && flags.has('NX')) || (flags.has('GT') && flags.has('LT'))) {
        throw new ReplyError('ERR GT, LT, and/or NX options at the same time are not compatible');
      }
      if (flags.has('INCR') && pairs.length > 2) throw new ReplyError('ERR INCR option supports a single increment-element pair');
      const scores = pairs.filter((_, i) => i % 2 === 0).map((score) => floatArg(score));
      const key = text(arg(args, 0));
      const found = zset(db, arg(args, 0));
      if (found === undefined && flags.has('XX')) return flags.has('INCR') ? null : 0;
      const value: SortedSet = found ?? { type: 'zset', scores: new Map() };
      let added = 0;
      let changed = 0;
      let last: { outcome: Outcome; score: number } | null = null;
      try {
        for (const [i, score] of scores.entries()) {
          last = addMember(value, text(arg(pairs, 2 * i + 1)), score, flags);
          if (last.outcome === 'added') added += 1;
          if (last.outcome === 'updated') changed += 1;
        }
      } finally {
        if (added + changed > 0 || found === undefined) db.store(key, value);
      }
      if (flags.has('INCR')) return last === null || last.outcome === 'skipped' ? null : scoreReply(last.score);
      return flags.has('CH') ? added + changed : added;
    },
  },
  ZINCRBY: {
    arity: 4,
    run({ db }, args) {
      const by = floatArg(arg(args, 1));
      const key = text(arg(args, 0));
      const value = db.readOrCreate(key, 'zset', () => ({ type: 'zset', scores: new Map() }));
      const { outcome, score } = addMember(value, text(arg(args, 2)), by, new Set(['INCR']));
      if (outcome !== 'unchanged') db.store(key, value);
      return scoreReply(score);
    },
  },
  ZSCORE: {
    arity: 3,
    run({ db }, args) {
      const score = zset(db, arg(args, 0))?.scores.get(text(arg(args, 1)));
      return score === undefined ? null : scoreReply(score);
    },
  },
  ZMSCORE: {
    arity: -3,
    run({ db }, args) {
      const value = zset(db, arg(args, 0));
      return args.slice(1).map((member): RawReply => {
        const score = value?.scores.get(text(member));
        return score === undefined ? null : scoreReply(score);
      });
    },
  },
  ZREM: {
    arity: -3,
    run({ db }, args) {
      const value = zset(db, arg(args, 0));
      if (value === undefined) return 0;
      const removed = args.slice(1).filter((member) => value.scores.delete(text(member))).length;
      if (removed > 0) db.store(text(arg(args, 0)), value);
      return removed;
    },
  },
  ZCARD: { arity: 2, run: ({ db }, args) => zset(db, arg(args, 0))?.scores.size ?? 0 },
  ZCOUNT: {
    arity: 4,
    run({ db }, args) {
      const range = scoreRange(arg(args, 1), arg(args, 2));
      return ordered(zset(db, arg(args, 0))).filter(({ score }) => inScoreRange(score, range)).length;
    },
  },
  ZLEXCOUNT: {
    arity: 4,
    run({ db }, args) {
      const select = rangeSelector('lex', arg(args, 1), arg(args, 2), false);
      return select(ordered(zset(db, arg(args, 0)))).length;
    },
  },
  ZPOPMIN: popCommand(false),
  ZPOPMAX: popCommand(true),
  BZPOPMIN: blockingPopCommand(false),
  BZPOPMAX: blockingPopCommand(true),
  ZREMRANGEBYRANK: removeRangeCommand('rank'),
  ZREMRANGEBYSCORE: removeRangeCommand('score'),
  ZREMRANGEBYLEX: removeRangeCommand('lex'),
  ZSCAN: keyScan('zset', (value, options) => membersReply(ordered(value).filter(({ member }) => matches(options, member)), true)),
  ZRANK: rankCommand(false),
  ZREVRANK: rankCommand(true),
  ZRANGE: rangeCommand({}),
  ZREVRANGE: rangeCommand({ by: 'rank', reverse: true }),
  ZRANGEBYSCORE: rangeCommand({ by: 'score', reverse: false }),
  ZREVRANGEBYSCORE: rangeCommand({ by: 'score', reverse: true }),
  ZRANGEBYLEX: rangeCommand({ by: 'lex', reverse: false }),
  ZREVRANGEBYLEX: rangeCommand({ by: 'lex', reverse: true }),
};

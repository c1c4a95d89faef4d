import { ReplyError } from 'aioredis-abc-kit';
import type { Database } from '../keyspace.js';
import { floatArg, integerArg } from '../numbers.js';
import { syntaxError, wrongType, type RawReply } from '../reply.js';
import { arg, isWord, text, type Command, type CommandTable } from './command.js';
import { membersReply, ordered } from './sorted-set-members.js';

/** One input of ZINTER, ZUNION and ZDIFF: a sorted set, or a set whose members score 1, or nothing; and its weight. */
interface Input {
  /** Member to score; `null` for a missing key. */
  readonly scores: ReadonlyMap<string, number> | null;
  /** WEIGHTS' factor, 1 by default. */
  weight: number;
}

/** Which of the three a command is. */
type Operation = 'inter' | 'union' | 'diff';
/** AGGREGATE's choice. */
type Aggregate = 'sum' | 'min' | 'max';

/** The inputs named after `numkeys`, each checked for its type, as Redis reads them before any option. */
function inputs(db: Database, args: readonly Buffer[], at: number, command: string): Input[] {
  const count = integerArg(arg(args, at));
  if (count < 1n) throw new ReplyError(`ERR at least 1 input key is needed for '${command}' command`);
  if (count > BigInt(args.length - at - 1)) throw syntaxError();
  return args.slice(at + 1, at + 1 + Number(count)).map((key) => {
    const value = db.get(text(key));
    if (value !== undefined && value.type !== 'zset' && value.type !== 'set') throw wrongType();
    const scores = value === undefined ? null : value.type === 'zset' ? value.scores : new Map([...(value.type === 'set' ? value.members : [])].map((member) => [member, 1]));
    return { scores, weight: 1 };
  });
}

/** Reads WEIGHTS, AGGREGATE and (without a destination) WITHSCORES; DIFF takes only WITHSCORES. */
function options(args: readonly Buffer[], from: number, sources: Input[], operation: Operation, store: boolean): { aggregate: Aggregate; withScores: boolean } {
  let aggregate: Aggregate = 'sum';
  let withScores = false;
  for (let index = from; index < args.length; ) {
    const remaining = args.length - index;
    if (operation !== 'diff' && remaining >= sources.length + 1 && isWord(args[index], 'WEIGHTS')) {
      for (const source of sources) source.weight = floatArg(arg(args, ++index), () => new ReplyError('ERR weight value is not a float'));
      index += 1;
    } else if (operation !== 'diff' && remaining >= 2 && isWord(args[index], 'AGGREGATE')) {
      const word = text(arg(args, index + 1)).toLowerCase();
      if (word !== 'sum' && word !== 'min' && word !== 'max') throw syntaxError();
      aggregate = word;
      index += 2;
    } else if (!store && isWord(args[index], 'WITHSCORES')) {
      withScores = true;
      index += 1;
    } else throw syntaxError();
  }
  return { aggregate, withScores };
}

/** Combines two weighted scores as Redis's `zunionInterAggregate`: a NaN sum is 0, and MIN and MAX compare as C does. */
function combine(score: number, value: number, aggregate: Aggregate): number {
  if (aggregate === 'min') return value < score ? value : score;
  if (aggregate === 'max') return value > score ? value : score;
  const sum = score + value;
  return Number.isNaN(sum) ? 0 : sum;
}

/** The weighted score of a member of one input (NaN, from 0 times infinity, is 0). */
const weighted = (score: number, weight: number): number => (Number.isNaN(score * weight) ? 0 : score * weight);

/** The result of the operation, member to score. */
function compute(sources: readonly Input[], operation: Operation, aggregate: Aggregate): Map<string, number> {
  const result = new Map<string, number>();
  const [first, ...rest] = operation === 'diff' ? sources : [...sources].sort((a, b) => (a.scores?.size ?? 0) - (b.scores?.size ?? 0));
  if (operation === 'diff') {
    for (const [member, score] of first?.scores ?? []) if (rest.every((other) => !other.scores?.has(member))) result.set(member, score);
    return result;
  }
  if (operation === 'inter') {
    for (const [member, score] of first?.scores ?? []) {
      if (!rest.every((other) => other.scores?.has(member))) continue;
      result.set(member, rest.reduce((total, other) => combine(total, (other.scores?.get(member) ?? 0) * other.weight, aggregate), weighted(score, first?.weight ?? 1)));
    }
    return result;
  }
  for (const source of [first, ...rest]) {
    for (const [member, score] of source?.scores ?? []) {
      const value = weighted(score, source?.weight ?? 1);
      const known = result.get(member);
      result.set(member, known === undefined ? value : combine(known, value, aggregate));
    }
  }
  return result;
}

/** ZINTER, ZUNION, ZDIFF (`store` false: the members, WITHSCORES) and their STORE forms (how many were stored). */
function combined(operation: Operation, store: boolean): Command {
  const name = `z${operation}${store ? 'store' : ''}`;
  return {
    arity: store ? -4 : -3,
    run({ db }, args): RawReply {
      const at = store ? 1 : 0;
      const sources = inputs(db, args, at, name);
      const { aggregate, withScores } = options(args, at + 1 + sources.length, sources, operation, store);
      const result = compute(sources, operation, aggregate);
      if (!store) return membersReply(ordered({ type: 'zset', scores: result }), withScores);
      const destination = text(arg(args, 0));
      if (result.size === 0) db.delete(destination);
      else db.set(destination, { type: 'zset', scores: result });
      return result.size;
    },
  };
}

/** ZINTER, ZUNION and ZDIFF, and their STORE forms. */
export const sortedSetCombine: CommandTable = {
  ZINTER: combined('inter', false),
  ZUNION: combined('union', false),
  ZDIFF: combined('diff', false),
  ZINTERSTORE: combined('inter', true),
  ZUNIONSTORE: combined('union', true),
  ZDIFFSTORE: combined('diff', true),
};

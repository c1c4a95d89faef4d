import { ReplyError } from 'aioredis-abc-kit';
import type { Database, ValueOf } from '../keyspace.js';
import { integerArg } from '../numbers.js';
import { arg, bytesOf, text, type Command, type CommandTable } from './command.js';
import { noMoreThan, randomPick, sample, signedCount } from './random.js';

/** Every key's set, each checked for its type; a missing one is `undefined`. */
function setsOf(db: Database, keys: readonly Buffer[]): (ValueOf<'set'> | undefined)[] {
  return keys.map((key) => db.read(text(key), 'set'));
}

/** Stores `members` at the destination as a set (replacing any value and its expiry), or deletes it when empty; how many. */
function storeSet(db: Database, destination: Buffer, members: Set<string>): number {
  const key = text(destination);
  if (members.size === 0) db.delete(key);
  else db.set(key, { type: 'set', members });
  return members.size;
}

/** The members of the first set in none of the others, of all, or of every one: SDIFF's, SUNION's and SINTER's rule. */
const rules: Readonly<Record<'inter' | 'union' | 'diff', (sets: readonly (ValueOf<'set'> | undefined)[]) => Set<string>>> = {
  inter: (sets) => {
    if (sets.some((value) => value === undefined)) return new Set();
    const [first, ...rest] = sets.map((value) => value?.members ?? new Set<string>());
    return new Set([...(first ?? [])].filter((member) => rest.every((other) => other.has(member))));
  },
  union: (sets) => new Set(sets.flatMap((value) => [...(value?.members ?? [])])),
  diff: ([first, ...rest]) => new Set([...(first?.members ?? [])].filter((member) => rest.every((other) => !other?.members.has(member)))),
};

/** SINTERSTORE, SUNIONSTORE and SDIFFSTORE. */
function storeCommand(rule: keyof typeof rules): Command {
  return {
    arity: -3,
    run({ db }, args) {
      const sets = setsOf(db, args.slice(1));
      return storeSet(db, arg(args, 0), rules[rule](sets));
    },
  };
}

/** SPOP with a count (Redis's one error for a count that is not a non-negative integer): that many distinct members removed, all of them when the set is no larger. */
function popCount(db: Database, key: Buffer, countArg: Buffer): Buffer[] {
  const positive = (): ReplyError => new ReplyError('ERR value is out of range, must be positive');
  const count = integerArg(countArg, positive);
  if (count < 0n) throw positive();
  const value = db.read(text(key), 'set');
  if (value === undefined || count === 0n) return [];
  const popped = count >= BigInt(value.members.size) ? [...value.members] : sample([...value.members], Number(count));
  for (const member of popped) value.members.delete(member);
  db.store(text(key), value);
  return popped.map(bytesOf);
}

/** The set commands the double adds to its first ones: the stores, SPOP and SRANDMEMBER. Random members are any Redis could give. */
export const setExtras: CommandTable = {
  SINTERSTORE: storeCommand('inter'),
  SUNIONSTORE: storeCommand('union'),
  SDIFFSTORE: storeCommand('diff'),
  SPOP: {
    arity: -2,
    note: "random members, any Redis could give",
    run({ db }, args) {
      noMoreThan(args, 2);
      if (args[1] !== undefined) return popCount(db, arg(args, 0), args[1]);
      const value = db.read(text(arg(args, 0)), 'set');
      if (value === undefined) return null;
      const [member] = sample([...value.members], 1);
      if (member === undefined) return null;
      value.members.delete(member);
      db.store(text(arg(args, 0)), value);
      return bytesOf(member);
    },
  },
  SRANDMEMBER: {
    arity: -2,
    note: "random members, any Redis could give",
    run({ db }, args) {
      noMoreThan(args, 2);
      const count = args[1] === undefined ? null : signedCount(args[1]);
      const members = [...(db.read(text(arg(args, 0)), 'set')?.members ?? [])];
      if (count === null) return members.length === 0 ? null : bytesOf(randomPick(members, 1n)[0] ?? '');
      return randomPick(members, count).map(bytesOf);
    },
  },
};

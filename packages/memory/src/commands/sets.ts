import type { Database, ValueOf } from '../keyspace.js';
import { arg, bytesOf, text, type Command, type CommandTable } from './command.js';
import { keyScan, matches } from './scan.js';

/** The set at `key`, `undefined` when missing; `WRONGTYPE` for another type. */
function set(db: Database, key: Buffer): ValueOf<'set'> | undefined {
  return db.read(text(key), 'set');
}

/** SUNION and SDIFF: every key is checked for its type, a missing one is empty. */
function combine(combined: (sets: readonly ReadonlySet<string>[]) => Iterable<string>): Command {
  return {
    arity: -2,
    run({ db }, args) {
      const sets = args.map((key) => set(db, key)?.members ?? new Set<string>());
      return [...combined(sets)].map(bytesOf);
    },
  };
}

/** The set commands. Members come in the order they were added: Redis gives no order, so compare them as sets. */
export const sets: CommandTable = {
  SADD: {
    arity: -3,
    run({ db }, args) {
      const key = text(arg(args, 0));
      const value = db.readOrCreate(key, 'set', () => ({ type: 'set', members: new Set() }));
      const before = value.members.size;
      for (const member of args.slice(1)) value.members.add(text(member));
      const added = value.members.size - before;
      if (added > 0) db.store(key, value);
      return added;
    },
  },
  SREM: {
    arity: -3,
    run({ db }, args) {
      const value = set(db, arg(args, 0));
      if (value === undefined) return 0;
      const removed = args.slice(1).filter((member) => value.members.delete(text(member))).length;
      if (removed > 0) db.store(text(arg(args, 0)), value);
      return removed;
    },
  },
  SMEMBERS: { arity: 2, run: ({ db }, args) => [...(set(db, arg(args, 0))?.members ?? [])].map(bytesOf) },
  SISMEMBER: { arity: 3, run: ({ db }, args) => (set(db, arg(args, 0))?.members.has(text(arg(args, 1))) ? 1 : 0) },
  SMISMEMBER: {
    arity: -3,
    run({ db }, args) {
      const value = set(db, arg(args, 0));
      return args.slice(1).map((member) => (value?.members.has(text(member)) ? 1 : 0));
    },
  },
  SMOVE: {
    arity: 4,
    run({ db }, args) {
      const [sourceKey, destinationKey, member] = [text(arg(args, 0)), text(arg(args, 1)), text(arg(args, 2))];
      const exists = db.has(sourceKey);
      // Redis looks both keys up before anything else: an expired destination is deleted even when the source is missing.
      db.has(destinationKey);
      if (!exists) return 0;
      const source = db.read(sourceKey, 'set');
      const destination = db.read(destinationKey, 'set');
      if (source === undefined) return 0;
      if (sourceKey === destinationKey) return source.members.has(member) ? 1 : 0;
      if (!source.members.delete(member)) return 0;
      db.store(sourceKey, source);
      const target = destination ?? { type: 'set', members: new Set<string>() };
      if (!target.members.has(member)) {
        target.members.add(member);
        db.store(destinationKey, target);
      }
      return 1;
    },
  },
  SSCAN: keyScan('set', (value, options) => [...value.members].filter((member) => matches(options, member)).map(bytesOf)),
  SCARD: { arity: 2, run: ({ db }, args) => set(db, arg(args, 0))?.members.size ?? 0 },
  SINTER: {
    arity: -2,
    run({ db }, args) {
      const found = args.map((key) => set(db, key));
      if (found.some((value) => value === undefined)) return [];
      const [first = new Set<string>(), ...rest] = found.map((value) => value?.members ?? new Set<string>());
      return [...first].filter((member) => rest.every((other) => other.has(member))).map(bytesOf);
    },
  },
  SUNION: combine((sets) => new Set(sets.flatMap((members) => [...members]))),
  SDIFF: combine(([first = new Set<string>(), ...rest]) => [...first].filter((member) => rest.every((other) => !other.has(member)))),
};

import type { Database, ValueOf } from '../keyspace.js';
import { formatDouble } from '../numbers.js';
import { bytesOf, text } from './command.js';

/** A sorted set's value. */
export type SortedSet = ValueOf<'zset'>;

/** A member and its score. */
export interface Scored {
  readonly member: string;
  readonly score: number;
}

/** The sorted set at `key`, `undefined` when missing; `WRONGTYPE` for another type. */
export function zset(db: Database, key: Buffer): SortedSet | undefined {
  return db.read(text(key), 'zset');
}

/** Members in Redis's order: by score, then by their bytes. */
export function ordered(value: SortedSet | undefined): Scored[] {
  const members = [...(value?.scores ?? [])].map(([member, score]) => ({ member, score }));
  return members.sort((a, b) => a.score - b.score || (a.member < b.member ? -1 : a.member > b.member ? 1 : 0));
}

/** A score as a bulk string, printed as Redis 7.0 prints it. */
export function scoreReply(score: number): Buffer {
  return Buffer.from(formatDouble(score));
}

/** Members as a reply, each followed by its score when `withScores`. */
export function membersReply(members: readonly Scored[], withScores: boolean): Buffer[] {
  return members.flatMap(({ member, score }) => (withScores ? [bytesOf(member), scoreReply(score)] : [bytesOf(member)]));
}


import { ReplyError } from 'aioredis-abc-kit';
import { integerArg } from '../numbers.js';

const longMax = 2n ** 63n - 1n;

/** How an expiry argument counts: seconds or milliseconds, from now or since the epoch. */
export interface ExpiryUnit {
  readonly unit: 's' | 'ms';
  readonly absolute: boolean;
}

/** Redis's error for an expiry out of range, naming the command in lower case. */
export const invalidExpire = (command: string): ReplyError => new ReplyError(`ERR invalid expire time in '${command}' command`);

/**
 * The absolute time (ms) an option of SET, GETEX, SETEX or PSETEX gives, as
 * Redis checks it: a positive integer that does not overflow once in
 * milliseconds and added to now.
 */
export function optionExpiry(value: Buffer, { unit, absolute }: ExpiryUnit, now: number, command: string): number {
  const given = integerArg(value);
  if (given <= 0n || (unit === 's' && given > longMax / 1000n)) throw invalidExpire(command);
  const ms = unit === 's' ? given * 1000n : given;
  if (absolute) return Number(ms);
  if (ms > longMax - BigInt(now)) throw invalidExpire(command);
  return Number(ms + BigInt(now));
}

/** The options word that sets an expiry, and how it counts. */
export const expiryOptions: Readonly<Record<string, ExpiryUnit>> = {
  EX: { unit: 's', absolute: false },
  PX: { unit: 'ms', absolute: false },
  EXAT: { unit: 's', absolute: true },
  PXAT: { unit: 'ms', absolute: true },
};

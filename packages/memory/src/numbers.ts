import { notFloat, notInteger } from './reply.js';
import type { ReplyError } from 'aioredis-abc-kit';

/** The range of Redis's integers: a signed 64-bit `long long`. */
const min = -(2n ** 63n);
const max = 2n ** 63n - 1n;

/** Whether `value` fits a signed 64-bit integer. */
export function inRange(value: bigint): boolean {
  return value >= min && value <= max;
}

/** Bytes read as Redis's `string2ll` reads them (no sign `+`, no leading zeros, no spaces), or `null`. */
export function readInteger(bytes: Buffer): bigint | null {
  const text = bytes.toString('latin1');
  if (!/^(0|-?[1-9][0-9]{0,19})$/.test(text)) return null;
  const value = BigInt(text);
  return inRange(value) ? value : null;
}

/** An integer argument, or the error Redis replies with (`ERR value is not an integer or out of range` by default). */
export function integerArg(bytes: Buffer, error: () => ReplyError = notInteger): bigint {
  const value = readInteger(bytes);
  if (value === null) throw error();
  return value;
}

/** An integer argument as a JavaScript number, for counts and indexes. */
export function smallIntegerArg(bytes: Buffer, error: () => ReplyError = notInteger): number {
  return Number(integerArg(bytes, error));
}

const decimal = /^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/;
const hexadecimal = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?[0-9]+))?$/;
const infinity = /^([+-]?)(inf|infinity)$/i;

/** A hexadecimal float as C's `strtod` reads it (`0x1.8p3`), or `null`. */
function readHex(text: string): number | null {
  const match = hexadecimal.exec(text);
  if (match === null) return null;
  const [, sign = '', whole = '', fraction = '', exponent = '0'] = match;
  if (whole.length + fraction.length === 0) return null;
  const mantissa = Number.parseInt(`${whole}${fraction}` || '0', 16);
  const value = mantissa * 2 ** (Number(exponent) - 4 * fraction.length);
  return sign === '-' ? -value : value;
}

/**
 * Bytes read as a double the way Redis reads scores and float arguments
 * (`strtod`, the whole string, no leading space, no NaN, no overflow or
 * underflow to zero), or `null`.
 */
export function readFloat(bytes: Buffer): number | null {
  const text = bytes.toString('latin1');
  const inf = infinity.exec(text);
  if (inf !== null) return inf[1] === '-' ? -Infinity : Infinity;
  const value = decimal.test(text) ? Number(text) : readHex(text);
  if (value === null || !Number.isFinite(value)) return null;
  if (value === 0 && /[1-9]/.test(text.split(/[eEpP]/)[0] ?? '')) return null;
  return value;
}

/** A float argument, or the error Redis replies with (`ERR value is not a valid float` by default). */
export function floatArg(bytes: Buffer, error: () => ReplyError = notFloat): number {
  const value = readFloat(bytes);
  if (value === null) throw error();
  return value;
}

/** A double as Redis 7.0 prints a score: C's `%.17g`, `inf` and `-inf`. */
export function formatDouble(value: number): string {
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const [mantissa = '', power = '0'] = Math.abs(value).toExponential(16).split('e');
  const exponent = Number(power);
  const digits = mantissa.replace('.', '').replace(/0+$/, '');
  const sign = value < 0 ? '-' : '';
  if (exponent < -4 || exponent >= 17) {
    const rest = digits.slice(1);
    const shown = `${Math.abs(exponent)}`.padStart(2, '0');
    return `${sign}${digits.charAt(0)}${rest ? `.${rest}` : ''}e${exponent < 0 ? '-' : '+'}${shown}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  const fraction = digits.slice(exponent + 1);
  return `${sign}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** C's `isspace`, which `strtod` skips before a number. */
const cSpace = /^[ \t\n\v\f\r]+/;

/**
 * Bytes read as a range bound of ZRANGE BYSCORE and ZCOUNT: plain `strtod`
 * over the whole string, so leading spaces pass, an empty string is 0,
 * overflow is infinity, and only NaN or trailing bytes fail.
 */
export function readRangeFloat(written: string): number | null {
  if (written === '') return 0;
  const trimmed = written.replace(cSpace, '');
  if (trimmed === '') return null;
  const inf = infinity.exec(trimmed);
  if (inf !== null) return inf[1] === '-' ? -Infinity : Infinity;
  if (decimal.test(trimmed)) return Number(trimmed);
  return readHex(trimmed);
}

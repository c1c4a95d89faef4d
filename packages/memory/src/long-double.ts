/**
 * C's `long double` on x86-64 (80-bit extended precision: a 64-bit
 * significand, exponents down to subnormals at 2^-16445), computed exactly
 * with big integers: INCRBYFLOAT and HINCRBYFLOAT read, add and print their
 * numbers in it, and JavaScript's doubles would round differently.
 */
export type LongDouble =
  | { readonly kind: 'finite'; readonly negative: boolean; readonly significand: bigint; readonly exponent: number }
  | { readonly kind: 'infinite'; readonly negative: boolean };

/** Zero, as a missing key or field counts. */
export const zero: LongDouble = { kind: 'finite', negative: false, significand: 0n, exponent: 0 };

const significandBits = 64;
/** The exponent of the significand's last bit for the smallest normal and all subnormal values. */
const minExponent = -16445;
/** The largest exponent of a finite value's significand. */
const maxExponent = 16320;

function bitLength(value: bigint): number {
  return value === 0n ? 0 : value.toString(2).length;
}

/** The long double nearest `numerator / denominator` (ties to even), signed; infinite when it overflows. */
function nearest(negative: boolean, numerator: bigint, denominator: bigint): LongDouble {
  if (numerator === 0n) return { kind: 'finite', negative, significand: 0n, exponent: 0 };
  let exponent = Math.max(bitLength(numerator) - bitLength(denominator) - significandBits, minExponent);
  const quotient = (e: number): { q: bigint; r: bigint; d: bigint } => {
    const [n, d] = e >= 0 ? [numerator, denominator << BigInt(e)] : [numerator << BigInt(-e), denominator];
    return { q: n / d, r: n % d, d };
  };
  let { q, r, d } = quotient(exponent);
  while (q >= 1n << BigInt(significandBits)) ({ q, r, d } = quotient((exponent += 1)));
  while (q < 1n << BigInt(significandBits - 1) && exponent > minExponent) ({ q, r, d } = quotient((exponent -= 1)));
  if (2n * r > d || (2n * r === d && q % 2n === 1n)) q += 1n;
  if (q === 1n << BigInt(significandBits)) {
    q >>= 1n;
    exponent += 1;
  }
  if (exponent > maxExponent) return { kind: 'infinite', negative };
  return { kind: 'finite', negative, significand: q, exponent };
}

const decimal = /^([+-]?)([0-9]*)\.?([0-9]*)(?:[eE]([+-]?[0-9]+))?$/;
const hexadecimal = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)(?:[pP]([+-]?[0-9]+))?$/;

/**
 * Text read as Redis's `string2ld` reads it (C's `strtold` over the whole
 * text, nothing before or after, no NaN, no overflow from finite digits, no
 * underflow to zero), or `null`.
 */
export function readLongDouble(written: string): LongDouble | null {
  if (written.length === 0 || written.length >= 5 * 1024) return null;
  const inf = /^([+-]?)(inf|infinity)$/i.exec(written);
  if (inf !== null) return { kind: 'infinite', negative: inf[1] === '-' };
  const hex = hexadecimal.exec(written);
  const dec = hex === null ? decimal.exec(written) : null;
  const match = hex ?? dec;
  if (match === null) return null;
  const [, sign = '', whole = '', fraction = '', power = '0'] = match;
  if (whole.length + fraction.length === 0) return null;
  const negative = sign === '-';
  const digits = BigInt(`${hex === null ? '' : '0x'}${whole}${fraction}` || '0');
  if (digits === 0n) return { kind: 'finite', negative, significand: 0n, exponent: 0 };
  if (hex !== null) {
    const shift = Number(power) - 4 * fraction.length;
    if (shift > 17000) return null;
    if (shift < -17000 - 4 * (whole.length + fraction.length)) return null;
    const value = shift >= 0 ? nearest(negative, digits << BigInt(shift), 1n) : nearest(negative, digits, 1n << BigInt(-shift));
    return checked(value);
  }
  const scale = Number(power) - fraction.length;
  const magnitude = scale + (whole + fraction).replace(/^0+/, '').length;
  if (magnitude > 4940) return null;
  if (magnitude < -4960) return null;
  const value = scale >= 0 ? nearest(negative, digits * 10n ** BigInt(scale), 1n) : nearest(negative, digits, 10n ** BigInt(-scale));
  return checked(value);
}

/** `strtold`'s range errors as `string2ld` takes them: overflow to infinity and underflow to zero are refused. */
function checked(value: LongDouble): LongDouble | null {
  if (value.kind === 'infinite') return null;
  return value.significand === 0n ? null : value;
}

/** The sum, rounded as the FPU rounds it; `null` for NaN (infinities of both signs). */
export function addLongDouble(a: LongDouble, b: LongDouble): LongDouble | null {
  if (a.kind === 'infinite' || b.kind === 'infinite') {
    if (a.kind === 'infinite' && b.kind === 'infinite' && a.negative !== b.negative) return null;
    return a.kind === 'infinite' ? a : b;
  }
  const exponent = Math.min(a.exponent, b.exponent);
  const signed = (x: typeof a): bigint => (x.negative ? -x.significand : x.significand) << BigInt(x.exponent - exponent);
  const sum = signed(a) + signed(b);
  const magnitude = sum < 0n ? -sum : sum;
  return exponent >= 0 ? nearest(sum < 0n, magnitude << BigInt(exponent), 1n) : nearest(sum < 0n, magnitude, 1n << BigInt(-exponent));
}

/** A finite value as Redis prints it (`%.17Lf`, trailing zeros and point removed, `-0` as `0`). */
export function formatLongDouble(value: LongDouble & { kind: 'finite' }): string {
  const sign = value.negative ? '-' : '';
  let text: string;
  if (value.exponent >= 0) text = (value.significand << BigInt(value.exponent)).toString();
  else {
    const scaled = value.significand * 10n ** 17n;
    const denominator = 1n << BigInt(-value.exponent);
    let q = scaled / denominator;
    const r = scaled % denominator;
    if (2n * r > denominator || (2n * r === denominator && q % 2n === 1n)) q += 1n;
    const whole = (q / 10n ** 17n).toString();
    const fraction = (q % 10n ** 17n).toString().padStart(17, '0').replace(/0+$/, '');
    text = fraction === '' ? whole : `${whole}.${fraction}`;
  }
  const shown = `${sign}${text}`;
  return shown === '-0' ? '0' : shown;
}

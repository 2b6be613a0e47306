/**
 * The matching engine's number representation (converted only at its edges):
 * - prices: integer `number`s of price units, 10^-priceDecimals each (the tick's decimals);
 * - quantities: integer `number`s of quantity units, 10^-qtyDecimals each (the step's decimals);
 * - money (balances, quote amounts, fees): `bigint` atto-units, 10^-18 of one asset unit, so
 *   price × quantity and fee × rate stay exact and never overflow. On the hot path such amounts
 *   are first formed as plain integer `number`s in coarser units (price × quantity units, a fee's
 *   own decimals) whenever the result is a safe integer, which makes them exact too, and only the
 *   final amount becomes a bigint.
 * A price or quantity that is not a safe integer in its units throws: the engine never rounds silently.
 */
import type { Decimal } from '../../model/money.js';

export const ATTO_DECIMALS = 18;
export const ATTO = 10n ** 18n;
export const POW10_BIG: readonly bigint[] = Array.from({ length: 40 }, (_, i) => 10n ** BigInt(i));
const ZEROS = '0'.repeat(40);

export type Rounding = 'down' | 'up';

/**
 * `value` (a plain non-negative decimal string) as an integer number of 10^-decimals units.
 * Digits beyond `decimals` round down, or up when `rounding` is 'up'.
 */
export function toUnits(value: Decimal, decimals: number, rounding: Rounding = 'down'): number {
  const dot = value.indexOf('.');
  let digits: string;
  let roundUp = false;
  if (dot < 0) {
    digits = decimals === 0 ? value : value + ZEROS.slice(0, decimals);
  } else {
    const fraction = value.slice(dot + 1);
    if (fraction.length > decimals) {
      if (rounding === 'up') roundUp = /[1-9]/.test(fraction.slice(decimals));
      digits = value.slice(0, dot) + fraction.slice(0, decimals);
    } else {
      digits = value.slice(0, dot) + fraction + ZEROS.slice(0, decimals - fraction.length);
    }
  }
  const units = Number(digits) + (roundUp ? 1 : 0);
  if (!Number.isSafeInteger(units) || units < 0)
    throw new RangeError(`${value} does not fit the engine's integer range at ${decimals} decimals`);
  return units;
}

/** Whether `value` has no non-zero digit beyond `decimals`. */
export function fitsUnits(value: Decimal, decimals: number): boolean {
  const dot = value.indexOf('.');
  if (dot < 0) return true;
  for (let i = dot + 1 + decimals; i < value.length; i += 1) if (value.charCodeAt(i) !== 48) return false;
  return true;
}

/** 10^i as exact doubles (every power up to 10^22 is exact). */
export const POW10_NUM: readonly number[] = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** The last number printed at each number of decimals: an order's totals are often its single fill's figures again. */
const memoUnits: number[] = POW10_NUM.map(() => -1);
const memoTexts: string[] = POW10_NUM.map(() => '');

/** Canonical decimal string of `units` × 10^-decimals (trailing zeros dropped). */
export function fromUnits(units: number | bigint, decimals: number): Decimal {
  if (typeof units !== 'number' || !Number.isSafeInteger(units) || decimals >= POW10_NUM.length)
    return digitsText(units.toString(), decimals);
  if (memoUnits[decimals] === units) return memoTexts[decimals];
  const text = numberText(units, decimals);
  memoUnits[decimals] = units;
  memoTexts[decimals] = text;
  return text;
}

/** fromUnits for a safe integer, split arithmetically: no digit-string slicing for the common case. */
function numberText(units: number, decimals: number): Decimal {
  if (units < 0) return `-${numberText(-units, decimals)}`;
  if (decimals === 0) return String(units);
  const unit = POW10_NUM[decimals];
  let whole = Math.floor(units / unit);
  // Multiples of 10 below 2^54 are exact doubles, so whole × unit and the difference are exact; fix a quotient rounded across an integer.
  let fraction = units - whole * unit;
  if (fraction < 0) {
    whole -= 1;
    fraction += unit;
  } else if (fraction >= unit) {
    whole += 1;
    fraction -= unit;
  }
  if (fraction === 0) return integerText(whole);
  const digits = integerText(fraction);
  let end = digits.length;
  while (digits.charCodeAt(end - 1) === 48) end -= 1;
  const pad = decimals - digits.length;
  return `${integerText(whole)}.${pad > 0 ? ZEROS.slice(0, pad) : ''}${end < digits.length ? digits.slice(0, end) : digits}`;
}

/** String(n) for a safe integer n >= 0, in two halves above 2^31: V8 prints small integers much faster than large doubles. */
function integerText(n: number): string {
  if (n <= 0x7fffffff) return String(n);
  const high = Math.floor(n / 1e9);
  const low = String(n - high * 1e9);
  return `${high}${ZEROS.slice(0, 9 - low.length)}${low}`;
}

/**
 * The canonical text of `units` (as fromUnits gives it): `text` itself when it already is that,
 * which saves printing the number again. `text` is what `units` was parsed from by toUnits.
 */
export function unitsText(text: string, units: number, decimals: number): Decimal {
  return isCanonical(text, decimals) ? text : fromUnits(units, decimals);
}

/** Plain digits, no leading zero, at most `decimals` fraction digits and no trailing zero among them. */
function isCanonical(text: string, decimals: number): boolean {
  const n = text.length;
  let i = 0;
  if (n > 1 && text.charCodeAt(0) === 48 && text.charCodeAt(1) !== 46) return false;
  for (; i < n; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 46) break;
    if (c < 48 || c > 57) return false;
  }
  if (i === 0) return false;
  if (i === n) return true;
  const fractionDigits = n - i - 1;
  if (fractionDigits === 0 || fractionDigits > decimals || text.charCodeAt(n - 1) === 48) return false;
  for (i += 1; i < n; i += 1) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function digitsText(text: string, decimals: number): Decimal {
  let digits = text;
  let sign = '';
  if (digits.charCodeAt(0) === 45) {
    sign = '-';
    digits = digits.slice(1);
  }
  if (decimals === 0) return sign + digits;
  if (digits.length <= decimals) digits = ZEROS.slice(0, decimals - digits.length + 1) + digits;
  const cut = digits.length - decimals;
  let end = digits.length;
  while (end > cut && digits.charCodeAt(end - 1) === 48) end -= 1;
  const whole = digits.slice(0, cut);
  return end === cut ? sign + whole : `${sign}${whole}.${digits.slice(cut, end)}`;
}

/** Exact atto-units of a decimal with at most 18 decimals; more decimals than that round down. */
export function toAtto(value: Decimal): bigint {
  const negative = value.charCodeAt(0) === 45;
  const body = negative ? value.slice(1) : value;
  const dot = body.indexOf('.');
  let digits: string;
  if (dot < 0) digits = body + ZEROS.slice(0, ATTO_DECIMALS);
  else {
    const fraction = body.slice(dot + 1, dot + 1 + ATTO_DECIMALS);
    digits = body.slice(0, dot) + fraction + ZEROS.slice(0, ATTO_DECIMALS - fraction.length);
  }
  const atto = BigInt(digits);
  return negative ? -atto : atto;
}

export function fromAtto(atto: bigint): Decimal {
  return fromUnits(atto, ATTO_DECIMALS);
}

/**
 * Number(fromAtto(atto)) without the decimal text: both round the same exact decimal value to the
 * nearest double. Amounts mostly end in many zeros (8 decimals of 18): their at most 15 leading
 * digits are an exact double and one division by an exact power of ten rounds once, as parsing does.
 */
export function attoNumber(atto: bigint): number {
  if (atto === 0n) return 0;
  const digits = atto.toString();
  let end = digits.length;
  while (digits.charCodeAt(end - 1) === 48) end -= 1;
  const exponent = ATTO_DECIMALS - (digits.length - end);
  if (atto > 0n && end <= 15 && exponent >= 0)
    return Number(end === digits.length ? digits : digits.slice(0, end)) / POW10_NUM[exponent]!;
  return Number(`${digits}e-${ATTO_DECIMALS}`);
}

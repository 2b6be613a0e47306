/**
 * The matching engine's number representation (converted only at its edges):
 * - prices: integer `number`s of price units, 10^-priceDecimals each (the tick's decimals);
 * - quantities: integer `number`s of quantity units, 10^-qtyDecimals each (the step's decimals);
 * - money (balances, quote amounts, fees): `bigint` atto-units, 10^-18 of one asset unit, so
 *   price × quantity and fee × rate stay exact and never overflow.
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
  if (!Number.isSafeInteger(units) || units < 0) throw new RangeError(`${value} does not fit the engine's integer range at ${decimals} decimals`);
  return units;
}

/** Whether `value` has no non-zero digit beyond `decimals`. */
export function fitsUnits(value: Decimal, decimals: number): boolean {
  const dot = value.indexOf('.');
  if (dot < 0) return true;
  for (let i = dot + 1 + decimals; i < value.length; i += 1) if (value.charCodeAt(i) !== 48) return false;
  return true;
}

/** Canonical decimal string of `units` × 10^-decimals (trailing zeros dropped). */
export function fromUnits(units: number | bigint, decimals: number): Decimal {
  let digits = units.toString();
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

import Big from 'big.js';

/**
 * Exact decimal amounts travel as canonical decimal strings ("0.00100000" is fine, "1e-3" is not).
 * Arithmetic goes through big.js; binary floats never touch money.
 */
export type Decimal = string;

Big.DP = 30;
Big.RM = Big.roundDown;
Big.NE = -40;
Big.PE = 40;

export { Big };

export const ZERO: Decimal = '0';

const DECIMAL_PATTERN = /^-?\d+(\.\d+)?$/;

export function isDecimal(value: string): boolean {
  return DECIMAL_PATTERN.test(value);
}

export function dec(value: Decimal | number | Big): Big {
  return new Big(value);
}

/** Canonical plain-notation string, trailing zeros removed. */
export function str(value: Big): Decimal {
  return value.toFixed();
}

export function add(a: Decimal, b: Decimal): Decimal {
  return str(new Big(a).plus(b));
}

export function sub(a: Decimal, b: Decimal): Decimal {
  return str(new Big(a).minus(b));
}

export function mul(a: Decimal, b: Decimal): Decimal {
  return str(new Big(a).times(b));
}

/** Division truncated to `dp` decimal places (default 18). */
export function div(a: Decimal, b: Decimal, dp = 18): Decimal {
  return str(new Big(a).div(b).round(dp, Big.roundDown));
}

export function cmp(a: Decimal, b: Decimal): -1 | 0 | 1 {
  return new Big(a).cmp(b) as -1 | 0 | 1;
}

export function isZero(a: Decimal): boolean {
  return new Big(a).eq(0);
}

export function isPositive(a: Decimal): boolean {
  return new Big(a).gt(0);
}

export function min(a: Decimal, b: Decimal): Decimal {
  return cmp(a, b) <= 0 ? a : b;
}

export function max(a: Decimal, b: Decimal): Decimal {
  return cmp(a, b) >= 0 ? a : b;
}

export function neg(a: Decimal): Decimal {
  return str(new Big(a).neg());
}

export function abs(a: Decimal): Decimal {
  return str(new Big(a).abs());
}

/** Largest multiple of `step` (counted from `base`) that is <= value. A zero step means no rounding. */
export function floorToStep(value: Decimal, step: Decimal, base: Decimal = ZERO): Decimal {
  const s = new Big(step);
  if (s.eq(0)) return str(new Big(value));
  const offset = new Big(value).minus(base);
  const steps = offset.div(s).round(0, Big.roundDown);
  return str(steps.times(s).plus(base));
}

/** Smallest multiple of `step` (counted from `base`) that is >= value. */
export function ceilToStep(value: Decimal, step: Decimal, base: Decimal = ZERO): Decimal {
  const s = new Big(step);
  if (s.eq(0)) return str(new Big(value));
  const offset = new Big(value).minus(base);
  const steps = offset.div(s).round(0, Big.roundUp);
  return str(steps.times(s).plus(base));
}

/** Nearest multiple of `step`, halves away from zero. */
export function roundToStep(value: Decimal, step: Decimal, base: Decimal = ZERO): Decimal {
  const s = new Big(step);
  if (s.eq(0)) return str(new Big(value));
  const offset = new Big(value).minus(base);
  const steps = offset.div(s).round(0, Big.roundHalfUp);
  return str(steps.times(s).plus(base));
}

export function isMultipleOf(value: Decimal, step: Decimal, base: Decimal = ZERO): boolean {
  const s = new Big(step);
  if (s.eq(0)) return true;
  return new Big(value).minus(base).mod(s).eq(0);
}

/** Number of decimal places a step like "0.00010000" allows (4 here). */
export function decimalsOf(step: Decimal): number {
  const normalized = str(new Big(step));
  const dot = normalized.indexOf('.');
  return dot === -1 ? 0 : normalized.length - dot - 1;
}

/** Fixed number of decimals, truncated, for display and for the wire. */
export function toFixedDown(value: Decimal, dp: number): Decimal {
  return new Big(value).round(dp, Big.roundDown).toFixed(dp);
}

export function sum(values: Iterable<Decimal>): Decimal {
  let total = new Big(0);
  for (const v of values) total = total.plus(v);
  return str(total);
}

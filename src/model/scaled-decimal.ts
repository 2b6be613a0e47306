/** The exact decimals the venue's filters compute with (`Scaled`); checked against big.js in test/model/filters-exact-arithmetic.test.ts. */

/** Decimal places of a plain decimal with its trailing fraction zeros dropped (scaled(value).s). */
export function fractionDigits(value: string): number {
  const dot = value.indexOf('.');
  if (dot < 0) return 0;
  let end = value.length;
  while (end > dot + 1 && value.charCodeAt(end - 1) === 48) end -= 1;
  return end - dot - 1;
}

/**
 * The digits of a plain decimal up to `s` fraction digits as one integer in a plain number: exact
 * while it is a safe integer (more than that reads as above MAX_SAFE_INTEGER, never as a smaller value).
 */
export function digitsNumber(value: string, s: number): number {
  const dot = value.indexOf('.');
  const end = dot < 0 ? value.length : dot + 1 + s;
  let n = 0;
  for (let i = 0; i < end; i += 1) {
    const c = value.charCodeAt(i);
    if (c !== 46) n = n * 10 + (c - 48);
  }
  return n;
}

/** 10^i as exact doubles (exact up to 10^22). */
export const POW10_NUM: readonly number[] = Array.from({ length: 41 }, (_, i) => 10 ** i);

/**
 * An exact decimal as an integer count of units and a count of decimal places: 12.5 is 125 units
 * at 1 place. The units are a plain number `n` while they are a safe integer (`big` undefined),
 * else the bigint `big` (and `n` is NaN). Every operation works in plain numbers while each of its
 * products and differences is a safe integer (then exact), else in bigints.
 */
export interface Scaled {
  n: number;
  big: bigint | undefined;
  s: number;
}

export const MAX_SAFE = Number.MAX_SAFE_INTEGER;
export const POW10: bigint[] = Array.from({ length: 80 }, (_, i) => 10n ** BigInt(i));

/** Integer units at `s` places (an integer: BigInt refuses anything else, as before). */
export function unitsScaled(units: number, s: number): Scaled {
  return Number.isSafeInteger(units) ? { n: units, big: undefined, s } : { n: NaN, big: BigInt(units), s };
}

export function bigScaled(big: bigint, s: number): Scaled {
  return big >= -BigInt(MAX_SAFE) && big <= BigInt(MAX_SAFE)
    ? { n: Number(big), big: undefined, s }
    : { n: NaN, big, s };
}

export function scaled(value: string): Scaled {
  const dot = value.indexOf('.');
  let end = value.length;
  if (dot >= 0) while (end > dot + 1 && value.charCodeAt(end - 1) === 48) end -= 1;
  const s = dot < 0 || end === dot + 1 ? 0 : end - dot - 1;
  // Plain digits (and the dot) read as a number: exact while a safe integer (past that it stays above MAX_SAFE).
  const stop = dot < 0 ? value.length : s === 0 ? dot : end;
  let n = 0;
  let plain = stop > 0;
  for (let i = 0; i < stop && plain; i += 1) {
    if (i === dot) continue;
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) plain = false;
    else n = n * 10 + (c - 48);
  }
  if (plain && n <= MAX_SAFE) return { n, big: undefined, s };
  if (dot < 0) return bigScaled(BigInt(value), 0);
  if (s === 0) return bigScaled(BigInt(value.slice(0, dot)), 0);
  return bigScaled(BigInt(value.slice(0, dot) + value.slice(dot + 1, end)), s);
}

export function bigOf(a: Scaled): bigint {
  return a.big ?? BigInt(a.n);
}

export function isZeroScaled(a: Scaled): boolean {
  return a.big === undefined ? a.n === 0 : a.big === 0n;
}

export function align(a: Scaled, s: number): bigint {
  return a.s === s ? bigOf(a) : bigOf(a) * (POW10[s - a.s] ?? 10n ** BigInt(s - a.s));
}

/** The units of `a` at `s` >= a.s places as a plain number, or NaN when that is not a safe integer. */
export function alignedNumber(a: Scaled, s: number): number {
  if (a.big !== undefined) return NaN;
  const x = a.s === s ? a.n : a.n * (POW10_NUM[s - a.s] ?? NaN);
  return x <= MAX_SAFE && x >= -MAX_SAFE ? x : NaN;
}

export function compare(a: Scaled, b: Scaled): number {
  const s = a.s > b.s ? a.s : b.s;
  const xn = alignedNumber(a, s);
  const yn = alignedNumber(b, s);
  if (xn === xn && yn === yn) return xn < yn ? -1 : xn > yn ? 1 : 0;
  const x = align(a, s);
  const y = align(b, s);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function times(a: Scaled, b: Scaled): Scaled {
  if (a.big === undefined && b.big === undefined) {
    const p = a.n * b.n;
    if (p <= MAX_SAFE && p >= -MAX_SAFE) return { n: p, big: undefined, s: a.s + b.s };
  }
  return bigScaled(bigOf(a) * bigOf(b), a.s + b.s);
}

/** Binance's step rule: (value - minimum) % step == 0; a zero step disables it. */
export function onGrid(value: Scaled, minimum: Scaled, step: Scaled): boolean {
  if (isZeroScaled(step)) return true;
  const s = Math.max(value.s, minimum.s, step.s);
  const x = alignedNumber(value, s);
  const y = alignedNumber(minimum, s);
  const z = alignedNumber(step, s);
  if (x === x && y === y && z === z) {
    const d = x - y;
    if (d <= MAX_SAFE && d >= -MAX_SAFE) return d % z === 0;
  }
  return (align(value, s) - align(minimum, s)) % align(step, s) === 0n;
}

export const ZERO_SCALED: Scaled = { n: 0, big: undefined, s: 0 };

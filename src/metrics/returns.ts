import type { EquityPoint } from './types.js';

export const DAY_MS = 86_400_000;
export const DAYS_PER_YEAR = 365;

/**
 * Period returns for the ratios: daily (last mark of each UTC day, the first mark as the opening
 * value) when the marks are closer than a day, else the marks' own spacing. Returns the returns and
 * the length of a period in days.
 */
export function periodReturns(curve: readonly EquityPoint[]): { returns: number[]; periodDays: number } {
  if (curve.length < 2) return { returns: [], periodDays: 1 };
  const spacing = medianSpacing(curve);
  let values: number[];
  let periodDays: number;
  if (spacing < DAY_MS) {
    values = [curve[0]!.equity];
    let day = Math.floor(curve[0]!.time / DAY_MS);
    let last = curve[0]!.equity;
    for (let i = 1; i < curve.length; i++) {
      const d = Math.floor(curve[i]!.time / DAY_MS);
      if (d !== day) {
        values.push(last);
        day = d;
      }
      last = curve[i]!.equity;
    }
    values.push(last);
    periodDays = 1;
  } else {
    values = curve.map((p) => p.equity);
    periodDays = spacing / DAY_MS;
  }
  const returns: number[] = [];
  for (let i = 1; i < values.length; i++) {
    const prev = values[i - 1]!;
    if (prev > 0) returns.push(values[i]! / prev - 1);
  }
  return { returns, periodDays };
}

function medianSpacing(curve: readonly EquityPoint[]): number {
  const gaps: number[] = [];
  const step = Math.max(1, Math.floor(curve.length / 1000));
  for (let i = step; i < curve.length; i += step) gaps.push((curve[i]!.time - curve[i - step]!.time) / step);
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)] ?? DAY_MS;
}

export function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return xs.length ? s / xs.length : NaN;
}

export function stdev(xs: readonly number[]): number {
  if (xs.length < 2) return NaN;
  const m = mean(xs);
  let s = 0;
  for (const x of xs) s += (x - m) ** 2;
  return Math.sqrt(s / (xs.length - 1));
}

/** Root mean square of the negative returns (zero counts for the positive ones). */
export function downsideDeviation(xs: readonly number[]): number {
  if (xs.length < 2) return NaN;
  let s = 0;
  for (const x of xs) if (x < 0) s += x * x;
  return Math.sqrt(s / xs.length);
}

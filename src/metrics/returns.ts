import { columnsOf, type EquityCurve, type EquitySeries } from './curve.js';

export const DAY_MS = 86_400_000;
export const DAYS_PER_YEAR = 365;

/**
 * Period returns for the ratios: daily (last mark of each UTC day, the first mark as the opening
 * value) when the marks are closer than a day, else the marks' own spacing. Returns the returns and
 * the length of a period in days.
 */
export function periodReturns(marks: EquityCurve | EquitySeries): { returns: number[]; periodDays: number } {
  const curve = columnsOf(marks);
  const n = curve.length;
  if (n < 2) return { returns: [], periodDays: 1 };
  const { time, equity } = curve;
  const spacing = medianSpacing(time, n);
  if (spacing < DAY_MS) return { returns: returnsOf(dailyCloses(time, equity, n)), periodDays: 1 };
  return { returns: returnsOf(Array.from(equity.subarray(0, n))), periodDays: spacing / DAY_MS };
}

// One loop per function below: the backtest calls each once per run, and a loop followed by more
// code would lose the loop's optimized code at that code on every run.

/** The first mark's value, then the last mark of each UTC day. */
function dailyCloses(time: Float64Array, equity: Float64Array, n: number): number[] {
  const values = [equity[0]!];
  let day = Math.floor(time[0]! / DAY_MS);
  let last = equity[0]!;
  for (let i = 1; i < n; i++) {
    const d = Math.floor(time[i]! / DAY_MS);
    if (d !== day) {
      values.push(last);
      day = d;
    }
    last = equity[i]!;
  }
  values.push(last);
  return values;
}

function returnsOf(values: readonly number[]): number[] {
  const returns: number[] = [];
  for (let i = 1; i < values.length; i++) {
    const prev = values[i - 1]!;
    if (prev > 0) returns.push(values[i]! / prev - 1);
  }
  return returns;
}

function medianSpacing(time: Float64Array, n: number): number {
  const gaps: number[] = [];
  const step = Math.max(1, Math.floor(n / 1000));
  for (let i = step; i < n; i += step) gaps.push((time[i]! - time[i - step]!) / step);
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

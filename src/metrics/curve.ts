import type { EquityPoint } from './types.js';

/** The time and equity of each mark as columns: what the return and drawdown figures read. */
export interface EquitySeries {
  readonly time: Float64Array;
  readonly equity: Float64Array;
  readonly length: number;
}

/** An equity curve as columns, one number per mark in each: the backtest's marks, with no object per mark. */
export interface EquityColumns extends EquitySeries {
  /** 0 where the mark has none. */
  readonly exposure: Float64Array;
}

/** Marks as objects (an account's history) or as columns (a backtest): the metrics read both alike. */
export type EquityCurve = readonly EquityPoint[] | EquityColumns;

export function columnsOf(curve: EquityCurve): EquityColumns;
export function columnsOf(curve: EquityCurve | EquitySeries): EquitySeries;
export function columnsOf(curve: EquityCurve | EquitySeries): EquityColumns | EquitySeries {
  if (!Array.isArray(curve)) return curve as EquitySeries;
  const points = curve as readonly EquityPoint[];
  const n = points.length;
  const time = new Float64Array(n);
  const equity = new Float64Array(n);
  const exposure = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = points[i]!;
    time[i] = p.time;
    equity[i] = p.equity;
    exposure[i] = p.exposure ?? 0;
  }
  return { time, equity, exposure, length: n };
}

/** Columns of `n` marks to fill in. */
export function emptyColumns(n: number): EquityColumns {
  return { time: new Float64Array(n), equity: new Float64Array(n), exposure: new Float64Array(n), length: n };
}

/** Marks [from, length) of `c`, sharing its memory. */
export function columnsFrom(c: EquityColumns, from: number): EquityColumns {
  return {
    time: c.time.subarray(from),
    equity: c.equity.subarray(from),
    exposure: c.exposure.subarray(from),
    length: Math.max(0, c.length - from),
  };
}

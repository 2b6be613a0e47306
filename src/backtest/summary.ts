import { curveMetrics, type EquityColumns, type EquitySeries } from '../metrics/index.js';
import type { BarSeries } from './bars.js';
import type { BuyAndHold } from './result.js';

/** The starting quote split equally over the symbols at their first traded open, no fees, marked at each close. */
export function buyAndHoldOf(
  bars: ReadonlyMap<string, BarSeries>,
  firstOpen: ReadonlyMap<string, number>,
  start: number,
  curve: EquityColumns,
): { summary: BuyAndHold; curve: Float64Array } {
  const symbols = [...firstOpen.keys()];
  const series = symbols.map((s) => bars.get(s)!);
  const first = symbols.map((s) => firstOpen.get(s)!);
  const held = first.map((open) => start / symbols.length / open);
  const n = curve.length;
  // The hold's own curve: a mark 1 ms before the first at the starting value, then one per mark.
  const hold: EquitySeries = { time: new Float64Array(n + 1), equity: new Float64Array(n + 1), length: n + 1 };
  hold.time[0] = (n > 0 ? curve.time[0]! : 0) - 1;
  hold.equity[0] = start;
  const values = hold.equity.subarray(1);
  hold.time.set(curve.time.subarray(0, n), 1);
  // Symbol by symbol, each mark's total adds the symbols in the same order as summing them mark by mark.
  for (let k = 0; k < symbols.length; k++) {
    const sr = series[k]!;
    addHolding(values, curve.time, n, sr.openTime, sr.close, sr.length, held[k]!, first[k]!);
  }
  const m = curveMetrics(hold);
  return {
    summary: {
      totalReturn: m.totalReturn,
      cagr: m.cagr,
      sharpe: m.sharpe,
      maxDrawdown: m.maxDrawdown,
      endEquity: m.endEquity,
      description: `${symbols.join(', ')} bought at the first open with the starting quote (equal split), no fees`,
    },
    curve: values,
  };
}

/**
 * Adds a holding of `held` units to each mark's value: valued at `first` (its first traded open)
 * until its first bar at or before the mark, then at the latest such bar's close.
 */
function addHolding(
  values: Float64Array,
  markTime: Float64Array,
  n: number,
  openTime: Float64Array,
  close: Float64Array,
  bars: number,
  held: number,
  first: number,
): void {
  let last = first;
  let c = 0;
  for (let p = 0; p < n; p++) {
    const time = markTime[p]!;
    while (c < bars && openTime[c]! <= time) {
      last = close[c]!;
      c += 1;
    }
    values[p] = values[p]! + held * last;
  }
}

/** At most `max` marks for charts (every k-th, always the last), with drawdown from the full curve. */
export function downsample(
  curve: EquityColumns,
  hold: Float64Array,
  max: number,
): { time: number; equity: number; buyAndHold: number; drawdown: number }[] {
  const every = Math.max(1, Math.ceil(curve.length / max));
  const out: { time: number; equity: number; buyAndHold: number; drawdown: number }[] = [];
  const last = curve.length - 1;
  // The drawdown from the running peak (as drawdowns() computes it), kept only at the marks shown.
  let peak = -Infinity;
  for (let i = 0; i <= last; i++) {
    const equity = curve.equity[i]!;
    if (equity >= peak) peak = equity;
    if (i % every !== 0 && i !== last) continue;
    out.push({
      time: curve.time[i]!,
      equity: round(equity),
      buyAndHold: round(hold[i]!),
      drawdown: round(peak > 0 ? (peak - equity) / peak : 0, 6),
    });
  }
  return out;
}

const round = (x: number, dp = 4): number => Math.round(x * 10 ** dp) / 10 ** dp;

/** Closes from bar `first` on, at most `max` of them (every k-th, always the last), stamped at each bar's close. */
export function priceMarks(series: BarSeries, first: number, max: number): { time: number; close: number }[] {
  const n = series.length - first;
  const every = Math.max(1, Math.ceil(n / max));
  const len = series.length > 1 ? series.openTime[1]! - series.openTime[0]! : 0;
  const out: { time: number; close: number }[] = [];
  for (let k = 0; k < n; k += every)
    out.push({ time: series.openTime[first + k]! + len - 1, close: series.close[first + k]! });
  if (n > 0 && (n - 1) % every !== 0)
    out.push({ time: series.openTime[series.length - 1]! + len - 1, close: series.close[series.length - 1]! });
  return out;
}

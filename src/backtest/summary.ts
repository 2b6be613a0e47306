import { drawdowns, performanceMetrics, type EquityPoint } from '../metrics/index.js';
import type { BarSeries } from './bars.js';
import type { BuyAndHold } from './result.js';

/** The starting quote split equally over the symbols at their first traded open, no fees, marked at each close. */
export function buyAndHoldOf(
  bars: ReadonlyMap<string, BarSeries>,
  firstOpen: ReadonlyMap<string, number>,
  start: number,
  curve: readonly EquityPoint[],
): { summary: BuyAndHold; curve: number[] } {
  const symbols = [...firstOpen.keys()];
  const series = symbols.map((s) => bars.get(s)!);
  const first = symbols.map((s) => firstOpen.get(s)!);
  const held = first.map((open) => start / symbols.length / open);
  // Until a symbol's first bar at or before a mark, it is valued at its first traded open.
  const latest = [...first];
  const cursors = symbols.map(() => 0);
  const values: number[] = new Array(curve.length);
  for (let p = 0; p < curve.length; p++) {
    const time = curve[p]!.time;
    let total = 0;
    for (let k = 0; k < symbols.length; k++) {
      const sr = series[k]!;
      let c = cursors[k]!;
      while (c < sr.length && sr.openTime[c]! <= time) {
        latest[k] = sr.close[c]!;
        c += 1;
      }
      cursors[k] = c;
      total += held[k]! * latest[k]!;
    }
    values[p] = total;
  }
  const holdCurve = [
    { time: (curve[0]?.time ?? 0) - 1, equity: start },
    ...curve.map((p, i) => ({ time: p.time, equity: values[i]! })),
  ];
  const m = performanceMetrics(holdCurve, []);
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

/** At most `max` marks for charts (every k-th, always the last), with drawdown from the full curve. */
export function downsample(
  curve: readonly EquityPoint[],
  hold: readonly number[],
  max: number,
): { time: number; equity: number; buyAndHold: number; drawdown: number }[] {
  const dd = drawdowns(curve).series;
  const every = Math.max(1, Math.ceil(curve.length / max));
  const out: { time: number; equity: number; buyAndHold: number; drawdown: number }[] = [];
  for (let i = 0; i < curve.length; i += every)
    out.push({
      time: curve[i]!.time,
      equity: round(curve[i]!.equity),
      buyAndHold: round(hold[i]!),
      drawdown: round(dd[i]!, 6),
    });
  const last = curve.length - 1;
  if (last >= 0 && last % every !== 0)
    out.push({
      time: curve[last]!.time,
      equity: round(curve[last]!.equity),
      buyAndHold: round(hold[last]!),
      drawdown: round(dd[last]!, 6),
    });
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

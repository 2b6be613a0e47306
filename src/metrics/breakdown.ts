/**
 * Period returns, histograms and per-symbol figures for the analytics views. Pure functions over the
 * same equity points and closed trades as performance.ts; days and months are UTC.
 */
import { tradeStats } from './performance.js';
import type { ClosedTrade, EquityPoint } from './types.js';

export interface PeriodReturn {
  /** 'YYYY-MM-DD' for a day, 'YYYY-MM' for a month (UTC). */
  period: string;
  /** Fraction: last mark of the period over the last mark of the one before (the first mark for the first). */
  return: number;
}

const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const monthOf = (ms: number): string => new Date(ms).toISOString().slice(0, 7);

function returnsBy(curve: readonly EquityPoint[], label: (ms: number) => string): PeriodReturn[] {
  if (curve.length === 0) return [];
  const out: PeriodReturn[] = [];
  let opening = curve[0]!.equity;
  let period = label(curve[0]!.time);
  let last = opening;
  const close = () => out.push({ period, return: opening > 0 ? last / opening - 1 : 0 });
  for (const point of curve) {
    const p = label(point.time);
    if (p !== period) {
      close();
      opening = last;
      period = p;
    }
    last = point.equity;
  }
  close();
  return out;
}

export function dailyReturns(curve: readonly EquityPoint[]): PeriodReturn[] {
  return returnsBy(curve, dayOf);
}

export function monthlyReturns(curve: readonly EquityPoint[]): PeriodReturn[] {
  return returnsBy(curve, monthOf);
}

export interface Histogram {
  /** bins + 1 edges, ascending; bin i counts values in [edges[i], edges[i+1]) (the last bin includes its upper edge). */
  edges: number[];
  counts: number[];
}

export function histogram(values: readonly number[], bins = 20): Histogram {
  if (values.length === 0) return { edges: [], counts: [] };
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  const width = (hi - lo) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => lo + i * width);
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) counts[Math.min(bins - 1, Math.floor((v - lo) / width))]! += 1;
  return { edges, counts };
}

export interface SymbolBreakdown {
  symbol: string;
  trades: number;
  pnl: number;
  fees: number;
  winRate: number | null;
  profitFactor: number | null;
}

/** Closed trades grouped by symbol, largest absolute P&L first. */
export function bySymbol(trades: readonly ClosedTrade[]): SymbolBreakdown[] {
  const groups = new Map<string, ClosedTrade[]>();
  for (const t of trades) groups.set(t.symbol, [...(groups.get(t.symbol) ?? []), t]);
  return [...groups]
    .map(([symbol, list]) => {
      const stats = tradeStats(list);
      return {
        symbol,
        trades: list.length,
        pnl: list.reduce((s, t) => s + t.pnl, 0),
        fees: list.reduce((s, t) => s + t.fees, 0),
        winRate: stats.winRate,
        profitFactor: stats.profitFactor,
      };
    })
    .sort((a, b) => Math.abs(b.pnl) - Math.abs(a.pnl) || a.symbol.localeCompare(b.symbol));
}

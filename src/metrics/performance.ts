/**
 * Performance metrics: pure functions over an equity curve and closed trades. Shared by backtests
 * and the accounts' analytics; knows nothing about where the numbers came from.
 */
import { DAY_MS, DAYS_PER_YEAR, downsideDeviation, mean, periodReturns, stdev } from './returns.js';
import { columnsOf, type EquityCurve, type EquitySeries } from './curve.js';
import type { ClosedTrade, PerformanceMetrics } from './types.js';

export const METRIC_CONVENTIONS =
  'Returns are fractions (0.1 = +10%). Sharpe and Sortino: mean over standard (downside) deviation of daily returns ' +
  '(UTC days; bar returns when bars are a day or longer), annualised by sqrt(365), risk-free rate 0. CAGR on 365-day years. ' +
  'Max drawdown from the running peak of the marks; its duration is the longest time below a previous peak. ' +
  'Calmar = CAGR / max drawdown. Profit factor = gross profit / gross loss of closed trades; expectancy = mean pnl per trade after fees.';

export interface Drawdown {
  maxDrawdown: number;
  maxDurationMs: number;
  /** Drawdown at each mark (0 at a peak), for charts. */
  series: Float64Array;
}

export function drawdowns(marks: EquityCurve | EquitySeries): Drawdown {
  const curve = columnsOf(marks);
  const series = new Float64Array(curve.length);
  return { ...drawdownWalk(curve, series), series };
}

/**
 * The running-peak walk behind every drawdown figure; writes each mark's drawdown into `series` when
 * given. One loop and nothing after it: a backtest calls it once per run, and a loop followed by
 * more code would lose the loop's optimized code at that code on every run.
 */
function drawdownWalk(curve: EquitySeries, series?: Float64Array): { maxDrawdown: number; maxDurationMs: number } {
  const n = curve.length;
  let peak = -Infinity;
  let peakTime = n > 0 ? curve.time[0]! : 0;
  let maxDrawdown = 0;
  let maxDurationMs = 0;
  for (let i = 0; i < n; i++) {
    const equity = curve.equity[i]!;
    const time = curve.time[i]!;
    if (equity >= peak) {
      peak = equity;
      peakTime = time;
    } else {
      maxDurationMs = Math.max(maxDurationMs, time - peakTime);
    }
    const dd = peak > 0 ? (peak - equity) / peak : 0;
    if (series) series[i] = dd;
    if (dd > maxDrawdown) maxDrawdown = dd;
  }
  return { maxDrawdown, maxDurationMs };
}

export function cagr(startEquity: number, endEquity: number, spanMs: number): number | null {
  if (!(startEquity > 0) || endEquity < 0 || spanMs <= 0) return null;
  const years = spanMs / (DAYS_PER_YEAR * DAY_MS);
  return (endEquity / startEquity) ** (1 / years) - 1;
}

export function sharpe(returns: readonly number[], periodDays: number): number | null {
  const sd = stdev(returns);
  if (!Number.isFinite(sd) || sd === 0) return null;
  return (mean(returns) / sd) * Math.sqrt(DAYS_PER_YEAR / periodDays);
}

export function sortino(returns: readonly number[], periodDays: number): number | null {
  const dd = downsideDeviation(returns);
  if (!Number.isFinite(dd) || dd === 0) return null;
  return (mean(returns) / dd) * Math.sqrt(DAYS_PER_YEAR / periodDays);
}

export function tradeStats(
  trades: readonly ClosedTrade[],
): Pick<PerformanceMetrics, 'profitFactor' | 'winRate' | 'expectancy' | 'expectancyPct'> {
  if (trades.length === 0) return { profitFactor: null, winRate: null, expectancy: null, expectancyPct: null };
  let gross = 0;
  let loss = 0;
  let wins = 0;
  for (const t of trades) {
    if (t.pnl > 0) {
      gross += t.pnl;
      wins += 1;
    } else loss -= t.pnl;
  }
  return {
    profitFactor: loss > 0 ? gross / loss : null,
    winRate: wins / trades.length,
    expectancy: mean(trades.map((t) => t.pnl)),
    expectancyPct: mean(trades.map((t) => t.returnPct)),
  };
}

/** The figures an equity curve alone gives: returns, ratios and drawdown (no trades, no exposure). */
export function curveMetrics(
  marks: EquityCurve | EquitySeries,
): Pick<
  PerformanceMetrics,
  | 'startEquity'
  | 'endEquity'
  | 'totalReturn'
  | 'cagr'
  | 'sharpe'
  | 'sortino'
  | 'maxDrawdown'
  | 'maxDrawdownDurationMs'
  | 'calmar'
> {
  const curve = columnsOf(marks);
  const n = curve.length;
  const startEquity = n > 0 ? curve.equity[0]! : 0;
  const endEquity = n > 0 ? curve.equity[n - 1]! : 0;
  const spanMs = n > 0 ? curve.time[n - 1]! - curve.time[0]! : 0;
  const { returns, periodDays } = periodReturns(curve);
  const dd = drawdownWalk(curve);
  const growth = cagr(startEquity, endEquity, spanMs);
  return {
    startEquity,
    endEquity,
    totalReturn: startEquity > 0 ? endEquity / startEquity - 1 : 0,
    cagr: growth,
    sharpe: sharpe(returns, periodDays),
    sortino: sortino(returns, periodDays),
    maxDrawdown: dd.maxDrawdown,
    maxDrawdownDurationMs: dd.maxDurationMs,
    calmar: growth !== null && dd.maxDrawdown > 0 ? growth / dd.maxDrawdown : null,
  };
}

/** Its own function: a loop followed by more code would lose its optimized code there (see drawdownWalk). */
function positiveCount(xs: Float64Array, n: number): number {
  let count = 0;
  for (let i = 0; i < n; i++) if (xs[i]! > 0) count += 1;
  return count;
}

export function performanceMetrics(
  marks: EquityCurve,
  trades: readonly ClosedTrade[],
  feesPaid = 0,
): PerformanceMetrics {
  const curve = columnsOf(marks);
  const n = curve.length;
  const exposed = positiveCount(curve.exposure, n);
  return {
    ...curveMetrics(curve),
    ...tradeStats(trades),
    exposure: n ? exposed / n : 0,
    trades: trades.length,
    feesPaid,
    conventions: METRIC_CONVENTIONS,
  };
}

/** An account's performance, compact: the figures a model reasons with, a few hundred characters. */
import type { PerformanceReport } from '../app/performance-service.js';
import { isoTime } from './iso-time.js';

const r4 = (x: number | null): number | null => (x === null || !Number.isFinite(x) ? null : Number(x.toFixed(4)));
const usd = (v: string): string => Number(v).toFixed(2);

export function compactPerformance(report: PerformanceReport): Record<string, unknown> {
  const m = report.metrics;
  return {
    from: isoTime(report.range.from),
    to: isoTime(report.range.to),
    accountSince: report.accountSince === null ? null : isoTime(report.accountSince),
    interval: report.interval,
    startEquityUsd: usd(report.startEquityUsd),
    endEquityUsd: usd(report.endEquityUsd),
    pnlUsd: usd(report.pnlUsd),
    realizedPnlUsd: usd(report.realizedPnlUsd),
    feesPaidUsd: usd(report.feesPaidUsd),
    fills: report.fills,
    trades: m.trades,
    totalReturn: r4(m.totalReturn),
    maxDrawdown: r4(m.maxDrawdown),
    sharpe: r4(m.sharpe),
    sortino: r4(m.sortino),
    winRate: r4(m.winRate),
    profitFactor: r4(m.profitFactor),
    expectancyUsd: m.expectancy === null ? null : Number(m.expectancy.toFixed(2)),
    exposure: r4(m.exposure),
    bySymbol: report.bySymbol
      .slice(0, 5)
      .map((s) => ({ symbol: s.symbol, trades: s.trades, pnlUsd: Number(s.pnl.toFixed(2)) })),
    monthly: Object.fromEntries(report.monthly.slice(-12).map((p) => [p.period, r4(p.return)])),
    conventions:
      'returns are fractions; Sharpe/Sortino on daily UTC returns x sqrt(365), risk-free 0; trades by average cost, after fees',
  };
}

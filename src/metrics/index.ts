export {
  performanceMetrics,
  curveMetrics,
  drawdowns,
  cagr,
  sharpe,
  sortino,
  tradeStats,
  METRIC_CONVENTIONS,
  type Drawdown,
} from './performance.js';
export { periodReturns, DAYS_PER_YEAR } from './returns.js';
export {
  dailyReturns,
  monthlyReturns,
  histogram,
  bySymbol,
  type PeriodReturn,
  type Histogram,
  type SymbolBreakdown,
} from './breakdown.js';
export type { ClosedTrade, EquityPoint, PerformanceMetrics } from './types.js';
export {
  columnsFrom,
  columnsOf,
  emptyColumns,
  type EquityColumns,
  type EquityCurve,
  type EquitySeries,
} from './curve.js';

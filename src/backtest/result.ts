import type { ClosedTrade, PerformanceMetrics } from '../metrics/index.js';
import type { StrategyDocument } from '../strategy/index.js';
import type { OrderCounts } from './execution.js';
import type { RiskDenialRecord } from './risk-gate.js';

export interface BuyAndHold {
  totalReturn: number;
  cagr: number | null;
  sharpe: number | null;
  maxDrawdown: number;
  endEquity: number;
  description: string;
}

export interface BacktestResult {
  strategy: { name: string; type: string; hash: string; document: StrategyDocument };
  market: string;
  symbols: string[];
  interval: string;
  /** Tested range: first bar open, last bar close (+1 ms), ISO text alongside. */
  range: { from: number; to: number; fromIso: string; toIso: string; bars: number; warmupBars: number };
  startingBalance: { asset: string; amount: string };
  metrics: PerformanceMetrics;
  buyAndHold: BuyAndHold;
  trades: ClosedTrade[];
  orders: OrderCounts;
  riskDenials: { count: number; examples: RiskDenialRecord[] };
  /** Marks at each bar close (downsampled to at most 2,000 points: the metrics use every bar). */
  equityCurve: { time: number; equity: number; buyAndHold: number; drawdown: number }[];
  /** The first symbol's closes at the same marks, for the report's price chart. */
  priceCurve: { time: number; close: number }[];
  assumptions: string[];
  warnings: string[];
  elapsedMs: number;
}

export const SUBSTEPS_PER_BAR = 60;

export function assumptionsOf(opts: { fees: string; bookDepth: number; riskLimits: string }): string[] {
  return [
    "Signals are computed on closed bars only; an order decided at a bar close is sent at the next bar's open (the open's first print), never at the signal bar's close.",
    'Execution is the paper-trading matching engine (SimulatedBroker): MARKET orders walk the synthesized order book around the last print (spread and depth as in paper trading, at most ' +
      opts.bookDepth +
      ' levels), so they pay the spread and slippage; resting LIMIT orders fill as maker only on prints strictly through their price (a print at the price does not fill: queue position unknown).',
    `Intrabar path: replayed candles print 61 trades each along open, then the nearer of high/low first (O-L-H-C for an up bar, O-H-L-C for a down bar), then close; synthetic markets print their own trades. Resting orders see every print of the bar (a fill is stamped with the end of the step that delivered its print); while stops are watched each bar is walked in ${SUBSTEPS_PER_BAR} sub-steps.`,
    "Stop-loss and trailing stops are watched on every print; when crossed, a MARKET sell goes out at the end of that sub-step at the book then (a gap through the stop fills below it, not at the stop). The trailing level is raised only after the sub-step's low has been checked against the previous level.",
    'Take-profit is a resting LIMIT sell at the target. A stop or an exit signal cancels it first.',
    `Fees: ${opts.fees}, charged in the asset received as Binance does; quantities and prices are rounded to the symbol's LOT_SIZE / PRICE_FILTER and orders below MIN_NOTIONAL are refused by the venue rules (counted under orders.rejected).`,
    `Risk: every order passes the operator's risk engine at simulated time (${opts.riskLimits}); denials are counted under riskDenials. The quote asset is valued at 1 USD.`,
    'Long only (spot): sells never exceed what is held. Positions still open at the end are marked to the last close without an exit fee.',
    "Buy-and-hold: the starting quote split equally over the symbols at the first bar's open, no fees, marked at each close.",
  ];
}

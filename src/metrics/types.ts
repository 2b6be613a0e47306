/** One mark of an account's value. `exposure` is the value held in positions (0 when flat). */
export interface EquityPoint {
  time: number;
  equity: number;
  exposure?: number;
}

/** A round trip: bought, then sold (or marked at the end). Amounts in the quote currency, after fees. */
export interface ClosedTrade {
  symbol: string;
  entryTime: number;
  exitTime: number;
  entryPrice: number;
  exitPrice: number;
  quantity: number;
  /** Profit in quote after both legs' fees. */
  pnl: number;
  /** pnl over the cost of the entry. */
  returnPct: number;
  fees: number;
  exitReason: string;
}

export interface PerformanceMetrics {
  startEquity: number;
  endEquity: number;
  /** Fractions, not percents: 0.12 is +12 %. */
  totalReturn: number;
  cagr: number | null;
  sharpe: number | null;
  sortino: number | null;
  maxDrawdown: number;
  /** Longest time under a previous peak, ms. */
  maxDrawdownDurationMs: number;
  calmar: number | null;
  profitFactor: number | null;
  winRate: number | null;
  /** Mean pnl per closed trade (quote). */
  expectancy: number | null;
  /** Mean return per closed trade (fraction of its cost). */
  expectancyPct: number | null;
  /** Fraction of the marks with a position held. */
  exposure: number;
  trades: number;
  feesPaid: number;
  /** How the ratios are computed, stated with the numbers. */
  conventions: string;
}

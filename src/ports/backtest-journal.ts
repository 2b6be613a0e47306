/** One journaled backtest run: what was tested on which data, and what came out. */
export interface BacktestRecord {
  id: string;
  createdAt: number;
  strategyHash: string;
  strategyName: string;
  market: string;
  symbols: string[];
  interval: string;
  from: number;
  to: number;
  /** The headline figures (metrics and buy-and-hold), small enough for a listing. */
  summary: unknown;
  /** The whole result (BacktestResult) as stored. */
  result: unknown;
}

export type BacktestListing = Omit<BacktestRecord, 'result'>;

/** Where backtest runs are journaled: kept apart from the trading Store, which it does not widen. */
export interface BacktestJournal {
  record(run: BacktestRecord): Promise<void>;
  get(id: string): Promise<BacktestRecord | undefined>;
  /** Newest first; only one strategy's runs when `strategyHash` is given. */
  list(options?: { limit?: number; strategyHash?: string }): Promise<BacktestListing[]>;
}

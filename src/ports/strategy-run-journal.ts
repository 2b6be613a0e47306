import type { TradingMode } from '../model/trading-mode.js';

export type StrategyRunStatus = 'running' | 'stopped';

/** One strategy running forward on a trading account (table strategy_runs, migration 0012). */
export interface StrategyRunRecord {
  id: string;
  mode: TradingMode;
  name: string;
  /** SHA-256 of the document with its defaults (strategy/hash.ts): the strategy's identity in the journal. */
  hash: string;
  /** The whole document as run. */
  document: unknown;
  symbols: string[];
  interval: string;
  status: StrategyRunStatus;
  /** What allowed a live run: 'grant:<id>', 'session' (a confirmed live session) or 'waived'; null on paper. */
  license: string | null;
  origin: string;
  startedAt: number;
  stoppedAt: number | null;
  stopReason: string | null;
  /** Open time of the last bar fully processed (orders decided on it sent and recorded). */
  lastBar: number;
  /** The run's own bookkeeping (open lots, pending orders, counters), as JSON. */
  state: unknown;
  /** The process driving it, and when it last said so. */
  driver: string | null;
  heartbeatAt: number | null;
}

/** Where forward runs are journaled: beside the trading Store, which it does not widen. */
export interface StrategyRunJournal {
  create(run: StrategyRunRecord): Promise<void>;
  get(id: string): Promise<StrategyRunRecord | undefined>;
  /** Newest first. */
  list(options?: { status?: StrategyRunStatus; limit?: number }): Promise<StrategyRunRecord[]>;
  /**
   * Takes the run for `driver` when nobody drives it, it is already `driver`'s, or its driver has
   * said nothing after `staleBefore`. True when taken (compare-and-set: of two, one wins).
   */
  claim(id: string, driver: string, now: number, staleBefore: number): Promise<boolean>;
  /** Saves progress as `driver`; false (nothing written) when another driver took the run. */
  save(id: string, driver: string, progress: { lastBar: number; state: unknown; now: number }): Promise<boolean>;
  stop(id: string, reason: string, now: number): Promise<void>;
}

import type { TradingMode } from '../model/trading-mode.js';
import type { FillRecord, JournalFillQuery } from '../ports/order-journal.js';
import type { DailyPnl, RiskEvent } from '../ports/risk-journal.js';

/** What the read-only views (the dashboard) may read of an account's journal: nothing they could write. */
export interface AccountHistory {
  fills(query: JournalFillQuery): Promise<FillRecord[]>;
  /** The daily P&L rows (start and last equity of each UTC day), newest first. */
  dailyPnl(mode: TradingMode, limit: number): Promise<DailyPnl[]>;
  riskEvents(mode: TradingMode, limit: number): Promise<RiskEvent[]>;
  /** When the account's journal starts (paper: opened or last reset), ms; null when it has no such start (live). */
  accountSince(mode: TradingMode): Promise<number | null>;
}

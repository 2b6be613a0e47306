/** What the risk limits remember: each day's equity and breaker, and the risk events (denials, trips, resets). */
import type { TradingMode } from '../model/trading-mode.js';

export interface DailyPnl {
  mode: TradingMode;
  /** UTC date, YYYY-MM-DD. */
  day: string;
  /** Portfolio value in USD at the first observation of the day. */
  startEquity: string;
  /** Latest observed portfolio value in USD. */
  lastEquity: string;
  realizedPnl: string;
  /** When the circuit breaker tripped this day, if it did (ms). */
  breakerTrippedAt: number | null;
  /** When the operator last reset the breaker this day (ms). */
  breakerResetAt: number | null;
  updatedAt: number;
}

export interface RiskEvent {
  mode: TradingMode;
  time: number;
  /** 'denied', 'breaker_tripped', 'breaker_reset', 'limits_changed', ... */
  kind: string;
  code: string;
  message: string;
  detail?: unknown;
}

export interface RiskJournal {
  getDailyPnl(mode: TradingMode, day: string): Promise<DailyPnl | undefined>;
  putDailyPnl(row: DailyPnl): Promise<void>;
  listDailyPnl(mode: TradingMode, limit?: number): Promise<DailyPnl[]>;
  recordRiskEvent(event: RiskEvent): Promise<void>;
  listRiskEvents(mode: TradingMode, limit?: number): Promise<RiskEvent[]>;
}

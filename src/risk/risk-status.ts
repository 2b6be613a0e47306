import type { RiskStatus } from '../app/api.js';
import type { TradingMode } from '../ports/store.js';
import type { DailyLossBreaker } from './circuit-breaker.js';
import type { OrderRateWindow } from './order-rate-window.js';
import type { RiskEngine } from './risk-engine.js';

/** What `binance-mcp risk status` and the risk_status tool show. */
export function riskStatusOf(mode: TradingMode, engine: RiskEngine, breaker: DailyLossBreaker, window: OrderRateWindow, now: number): RiskStatus {
  const status = breaker.status(now);
  return {
    mode,
    limits: engine.view(),
    dailyLossUsd: status.dailyLossUsd,
    breaker: { tripped: status.tripped, trippedAt: status.trippedAt, reason: status.reason, resetsAt: status.resetsAt },
    ordersInLastMinute: window.count(now),
  };
}

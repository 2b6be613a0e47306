import type { Decimal } from '../model/money.js';
import type { TradingMode } from '../model/trading-mode.js';
import type { DailyLossBreaker } from './circuit-breaker.js';
import type { RiskLimitsView } from './limits.js';
import type { OrderRateWindow } from './order-rate-window.js';
import type { RiskEngine } from './risk-engine.js';

export interface RiskStatus {
  mode: TradingMode;
  limits: RiskLimitsView;
  dailyLossUsd: Decimal;
  breaker: { tripped: boolean; trippedAt: number | null; reason: string | null; resetsAt: number | null };
  ordersInLastMinute: number;
}

/** What `binance-mcp risk status` and the risk_status tool show. */
export function riskStatusOf(
  mode: TradingMode,
  engine: RiskEngine,
  breaker: DailyLossBreaker,
  window: OrderRateWindow,
  now: number,
): RiskStatus {
  const status = breaker.status(now);
  return {
    mode,
    limits: engine.view(),
    dailyLossUsd: status.dailyLossUsd,
    breaker: { tripped: status.tripped, trippedAt: status.trippedAt, reason: status.reason, resetsAt: status.resetsAt },
    ordersInLastMinute: window.count(now),
  };
}

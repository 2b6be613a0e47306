import type { RiskStatus } from '../app/api.js';
import type { Config } from '../config.js';
import type { TradingMode } from '../model/trading-mode.js';
import type { AuditLog } from '../ports/audit-log.js';
import type { RiskJournal } from '../ports/risk-journal.js';
import { DailyLossBreaker } from '../risk/circuit-breaker.js';
import { OrderRateWindow } from '../risk/order-rate-window.js';
import { RiskEngine } from '../risk/risk-engine.js';
import { riskStatusOf } from '../risk/risk-status.js';
import { utcDay } from '../risk/utc-day.js';
import { riskLimitsFrom } from './risk-limits.js';

/**
 * The breaker and limits as the journal has them, for operator commands run while no server owns
 * the account: no market connection, the day's loss as last observed by the owner.
 */
export async function journaledRiskStatus(
  store: Pick<RiskJournal, 'getDailyPnl'>,
  config: Config,
  mode: TradingMode,
  now: number,
): Promise<RiskStatus> {
  const limits = riskLimitsFrom(config);
  const breaker = new DailyLossBreaker(limits.maxDailyLossUsd, await store.getDailyPnl(mode, utcDay(now)));
  return riskStatusOf(mode, new RiskEngine(limits), breaker, new OrderRateWindow(), now);
}

/**
 * Clears the breaker in the journal and re-bases the day's loss at the equity the owner observed
 * last; the next owner reads it back on its first check. Returns false when today has no
 * observation (so nothing is tripped today).
 */
export async function resetBreakerInJournal(
  store: RiskJournal & Pick<AuditLog, 'audit'>,
  config: Config,
  mode: TradingMode,
  now: number,
): Promise<boolean> {
  const row = await store.getDailyPnl(mode, utcDay(now));
  if (!row) return false;
  const breaker = new DailyLossBreaker(riskLimitsFrom(config).maxDailyLossUsd, row);
  const event = breaker.reset(row.lastEquity, now, 'operator');
  await store.putDailyPnl(breaker.toDailyPnl(mode)!);
  await store.recordRiskEvent({ ...event, mode });
  await store.audit({ mode, time: now, actor: 'operator', action: 'risk_reset', detail: event.detail });
  return true;
}

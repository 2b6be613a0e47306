import { ALLOWED, type RiskAttempt, type RiskRule, type RiskState, type RiskVerdict } from './attempt.js';
import { riskLimitsView, validateRiskLimits, type RiskLimits, type RiskLimitsView } from './limits.js';
import { dailyLossBreakerRule } from './rules/daily-loss-breaker.js';
import { maxPositionSizeRule } from './rules/max-position-size.js';
import { maxTotalExposureRule } from './rules/max-total-exposure.js';
import { maxTradeSizeRule } from './rules/max-trade-size.js';
import { orderCapsRule } from './rules/order-caps.js';
import { ordersPerMinuteRule } from './rules/orders-per-minute.js';
import { allowedSymbolsRule, deniedSymbolsRule } from './rules/symbol-lists.js';

/**
 * Checks one order against the operator's limits. Pure and synchronous: the caller supplies the
 * account's state and serialises checks per account (TradingService's mutex), so two orders cannot
 * both pass a limit that only one fits. Only the limits that are set become rules; the first rule
 * that objects decides the denial.
 *
 * Exposure-reducing orders: they pass the daily-loss breaker, MAX_POSITION_SIZE_USD and
 * MAX_TOTAL_EXPOSURE_USD, but not the symbol lists, MAX_TRADE_SIZE_USD or MAX_ORDERS_PER_MINUTE
 * (see each rule for why).
 */
export class RiskEngine {
  readonly limits: Readonly<RiskLimits>;
  private readonly rules: RiskRule[];

  constructor(limits: RiskLimits) {
    this.limits = Object.freeze({ ...validateRiskLimits(limits) });
    this.rules = [
      deniedSymbolsRule(limits.deniedSymbols ?? []),
      allowedSymbolsRule(limits.allowedSymbols),
      dailyLossBreakerRule(limits.maxDailyLossUsd),
      ordersPerMinuteRule(limits.maxOrdersPerMinute),
      maxTradeSizeRule(limits.maxTradeSizeUsd),
      maxPositionSizeRule(limits.maxPositionSizeUsd),
      maxTotalExposureRule(limits.maxTotalExposureUsd),
    ].filter((rule): rule is RiskRule => rule !== null);
  }

  /** False when no limit is set: every check allows. */
  get limited(): boolean {
    return this.rules.length > 0;
  }

  /** The venue's caps (MAX_NUM_ORDERS, MAX_NUM_ALGO_ORDERS) come first and hold whatever the operator set. */
  check(attempt: RiskAttempt, state: RiskState): RiskVerdict {
    const venue = orderCapsRule(attempt, state);
    if (venue !== null) return { allowed: false, denial: venue };
    const rules = this.rules;
    for (let i = 0; i < rules.length; i++) {
      const denial = rules[i]!(attempt, state);
      if (denial !== null) return { allowed: false, denial };
    }
    return ALLOWED;
  }

  view(): RiskLimitsView {
    return riskLimitsView(this.limits);
  }
}

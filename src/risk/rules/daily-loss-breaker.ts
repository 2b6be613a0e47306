import type { Decimal } from '../../model/money.js';
import { LIMIT_NAMES } from '../limits.js';
import type { RiskRule, RiskState } from '../attempt.js';
import { compareDecimal } from '../decimal-compare.js';
import { usd, utcClock, utcMinute } from '../denial-format.js';

/**
 * MAX_DAILY_LOSS_USD: once the breaker has tripped, orders that add exposure are denied until the
 * next UTC day or an operator reset; orders that only reduce exposure pass. The rule also denies when
 * the state's loss has reached the limit but the breaker was not (yet) marked tripped, so a caller
 * that forgot to update the breaker cannot bypass it.
 */
export function dailyLossBreakerRule(limit: Decimal | undefined): RiskRule | null {
  if (limit === undefined) return null;
  return (attempt, state) => {
    if (attempt.reducesExposure) return null;
    if (!state.breakerTripped && !lossReaches(state.dailyLossUsd, limit)) return null;
    return {
      code: 'DAILY_LOSS_BREAKER_TRIPPED',
      message: `${LIMIT_NAMES.maxDailyLossUsd} is ${limit}; today's loss is ${usd(state.dailyLossUsd)} USD${trippedWhen(state)}, so orders that add exposure are denied ${untilWhen(state)} (orders that only reduce a position, and cancels, still pass); this ${attempt.side} of ${attempt.symbol} for ${usd(attempt.notionalUsd)} USD adds exposure`,
      limit: LIMIT_NAMES.maxDailyLossUsd,
      limitValue: limit,
      attempted: state.dailyLossUsd,
    };
  };
}

/** The breaker's trip condition: a loss (> 0) at or above the limit. A limit of 0 trips at the first loss. */
export function lossReaches(lossUsd: Decimal, limit: Decimal): boolean {
  return compareDecimal(lossUsd, '0') > 0 && compareDecimal(lossUsd, limit) >= 0;
}

function trippedWhen(state: RiskState): string {
  return state.breakerTrippedAt != null
    ? ` and the circuit breaker tripped at ${utcClock(state.breakerTrippedAt)}`
    : ' and the circuit breaker is tripped';
}

function untilWhen(state: RiskState): string {
  const at = state.breakerResetsAt != null ? utcMinute(state.breakerResetsAt) : 'the next 00:00 UTC';
  return `until ${at} or until the operator runs \`binance-mcp risk reset\``;
}

import type { Decimal } from '../../model/money.js';
import { LIMIT_NAMES } from '../limits.js';
import type { RiskRule } from '../attempt.js';
import { compareDecimal } from '../decimal-compare.js';
import { usd } from '../denial-format.js';

/**
 * MAX_TRADE_SIZE_USD: an order's notional may not exceed the limit (equal passes).
 * It applies to exposure-reducing orders too: it is the operator's cap on what one order can do,
 * and a position larger than the cap can still be closed, in slices each within it.
 */
export function maxTradeSizeRule(limit: Decimal | undefined): RiskRule | null {
  if (limit === undefined) return null;
  return (attempt) => {
    if (compareDecimal(attempt.notionalUsd, limit) <= 0) return null;
    const slices = attempt.reducesExposure
      ? ' (orders that reduce a position are capped too: close it in slices of at most the limit)'
      : '';
    return {
      code: 'MAX_TRADE_SIZE_EXCEEDED',
      message: `${LIMIT_NAMES.maxTradeSizeUsd} is ${limit}; this order's notional is ${usd(attempt.notionalUsd)} USD${slices}`,
      limit: LIMIT_NAMES.maxTradeSizeUsd,
      limitValue: limit,
      attempted: attempt.notionalUsd,
    };
  };
}

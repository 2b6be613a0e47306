import type { Decimal } from '../../model/money.js';
import { LIMIT_NAMES } from '../limits.js';
import type { RiskRule } from '../attempt.js';
import { compareDecimal } from '../decimal-compare.js';
import { usd } from '../denial-format.js';

/**
 * MAX_TOTAL_EXPOSURE_USD: the total value of every non-cash position, open orders counted as filled
 * (exposure.ts), may not exceed the cap after an order that raises it. Orders that leave the total
 * where it is or lower it (a sale into USD, a swap at a fair price) pass, so an account above the
 * cap after price moves can always come back under it.
 */
export function maxTotalExposureRule(limit: Decimal | undefined): RiskRule | null {
  if (limit === undefined) return null;
  return (attempt) => {
    if (attempt.reducesExposure) return null;
    const after = attempt.totalExposureAfterUsd;
    if (
      after !== null &&
      (compareDecimal(after, limit) <= 0 || compareDecimal(after, attempt.totalExposureBeforeUsd) <= 0)
    )
      return null;
    const what =
      after === null
        ? `this ${attempt.side} of ${attempt.symbol} adds to ${attempt.addsTo?.asset ?? 'an asset'} with no USD price, so the total cannot be checked`
        : `after this ${attempt.side} of ${attempt.symbol} the positions other than USD and stablecoins (open orders counted as filled) would be worth ${usd(after)} USD (now ${usd(attempt.totalExposureBeforeUsd)} USD)`;
    return {
      code: 'MAX_TOTAL_EXPOSURE_EXCEEDED',
      message: `${LIMIT_NAMES.maxTotalExposureUsd} is ${limit}; ${what}`,
      limit: LIMIT_NAMES.maxTotalExposureUsd,
      limitValue: limit,
      attempted: after ?? 'unpriced',
    };
  };
}

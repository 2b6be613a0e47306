import type { Decimal } from '../../model/money.js';
import { LIMIT_NAMES } from '../limits.js';
import type { RiskRule } from '../attempt.js';
import { compareDecimal } from '../decimal-compare.js';
import { usd } from '../denial-format.js';

/**
 * MAX_POSITION_SIZE_USD: the USD value of the base-asset position after the order fills may not
 * exceed the limit. An order that only reduces exposure passes even when the position is still
 * above the limit afterwards (it grew through price moves): shrinking it must always be possible.
 */
export function maxPositionSizeRule(limit: Decimal | undefined): RiskRule | null {
  if (limit === undefined) return null;
  return (attempt) => {
    if (attempt.reducesExposure || compareDecimal(attempt.positionValueAfterUsd, limit) <= 0) return null;
    return {
      code: 'MAX_POSITION_SIZE_EXCEEDED',
      message: `${LIMIT_NAMES.maxPositionSizeUsd} is ${limit}; after this order the ${attempt.baseAsset} position would be worth ${usd(attempt.positionValueAfterUsd)} USD`,
      limit: LIMIT_NAMES.maxPositionSizeUsd,
      limitValue: limit,
      attempted: attempt.positionValueAfterUsd,
    };
  };
}

import type { Decimal } from '../../model/money.js';
import { LIMIT_NAMES } from '../limits.js';
import type { RiskRule } from '../attempt.js';
import { compareDecimal } from '../decimal-compare.js';
import { usd } from '../denial-format.js';

/**
 * MAX_POSITION_SIZE_USD: the position in the asset an order adds to (the base of a BUY, the quote of
 * a SELL on a cross pair such as ETHBTC), open orders counted as filled, may not be worth more than
 * the limit after the order. USD and stablecoins are cash, not positions. An asset with no USD price
 * cannot be checked, so adding to it is denied. An order that only reduces exposure always passes,
 * even when a position grew above the limit through price moves: shrinking it must always be possible.
 */
export function maxPositionSizeRule(limit: Decimal | undefined): RiskRule | null {
  if (limit === undefined) return null;
  return (attempt) => {
    const adds = attempt.addsTo;
    if (attempt.reducesExposure || adds === null) return null;
    if (adds.valueAfterUsd === null) {
      return {
        code: 'MAX_POSITION_SIZE_EXCEEDED',
        message: `${LIMIT_NAMES.maxPositionSizeUsd} is ${limit}; this ${attempt.side} of ${attempt.symbol} adds to ${adds.asset}, which has no USD price, so the limit cannot be checked and the order is denied`,
        limit: LIMIT_NAMES.maxPositionSizeUsd,
        limitValue: limit,
        attempted: 'unpriced',
      };
    }
    if (compareDecimal(adds.valueAfterUsd, limit) <= 0) return null;
    return {
      code: 'MAX_POSITION_SIZE_EXCEEDED',
      message: `${LIMIT_NAMES.maxPositionSizeUsd} is ${limit}; after this ${attempt.side} of ${attempt.symbol} the ${adds.asset} position (open orders counted as filled) would be worth ${usd(adds.valueAfterUsd)} USD`,
      limit: LIMIT_NAMES.maxPositionSizeUsd,
      limitValue: limit,
      attempted: adds.valueAfterUsd,
    };
  };
}

import { LIMIT_NAMES } from '../limits.js';
import type { RiskRule } from '../attempt.js';

/**
 * MAX_ORDERS_PER_MINUTE: at most this many orders in any rolling 60 seconds, reducing ones included
 * (it guards against a runaway loop, whatever the loop is doing). Cancels are not counted.
 */
export function ordersPerMinuteRule(limit: number | undefined): RiskRule | null {
  if (limit === undefined) return null;
  return (_attempt, state) => {
    if (state.ordersInLastMinute < limit) return null;
    return {
      code: 'MAX_ORDERS_PER_MINUTE_EXCEEDED',
      message: `${LIMIT_NAMES.maxOrdersPerMinute} is ${limit}; ${state.ordersInLastMinute} orders were placed in the last 60 seconds, this one would be number ${state.ordersInLastMinute + 1}`,
      limit: LIMIT_NAMES.maxOrdersPerMinute,
      limitValue: String(limit),
      attempted: String(state.ordersInLastMinute + 1),
    };
  };
}

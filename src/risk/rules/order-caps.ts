import type { RiskRule } from '../attempt.js';

export type { OrderCaps } from '../attempt.js';

/**
 * MAX_NUM_ORDERS / MAX_NUM_ALGO_ORDERS, checked before anything is sent: Binance.US counts an OCO as
 * two orders and its stop leg as one algo order, and refuses the whole list when it does not fit.
 * Checking here means a bracket whose OCO could never be placed is refused before its entry fills.
 * Applies to every order, reducing ones included: the venue's count knows no exception.
 */
export const orderCapsRule: RiskRule = (attempt) => {
  const caps = attempt.orderCaps;
  if (!caps) return null;
  if (caps.maxNumOrders !== undefined && caps.openOrders + caps.adding > caps.maxNumOrders) {
    return {
      code: 'MAX_NUM_ORDERS',
      message: `${attempt.symbol} allows ${caps.maxNumOrders} open orders (MAX_NUM_ORDERS, an OCO counts as 2); ${caps.openOrders} are open and ${caps.what} would make ${caps.openOrders + caps.adding}, so nothing was sent (cancel an open order first: get_orders open_only=true)`,
      limit: 'MAX_NUM_ORDERS',
      limitValue: String(caps.maxNumOrders),
      attempted: String(caps.openOrders + caps.adding),
    };
  }
  if (
    caps.maxNumAlgoOrders !== undefined &&
    caps.addingAlgo > 0 &&
    caps.openAlgoOrders + caps.addingAlgo > caps.maxNumAlgoOrders
  ) {
    return {
      code: 'MAX_NUM_ALGO_ORDERS',
      message: `${attempt.symbol} allows ${caps.maxNumAlgoOrders} open stop orders (MAX_NUM_ALGO_ORDERS: STOP_LOSS_LIMIT, TAKE_PROFIT_LIMIT and each OCO's stop leg); ${caps.openAlgoOrders} are open and ${caps.what} would make ${caps.openAlgoOrders + caps.addingAlgo}, so nothing was sent (cancel a stop or an OCO first)`,
      limit: 'MAX_NUM_ALGO_ORDERS',
      limitValue: String(caps.maxNumAlgoOrders),
      attempted: String(caps.openAlgoOrders + caps.addingAlgo),
    };
  }
  return null;
};

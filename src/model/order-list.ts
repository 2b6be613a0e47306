import type { Decimal } from './money.js';
import type { Order, SelfTradePreventionMode, Side, TimeInForce } from './order.js';

/** Binance.US lists only OCO; a bracket (entry, then an OCO for what filled) is emulated by the trading service. */
export type ContingencyType = 'OCO';

/** Binance's `listStatusType`: RESPONSE (placed), EXEC_STARTED (a leg is working or filled), ALL_DONE (the list is over). */
export type ListStatusType = 'RESPONSE' | 'EXEC_STARTED' | 'ALL_DONE';
/** Binance's `listOrderStatus`: EXECUTING (live), ALL_DONE (over), REJECT (refused as a whole). */
export type ListOrderStatus = 'EXECUTING' | 'ALL_DONE' | 'REJECT';

/**
 * `POST /api/v3/order/oco`: a LIMIT_MAKER leg at `price` and a STOP_LOSS_LIMIT leg at `stopPrice`
 * (trailing by `trailingDelta` from there when given) / `stopLimitPrice`, both for `quantity`.
 * SELL: price > last > stopPrice; BUY: price < last < stopPrice. Quantities and prices already rounded to the filters.
 */
export interface OcoRequest {
  listClientOrderId: string;
  symbol: string;
  side: Side;
  quantity: Decimal;
  limitClientOrderId: string;
  price: Decimal;
  stopClientOrderId: string;
  /** Mandatory on POST /api/v3/order/oco (rest-api.md "New OCO"); with trailingDelta it is where tracking starts. */
  stopPrice: Decimal;
  stopLimitPrice: Decimal;
  stopLimitTimeInForce?: TimeInForce | undefined;
  /** Basis points, bounded by the TRAILING_DELTA filter. */
  trailingDelta?: number | undefined;
  selfTradePreventionMode?: SelfTradePreventionMode | undefined;
}

/** An order list as the venue sees it: its legs are ordinary orders carrying `orderListId`. */
export interface OrderList {
  orderListId: string;
  listClientOrderId: string;
  symbol: string;
  contingencyType: ContingencyType;
  listStatusType: ListStatusType;
  listOrderStatus: ListOrderStatus;
  /** The legs, limit leg first. */
  orders: Order[];
  createdAt: number;
  updatedAt: number;
}

export type OrderListRef = { orderListId: string } | { listClientOrderId: string };

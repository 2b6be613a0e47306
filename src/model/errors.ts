import type { Fill } from './fill.js';
import type { Order } from './order.js';
import type { OrderList } from './order-list.js';

/**
 * Refusals, named as the architecture names them: the venue *rejects* (ExchangeRejection, with
 * Binance's code and message), our risk engine *denies* (see risk/), bad input is *invalid*.
 */

/** The venue (real or simulated) refused the request. `code` and `msg` are Binance's. */
export class ExchangeRejection extends Error {
  readonly code: number;
  constructor(code: number, msg: string) {
    super(msg);
    this.name = 'ExchangeRejection';
    this.code = code;
  }
}

/** How an unknown outcome ended: the venue showed the order, or proved it never got it, or the search stopped (closing). */
export type UnknownOutcomeResolution =
  | { kind: 'found'; order: Order; fills: Fill[] }
  | { kind: 'absent'; reason: string }
  | { kind: 'abandoned'; reason: string };

/** The request may or may not have reached the venue (timeout, 5xx, dropped connection). Look it up; never resend blindly. */
export class OrderOutcomeUnknown extends Error {
  readonly clientOrderId: string;
  /** Settles when the venue's lookups end the uncertainty; never rejects. */
  readonly resolution?: Promise<UnknownOutcomeResolution>;
  constructor(clientOrderId: string, cause: string, resolution?: Promise<UnknownOutcomeResolution>) {
    super(`outcome of order ${clientOrderId} is unknown: ${cause}`);
    this.name = 'OrderOutcomeUnknown';
    this.clientOrderId = clientOrderId;
    if (resolution) this.resolution = resolution;
  }
}

/** How an order list's unknown outcome ended: the venue showed the list (its legs as they are now, and their fills), proved it never got it, or the search stopped. */
export type ListOutcomeResolution =
  | { kind: 'found'; list: OrderList; fills: Fill[] }
  | { kind: 'absent'; reason: string }
  | { kind: 'abandoned'; reason: string };

/** An order list (OCO) that may or may not have reached the venue; `listResolution` settles when its lookups end the uncertainty. */
export class OrderListOutcomeUnknown extends OrderOutcomeUnknown {
  readonly listResolution?: Promise<ListOutcomeResolution>;
  constructor(listClientOrderId: string, cause: string, listResolution?: Promise<ListOutcomeResolution>) {
    super(listClientOrderId, cause);
    this.message = `outcome of order list ${listClientOrderId} is unknown: ${cause}`;
    this.name = 'OrderListOutcomeUnknown';
    if (listResolution) this.listResolution = listResolution;
  }
}

/** The caller's input is wrong. `field` names what, `allowed` says what would be accepted. */
export class InvalidInput extends Error {
  readonly field: string;
  readonly allowed: string;
  constructor(field: string, problem: string, allowed: string) {
    super(`${field}: ${problem} (allowed: ${allowed})`);
    this.name = 'InvalidInput';
    this.field = field;
    this.allowed = allowed;
  }
}

/** This process cannot carry the call out (another process owns the account and cannot be reached from here); the message names it. */
export class NotServedHere extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotServedHere';
  }
}

/** Binance error codes we produce or handle. */
export const BinanceCode = {
  UNKNOWN: -1000,
  DISCONNECTED: -1001,
  TOO_MANY_REQUESTS: -1003,
  FILTER_FAILURE: -1013,
  TOO_MANY_ORDERS: -1015,
  INVALID_TIMESTAMP: -1021,
  INVALID_SIGNATURE: -1022,
  ILLEGAL_CHARS: -1100,
  TOO_MANY_PARAMETERS: -1101,
  MANDATORY_PARAM_EMPTY_OR_MALFORMED: -1102,
  UNKNOWN_PARAM: -1103,
  UNREAD_PARAMETERS: -1104,
  PARAM_EMPTY: -1105,
  PARAM_NOT_REQUIRED: -1106,
  BAD_PRECISION: -1111,
  INVALID_TIF: -1115,
  INVALID_ORDER_TYPE: -1116,
  INVALID_SIDE: -1117,
  BAD_INTERVAL: -1120,
  BAD_SYMBOL: -1121,
  NEW_ORDER_REJECTED: -2010,
  CANCEL_REJECTED: -2011,
  NO_SUCH_ORDER: -2013,
  BAD_API_KEY_FMT: -2014,
  REJECTED_MBX_KEY: -2015,
  ORDER_ARCHIVED: -2026,
  /** POST /api/v3/order/cancelReplace: one of the cancel and the new order failed (errors.md). */
  CANCEL_REPLACE_PARTIALLY_FAILED: -2021,
  /** POST /api/v3/order/cancelReplace: the cancel failed and nothing more was done, or both failed (errors.md). */
  CANCEL_REPLACE_FAILED: -2022,
} as const;

/** Messages as Binance.US sends them; source: binance-us-api-docs errors.md ("Messages for -1010, -2010 and -2011" unless noted). */
export const BinanceMessage = {
  INSUFFICIENT_BALANCE: 'Account has insufficient balance for requested action.',
  WOULD_TAKE: 'Order would immediately match and take.',
  /** -2011 (cancel) and the lookups of a cancel. */
  UNKNOWN_ORDER: 'Unknown order sent.',
  /** -2011: a cancel with cancelRestrictions the order's status does not meet (rest-api.md, "Regarding cancelRestrictions"). */
  CANCEL_RESTRICTED: 'Order was not canceled due to cancel restrictions.',
  /** -2013 NO_SUCH_ORDER. */
  ORDER_DOES_NOT_EXIST: 'Order does not exist.',
  /** -1121 BAD_SYMBOL. */
  INVALID_SYMBOL: 'Invalid symbol.',
  FOK_NOT_FILLED: 'Order would not be fully filled (FOK).',
  /** errors.md, -2010: an OCO breaking SELL limit > last > stop or BUY limit < last < stop. */
  OCO_PRICE_RELATIONSHIP: 'The relationship of the prices for the orders is not correct.',
  /** errors.md: -2021 and -2022 of POST /api/v3/order/cancelReplace. */
  CANCEL_REPLACE_PARTIALLY_FAILED: 'Order cancel-replace partially failed.',
  CANCEL_REPLACE_FAILED: 'Order cancel-replace failed.',
  /** -1116 INVALID_ORDER_TYPE: a type Binance does not know. */
  INVALID_ORDER_TYPE: 'Invalid orderType.',
  /** A stop whose stop price the last trade has already crossed. */
  WOULD_TRIGGER: 'Order would trigger immediately.',
  /** A known order type the symbol does not list in its orderTypes. */
  MARKET_NOT_SUPPORTED: 'Market orders are not supported for this symbol.',
  STOP_LOSS_NOT_SUPPORTED: 'Stop loss orders are not supported for this symbol.',
  STOP_LOSS_LIMIT_NOT_SUPPORTED: 'Stop loss limit orders are not supported for this symbol.',
  TAKE_PROFIT_NOT_SUPPORTED: 'Take profit orders are not supported for this symbol.',
  TAKE_PROFIT_LIMIT_NOT_SUPPORTED: 'Take profit limit orders are not supported for this symbol.',
  /** -2010 while an open order has the newClientOrderId (Binance.US errors.md, messages for -2010). */
  DUPLICATE_ORDER: 'Duplicate order sent.',
} as const;

import type { Decimal } from './money.js';

export type Side = 'BUY' | 'SELL';
export const SIDES: readonly Side[] = ['BUY', 'SELL'];

export type OrderType = 'MARKET' | 'LIMIT' | 'LIMIT_MAKER' | 'STOP_LOSS_LIMIT' | 'TAKE_PROFIT_LIMIT';
export const ORDER_TYPES: readonly OrderType[] = ['MARKET', 'LIMIT', 'LIMIT_MAKER', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT'];

export type TimeInForce = 'GTC' | 'IOC' | 'FOK';
export const TIME_IN_FORCE: readonly TimeInForce[] = ['GTC', 'IOC', 'FOK'];

export type OrderStatus =
  | 'NEW'
  | 'PARTIALLY_FILLED'
  | 'FILLED'
  | 'CANCELED'
  | 'REJECTED'
  | 'EXPIRED'
  | 'EXPIRED_IN_MATCH';

export const OPEN_STATUSES: readonly OrderStatus[] = ['NEW', 'PARTIALLY_FILLED'];

export function isOpenStatus(status: OrderStatus): boolean {
  return status === 'NEW' || status === 'PARTIALLY_FILLED';
}

/** What the trading service asks a broker to do. Quantities and prices are already rounded to the filters. */
export interface OrderRequest {
  clientOrderId: string;
  symbol: string;
  side: Side;
  type: OrderType;
  /** Base-asset quantity. Exactly one of quantity / quoteOrderQty (the latter for MARKET only). */
  quantity?: Decimal;
  quoteOrderQty?: Decimal;
  price?: Decimal;
  stopPrice?: Decimal;
  timeInForce?: TimeInForce;
}

/** An order as the venue sees it, in Binance's vocabulary. */
export interface Order {
  orderId: string;
  clientOrderId: string;
  symbol: string;
  side: Side;
  type: OrderType;
  timeInForce?: TimeInForce;
  price?: Decimal;
  stopPrice?: Decimal;
  origQty: Decimal;
  origQuoteOrderQty?: Decimal;
  executedQty: Decimal;
  /** Quote asset spent or received so far (Binance spells it `cummulativeQuoteQty`). */
  cummulativeQuoteQty: Decimal;
  status: OrderStatus;
  /** For stop orders: whether the stop price has been crossed and the limit order is working. */
  triggered?: boolean;
  createdAt: number;
  updatedAt: number;
}

export type OrderRef = { orderId: string } | { clientOrderId: string };

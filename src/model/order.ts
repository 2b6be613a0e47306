import { dec, str, type Decimal } from './money.js';

export type Side = 'BUY' | 'SELL';
export const SIDES: readonly Side[] = ['BUY', 'SELL'];

export type OrderType = 'MARKET' | 'LIMIT' | 'LIMIT_MAKER' | 'STOP_LOSS_LIMIT' | 'TAKE_PROFIT_LIMIT';
export const ORDER_TYPES: readonly OrderType[] = [
  'MARKET',
  'LIMIT',
  'LIMIT_MAKER',
  'STOP_LOSS_LIMIT',
  'TAKE_PROFIT_LIMIT',
];

/** Self-trade prevention (Binance.US default EXPIRE_MAKER); an order expired by it ends EXPIRED_IN_MATCH. */
export type SelfTradePreventionMode = 'EXPIRE_TAKER' | 'EXPIRE_MAKER' | 'EXPIRE_BOTH';
export const SELF_TRADE_PREVENTION_MODES: readonly SelfTradePreventionMode[] = [
  'EXPIRE_TAKER',
  'EXPIRE_MAKER',
  'EXPIRE_BOTH',
];

export type TimeInForce = 'GTC' | 'IOC' | 'FOK';
export const TIME_IN_FORCE: readonly TimeInForce[] = ['GTC', 'IOC', 'FOK'];

export type OrderStatus =
  'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'REJECTED' | 'EXPIRED' | 'EXPIRED_IN_MATCH';

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
  quantity?: Decimal | undefined;
  quoteOrderQty?: Decimal | undefined;
  price?: Decimal | undefined;
  stopPrice?: Decimal | undefined;
  timeInForce?: TimeInForce | undefined;
  /** STOP_LOSS_LIMIT / TAKE_PROFIT_LIMIT only: trail by this many basis points (TRAILING_DELTA filter). */
  trailingDelta?: number | undefined;
  selfTradePreventionMode?: SelfTradePreventionMode | undefined;
}

/** An order as the venue sees it, in Binance's vocabulary. */
export interface Order {
  orderId: string;
  clientOrderId: string;
  symbol: string;
  side: Side;
  type: OrderType;
  timeInForce?: TimeInForce | undefined;
  price?: Decimal | undefined;
  stopPrice?: Decimal | undefined;
  origQty: Decimal;
  origQuoteOrderQty?: Decimal | undefined;
  executedQty: Decimal;
  /** Quote asset spent or received so far (Binance spells it `cummulativeQuoteQty`). */
  cummulativeQuoteQty: Decimal;
  status: OrderStatus;
  /** For stop orders: whether the stop price has been crossed and the limit order is working. */
  triggered?: boolean | undefined;
  trailingDelta?: number | undefined;
  /** A trailing stop: when tracking began (Binance's `trailingTime`); absent before (Binance: -1). */
  trailingTime?: number | undefined;
  /** A tracking trailing stop: the highest (SELL) or lowest (BUY) trade price since trailingTime; with trailingDelta it fixes the trigger. */
  trailingExtreme?: Decimal | undefined;
  /** The mode it was placed with (the symbol's default when it asked for none). */
  selfTradePreventionMode?: SelfTradePreventionMode | undefined;
  /** Set on the legs of an order list (model/order-list.ts). */
  orderListId?: string | undefined;
  createdAt: number;
  updatedAt: number;
}

/** Where a tracking trailing stop stands: what a restart needs to put it back exactly. */
export interface OrderTrail {
  clientOrderId: string;
  trailingTime: number;
  trailingExtreme: Decimal;
}

/**
 * The price a trade must reach to trigger a tracking trailing stop now (exact, as the venue compares):
 * SELL trailingExtreme × (1 − trailingDelta / 10,000), BUY × (1 + trailingDelta / 10,000).
 * Undefined when the order is not a working trailing stop that is tracking.
 */
export function trailingTrigger(
  order: Pick<Order, 'side' | 'trailingDelta' | 'trailingExtreme' | 'triggered'> & { status: string },
): Decimal | undefined {
  if (order.trailingDelta === undefined || order.trailingExtreme === undefined || order.triggered === true)
    return undefined;
  if (order.status !== 'NEW' && order.status !== 'PARTIALLY_FILLED') return undefined;
  const factor = dec(10_000 + (order.side === 'BUY' ? order.trailingDelta : -order.trailingDelta)).div(10_000);
  return str(dec(order.trailingExtreme).times(factor));
}

export type OrderRef = { orderId: string } | { clientOrderId: string };

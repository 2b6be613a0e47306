import type { Balance } from '../model/balance.js';
import type { Fill } from '../model/fill.js';
import type { SymbolFee } from '../model/market.js';
import type { Order, OrderRef, OrderRequest } from '../model/order.js';
import type { Unsubscribe } from './market-data.js';

export interface OrderResult {
  order: Order;
  /** Fills that happened as part of this call (taker fills of a marketable order). */
  fills: Fill[];
}

export interface FillQuery {
  symbol?: string | undefined;
  since?: number | undefined;
  limit?: number | undefined;
}

/** Something that happened to an order after the call that placed it returned: a resting order filled, a stop triggered, an order expired. */
export interface OrderUpdate {
  order: Order;
  fills: Fill[];
}

/**
 * The venue that executes orders: the simulated broker (paper) or Binance.US (live).
 * Venue refusals throw ExchangeRejection with Binance's code; an unknown outcome throws OrderOutcomeUnknown.
 * A clientOrderId already used returns the existing order instead of placing a second one.
 */
export interface Broker {
  placeOrder(request: OrderRequest): Promise<OrderResult>;
  cancelOrder(symbol: string, ref: OrderRef): Promise<Order>;
  getOrder(symbol: string, ref: OrderRef): Promise<Order | undefined>;
  openOrders(symbol?: string): Promise<Order[]>;
  fills(query?: FillQuery): Promise<Fill[]>;
  balances(): Promise<Balance[]>;
  /** The account's own maker/taker rates; all symbols when omitted. */
  tradingFees(symbols?: string[]): Promise<SymbolFee[]>;
  onOrderUpdate(listener: (update: OrderUpdate) => void): Unsubscribe;
  close(): Promise<void>;
}

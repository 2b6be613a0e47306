import type { Balance } from '../model/balance.js';
import type { ExchangeRejection, ListOutcomeResolution } from '../model/errors.js';
import type { Fill } from '../model/fill.js';
import type { SymbolFee } from '../model/market.js';
import type { Order, OrderRef, OrderRequest } from '../model/order.js';
import type { OcoRequest, OrderList, OrderListRef } from '../model/order-list.js';
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
  /** Why the venue ended the order on its own, when it says (an execution guard's refusal). */
  reason?: string;
  /** When the order is a leg of an order list: the list's state after this update. */
  list?: OrderList;
}

export interface OrderListResult {
  list: OrderList;
  /** Fills that happened as part of this call. */
  fills: Fill[];
}

/**
 * Order lists (OCO), as Binance.US runs them: one leg filling or triggering cancels the other.
 * A listClientOrderId already used returns the existing list instead of placing a second one.
 */
export interface OrderListVenue {
  placeOco(request: OcoRequest): Promise<OrderListResult>;
  cancelOrderList(symbol: string, ref: OrderListRef): Promise<OrderList>;
  getOrderList(ref: OrderListRef): Promise<OrderList | undefined>;
  openOrderLists(symbol?: string): Promise<OrderList[]>;
  /**
   * A venue whose queries can lag (Binance.US) looks a list sent without a journaled answer up by its
   * list client order id and both legs until it shows or is proved absent; without it one
   * getOrderList is the truth (the simulator). `sentAtLocal` is on this process's clock.
   */
  resolveLostOrderList?(
    symbol: string,
    listClientOrderId: string,
    legClientOrderIds: string[],
    sentAtLocal: number,
  ): Promise<ListOutcomeResolution>;
}

/** POST /api/v3/order/cancelReplace's modes: STOP_ON_FAILURE places nothing when the cancel fails; ALLOW_FAILURE places anyway. */
export type CancelReplaceMode = 'STOP_ON_FAILURE' | 'ALLOW_FAILURE';

export interface CancelReplaceRequest {
  symbol: string;
  /** The order to cancel. */
  cancel: OrderRef;
  mode: CancelReplaceMode;
  /**
   * ONLY_NEW: the cancel succeeds only while the order is NEW (nothing filled), else it fails with
   * -2011 "Order was not canceled due to cancel restrictions." (Binance rest-api.md, cancelRestrictions).
   */
  cancelRestrictions?: 'ONLY_NEW';
  /** The new order, on the same symbol; already rounded to the filters. */
  order: OrderRequest;
}

/** Each half's outcome, as Binance reports them; `placed` is absent when the new order was not attempted. */
export interface CancelReplaceResult {
  cancel: { ok: true; order: Order } | { ok: false; error: ExchangeRejection };
  placed?: { ok: true; result: OrderResult } | { ok: false; error: ExchangeRejection };
}

/**
 * Asked by a venue that executes accepted orders itself as the market moves (the simulator) just
 * before a resting order fills or a triggered stop is worked: null lets it execute, a reason cancels
 * it with that reason. A guard that throws holds the order back for this trade (it neither fills nor
 * is canceled). Binance.US triggers and fills stops on its own servers and asks nobody, so the live
 * broker takes no guard: there, canceling at the breaker's trip (BREAKER_OPEN_ORDERS=cancel) is the defence.
 */
export type ExecutionGuard = (order: Order) => Promise<string | null>;

/**
 * The venue that executes orders: the simulated broker (paper) or Binance.US (live).
 * Venue refusals throw ExchangeRejection with Binance's code; an unknown outcome throws OrderOutcomeUnknown.
 * The clientOrderId of an open order never places a second order: the venue refuses it (-2010
 * "Duplicate order sent.", as Binance does) or the live broker answers the first order it sent under
 * that id. Once that order is done the id names a new order (as on Binance): callers that retry keep
 * their own idempotency (the trading service finds a retried action's order in the journal).
 */
export interface Broker extends OrderListVenue {
  placeOrder(request: OrderRequest): Promise<OrderResult>;
  cancelOrder(symbol: string, ref: OrderRef): Promise<Order>;
  /**
   * Cancels an order and places a new one in one request. The new order's filters are checked first:
   * a failure there throws and nothing is done; a failed half is reported in the result.
   */
  cancelReplace(request: CancelReplaceRequest): Promise<CancelReplaceResult>;
  getOrder(symbol: string, ref: OrderRef): Promise<Order | undefined>;
  openOrders(symbol?: string): Promise<Order[]>;
  fills(query?: FillQuery): Promise<Fill[]>;
  balances(): Promise<Balance[]>;
  /** The account's own maker/taker rates; all symbols when omitted. */
  tradingFees(symbols?: string[]): Promise<SymbolFee[]>;
  onOrderUpdate(listener: (update: OrderUpdate) => void): Unsubscribe;
  /** Venues that execute orders on market moves themselves (the simulator) ask this guard first; see ExecutionGuard. */
  setExecutionGuard?(guard: ExecutionGuard): void;
  close(): Promise<void>;
}

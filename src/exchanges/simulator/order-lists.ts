/**
 * OCO order lists inside the matching engine, as Binance.US runs them (rest-api.md "New OCO",
 * binance-us-api.md "Order lists"):
 * - a STOP_LOSS_LIMIT leg (issued first, as Binance numbers it) and a LIMIT_MAKER leg, same quantity;
 * - refused as a whole before anything is placed: each leg's filters (the pair counts 2 against
 *   MAX_NUM_ORDERS, the stop leg 1 against MAX_NUM_ALGO_ORDERS), then SELL limit > last > stop /
 *   BUY limit < last < stop (-2010), a limit leg that would take, the funds;
 * - the pair holds the funds of its dearer leg once (a SELL: the quantity; a BUY: the higher of
 *   limit × qty and stop-limit × qty), the stop leg's share moving onto it when it triggers;
 * - the limit leg executing (even partly) or the stop triggering expires the other leg at once and
 *   the list is ALL_DONE; canceling either leg cancels the list.
 */
import { BinanceCode, BinanceMessage, ExchangeRejection } from '../../model/errors.js';
import { checkOrderFilters } from '../../model/filters.js';
import type { Market } from '../../model/market.js';
import type { OrderBook } from '../../model/market-snapshot.js';
import { cmp, type Decimal, isZero } from '../../model/money.js';
import type { Order, OrderRequest, OrderStatus } from '../../model/order.js';
import type { OcoRequest, OrderList, OrderListRef } from '../../model/order-list.js';
import type { OrderListResult, OrderUpdate } from '../../ports/broker.js';
import type { Account } from './account.js';
import { toUnits } from './fixed-point.js';
import type { SymbolScale } from './symbol-scale.js';
import type { UnitOrderBook } from '../../model/unit-book.js';
import type { VisibleBook } from './visible-book.js';
import { StopKind, type WorkingOrder } from './working-order.js';

/** What the lists need of the engine that owns them. */
export interface ListHost {
  readonly account: Account;
  now(): number;
  scaleFor(market: Market): SymbolScale;
  bookFor(scale: SymbolScale, book: OrderBook | UnitOrderBook): VisibleBook;
  openOrders(symbol: string): number;
  openStops(symbol: string): number;
  /** An open order holding this client order id. */
  openByClientOrderId(clientOrderId: string): WorkingOrder | undefined;
  nextListNumber(): number;
  readonly idPrefix: string;
  /** Registers a new resting leg (status NEW). */
  createLeg(
    request: OrderRequest,
    scale: SymbolScale,
    limit: number,
    stop: number,
    stopKind: StopKind,
    qty: number,
    orderListId: string,
  ): WorkingOrder;
  finish(wo: WorkingOrder, status: OrderStatus, now: number): void;
  trail(wo: WorkingOrder, delta: number): void;
}

interface ListState {
  orderListId: string;
  listClientOrderId: string;
  symbol: string;
  limitLeg: WorkingOrder;
  stopLeg: WorkingOrder;
  /** Funds held by the list beyond the limit leg's own lock (the stop leg's dearer share). */
  reserveAtto: bigint;
  executing: boolean;
  createdAt: number;
  updatedAt: number;
}

/** Funds an order of `limit` × `qty` locks: quote atto for a BUY, base atto for a SELL. */
function lockOf(scale: SymbolScale, buy: boolean, limit: number, qty: number): bigint {
  return buy ? BigInt(limit) * BigInt(qty) * scale.notionalAtto : BigInt(qty) * scale.qtyAtto;
}

const rejected = (message: string): ExchangeRejection => new ExchangeRejection(BinanceCode.NEW_ORDER_REJECTED, message);

export class OrderLists {
  private readonly byId = new Map<string, ListState>();
  private readonly byClient = new Map<string, ListState>();
  private readonly byLeg = new Map<WorkingOrder, ListState>();
  /** Updates to legs made as a side effect of a call that returns something else (a cancel). */
  private outbox: OrderUpdate[] = [];

  constructor(private readonly host: ListHost) {}

  place(
    request: OcoRequest,
    view: { market: Market; book: OrderBook | UnitOrderBook; lastPrice: Decimal },
  ): OrderListResult {
    const existing = this.byClient.get(request.listClientOrderId);
    if (existing) return { list: this.view(existing), fills: [] };
    const { market } = view;
    const limitRequest: OrderRequest = {
      clientOrderId: request.limitClientOrderId,
      symbol: request.symbol,
      side: request.side,
      type: 'LIMIT_MAKER',
      quantity: request.quantity,
      price: request.price,
      selfTradePreventionMode: request.selfTradePreventionMode,
    };
    const stopRequest: OrderRequest = {
      clientOrderId: request.stopClientOrderId,
      symbol: request.symbol,
      side: request.side,
      type: 'STOP_LOSS_LIMIT',
      quantity: request.quantity,
      price: request.stopLimitPrice,
      stopPrice: request.stopPrice,
      timeInForce: request.stopLimitTimeInForce ?? 'GTC',
      trailingDelta: request.trailingDelta,
      selfTradePreventionMode: request.selfTradePreventionMode,
    };
    const open = this.host.openOrders(request.symbol);
    const refusal =
      checkOrderFilters(market, limitRequest, { referencePrice: view.lastPrice, openOrders: open }) ??
      checkOrderFilters(market, stopRequest, {
        referencePrice: view.lastPrice,
        openOrders: open + 1,
        openAlgoOrders: this.host.openStops(request.symbol),
      });
    if (refusal) throw refusal;
    const sell = request.side === 'SELL';
    const last = view.lastPrice;
    const related = sell
      ? cmp(request.price, last) > 0 && cmp(last, request.stopPrice) > 0
      : cmp(request.price, last) < 0 && cmp(last, request.stopPrice) < 0;
    if (!related) throw rejected(BinanceMessage.OCO_PRICE_RELATIONSHIP);
    if (
      request.limitClientOrderId === request.stopClientOrderId ||
      this.host.openByClientOrderId(request.limitClientOrderId) ||
      this.host.openByClientOrderId(request.stopClientOrderId)
    ) {
      throw rejected(BinanceMessage.DUPLICATE_ORDER);
    }
    const scale = this.host.scaleFor(market);
    const buy = !sell;
    const limit = toUnits(request.price, scale.priceDecimals);
    const stopLimit = toUnits(request.stopLimitPrice, scale.priceDecimals);
    const stop = toUnits(request.stopPrice, scale.priceDecimals);
    const qty = toUnits(request.quantity, scale.qtyDecimals);
    const side = this.host.bookFor(scale, view.book).against(buy);
    const best = side.best();
    if (best !== undefined && side.crosses(best, limit)) throw rejected(BinanceMessage.WOULD_TAKE);
    const limitLock = lockOf(scale, buy, limit, qty);
    const stopLock = lockOf(scale, buy, stopLimit, qty);
    const total = limitLock > stopLock ? limitLock : stopLock;
    const asset = buy ? scale.quoteAsset : scale.baseAsset;
    if (!this.host.account.lock(asset, total)) throw rejected(BinanceMessage.INSUFFICIENT_BALANCE);

    const now = this.host.now();
    const orderListId = `${this.host.idPrefix}${this.host.nextListNumber()}`;
    const stopLeg = this.host.createLeg(stopRequest, scale, stopLimit, stop, StopKind.StopLoss, qty, orderListId);
    // The limit leg's lock is its own (released fill by fill); the rest of the pair's funds stay with the list.
    stopLeg.holdsLock = false;
    const limitLeg = this.host.createLeg(limitRequest, scale, limit, 0, StopKind.None, qty, orderListId);
    if (request.trailingDelta !== undefined) this.host.trail(stopLeg, request.trailingDelta);
    const state: ListState = {
      orderListId,
      listClientOrderId: request.listClientOrderId,
      symbol: request.symbol,
      limitLeg,
      stopLeg,
      reserveAtto: total - limitLock,
      executing: true,
      createdAt: now,
      updatedAt: now,
    };
    this.add(state);
    return { list: this.view(state), fills: [] };
  }

  /** The list `wo` is a leg of, if any (open or done). */
  of(wo: WorkingOrder): ListState | undefined {
    return wo.orderListId === undefined ? undefined : this.byLeg.get(wo);
  }

  /** A leg executed (fully or partly): an executing list ends, its other leg expires. `update` is the leg's own. */
  onExecuted(wo: WorkingOrder, update: OrderUpdate, now: number, updates: OrderUpdate[]): void {
    const state = this.of(wo);
    if (!state) return;
    if (state.executing) {
      const other = wo === state.limitLeg ? state.stopLeg : state.limitLeg;
      this.end(state, now);
      if (other.open) {
        this.host.finish(other, 'EXPIRED', now);
        update.list = this.view(state);
        updates.push({ order: other.toOrder(), fills: [], list: this.view(state) });
        return;
      }
    }
    update.list = this.view(state);
  }

  /**
   * A leg ended without executing (self-trade prevention expired it in a match): as with any leg
   * ending, the list is over and the other leg expires. `update` is the leg's own.
   */
  onEndedInMatch(wo: WorkingOrder, update: OrderUpdate, now: number, updates: OrderUpdate[]): void {
    const state = this.of(wo);
    if (!state) return;
    if (state.executing) {
      const other = wo === state.limitLeg ? state.stopLeg : state.limitLeg;
      if (other.open) this.host.finish(other, 'EXPIRED', now);
      this.end(state, now);
      updates.push({ order: other.toOrder(), fills: [], list: this.view(state) });
    }
    update.list = this.view(state);
  }

  /** The stop leg triggered: the limit leg expires, the stop leg takes over the pair's funds. */
  onTriggered(wo: WorkingOrder, update: OrderUpdate, now: number, updates: OrderUpdate[]): void {
    const state = this.of(wo);
    if (!state) return;
    if (state.executing && wo === state.stopLeg) {
      const limitLeg = state.limitLeg;
      if (limitLeg.open) this.host.finish(limitLeg, 'EXPIRED', now);
      this.end(state, now);
      wo.holdsLock = true;
      if (!this.host.account.lock(wo.buy ? wo.scale.quoteAsset : wo.scale.baseAsset, wo.lockedAtto)) {
        throw new Error(
          `order list ${state.orderListId}: the stop leg's funds were not held (engine invariant broken)`,
        );
      }
      update.order = wo.toOrder();
      update.list = this.view(state);
      updates.push({ order: limitLeg.toOrder(), fills: [], list: this.view(state) });
      return;
    }
    update.list = this.view(state);
  }

  /** Canceling one leg cancels the list: the other leg's update goes to the outbox. False when `wo` is in no executing list. */
  cancelWithLeg(wo: WorkingOrder, now: number): boolean {
    const state = this.of(wo);
    if (!state?.executing) return false;
    const other = wo === state.limitLeg ? state.stopLeg : state.limitLeg;
    this.host.finish(wo, 'CANCELED', now);
    if (other.open) this.host.finish(other, 'CANCELED', now);
    this.end(state, now);
    this.outbox.push({ order: other.toOrder(), fills: [], list: this.view(state) });
    return true;
  }

  /** DELETE /api/v3/orderList: both legs CANCELED. */
  cancel(symbol: string, ref: OrderListRef, now: number): OrderList {
    const state = this.find(ref);
    if (!state || state.symbol !== symbol || !state.executing) {
      throw new ExchangeRejection(BinanceCode.CANCEL_REJECTED, BinanceMessage.UNKNOWN_ORDER);
    }
    for (const leg of [state.stopLeg, state.limitLeg]) if (leg.open) this.host.finish(leg, 'CANCELED', now);
    this.end(state, now);
    return this.view(state);
  }

  get(ref: OrderListRef): OrderList | undefined {
    const state = this.find(ref);
    return state ? this.view(state) : undefined;
  }

  openLists(symbol?: string): OrderList[] {
    return [...this.byId.values()]
      .filter((s) => s.executing && (symbol === undefined || s.symbol === symbol))
      .map((s) => this.view(s));
  }

  takeOutbox(): OrderUpdate[] {
    const out = this.outbox;
    this.outbox = [];
    return out;
  }

  /**
   * After a restart: `legs` are the restored open orders carrying an orderListId, `stored` the
   * journaled lists (for their client ids and times). A pair with both legs open and neither
   * started (no fill on the limit leg, the stop untriggered) executes again and holds the pair's
   * funds. Otherwise the list was over (the process stopped between a leg's execution and the
   * other's expiry): each leg that had not started expires now, as the venue would have done.
   * A stop leg restored beside its limit leg holds no lock of its own (see sharesLock) until it stays alone.
   * The updates of the legs expired here go to the outbox.
   */
  restore(legs: WorkingOrder[], stored: readonly OrderList[], now: number): void {
    const journaled = new Map(stored.map((l) => [l.orderListId, l]));
    const byList = new Map<string, WorkingOrder[]>();
    for (const wo of legs) byList.set(wo.orderListId!, [...(byList.get(wo.orderListId!) ?? []), wo]);
    for (const [orderListId, found] of byList) {
      const limitLeg = found.find((wo) => wo.type === 'LIMIT_MAKER');
      const stopLeg = found.find((wo) => wo.type === 'STOP_LOSS_LIMIT');
      const info = journaled.get(orderListId);
      if (limitLeg && stopLeg && stopLeg.triggered !== true && limitLeg.executed === 0) {
        const stopLock = lockOf(stopLeg.scale, stopLeg.buy, stopLeg.limit, stopLeg.remaining);
        const limitLock = limitLeg.lockedAtto;
        const state: ListState = {
          orderListId,
          listClientOrderId: info?.listClientOrderId ?? '',
          symbol: limitLeg.symbol,
          limitLeg,
          stopLeg,
          reserveAtto: stopLock > limitLock ? stopLock - limitLock : 0n,
          executing: true,
          createdAt: info?.createdAt ?? Math.min(limitLeg.createdAt, stopLeg.createdAt),
          updatedAt: info?.updatedAt ?? now,
        };
        const asset = stopLeg.buy ? stopLeg.scale.quoteAsset : stopLeg.scale.baseAsset;
        if (!this.host.account.lock(asset, state.reserveAtto)) {
          throw new Error(`cannot restore order list ${orderListId}: ${asset} total is less than its legs hold`);
        }
        this.add(state);
        continue;
      }
      for (const wo of found) {
        const started = wo.type === 'LIMIT_MAKER' ? wo.executed > 0 : wo.triggered === true;
        if (started) continue;
        this.host.finish(wo, 'EXPIRED', now);
        this.outbox.push({ order: wo.toOrder(), fills: [] });
      }
      if (stopLeg?.open && !stopLeg.holdsLock) {
        stopLeg.holdsLock = true;
        const asset = stopLeg.buy ? stopLeg.scale.quoteAsset : stopLeg.scale.baseAsset;
        if (!this.host.account.lock(asset, stopLeg.lockedAtto)) {
          throw new Error(`cannot restore order ${stopLeg.orderId}: ${asset} total is less than the open orders hold`);
        }
      }
    }
  }

  /**
   * Whether a restored open leg comes back without a lock of its own: the stop leg of a pair whose
   * limit leg is open too (the pair holds one lock, see restore), or a leg left alone that had not
   * started (its list is over, so restore expires it; the journal may no longer hold its funds).
   */
  static restoredWithoutLock(order: Order, open: readonly Order[]): boolean {
    if (order.orderListId === undefined) return false;
    const partner = open.find((o) => o.orderListId === order.orderListId && o.orderId !== order.orderId);
    if (partner) return order.type === 'STOP_LOSS_LIMIT' && partner.type === 'LIMIT_MAKER';
    const started = order.type === 'LIMIT_MAKER' ? !isZero(order.executedQty) : order.triggered === true;
    return !started;
  }

  /** Every executing list ends (operator reset); the legs are ended by the caller. */
  endAll(now: number): void {
    for (const state of this.byId.values()) if (state.executing) this.end(state, now);
  }

  clear(): void {
    this.byId.clear();
    this.byClient.clear();
    this.byLeg.clear();
    this.outbox = [];
  }

  private add(state: ListState): void {
    this.byId.set(state.orderListId, state);
    if (state.listClientOrderId !== '') this.byClient.set(state.listClientOrderId, state);
    this.byLeg.set(state.limitLeg, state);
    this.byLeg.set(state.stopLeg, state);
  }

  private end(state: ListState, now: number): void {
    if (!state.executing) return;
    state.executing = false;
    state.updatedAt = now;
    const asset = state.stopLeg.buy ? state.stopLeg.scale.quoteAsset : state.stopLeg.scale.baseAsset;
    this.host.account.unlock(asset, state.reserveAtto);
    state.reserveAtto = 0n;
  }

  private find(ref: OrderListRef): ListState | undefined {
    return 'orderListId' in ref ? this.byId.get(ref.orderListId) : this.byClient.get(ref.listClientOrderId);
  }

  private view(state: ListState): OrderList {
    return {
      orderListId: state.orderListId,
      listClientOrderId: state.listClientOrderId,
      symbol: state.symbol,
      contingencyType: 'OCO',
      listStatusType: state.executing ? 'EXEC_STARTED' : 'ALL_DONE',
      listOrderStatus: state.executing ? 'EXECUTING' : 'ALL_DONE',
      orders: [state.limitLeg.toOrder(), state.stopLeg.toOrder()],
      createdAt: state.createdAt,
      updatedAt: state.updatedAt,
    };
  }
}

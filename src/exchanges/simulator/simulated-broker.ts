/**
 * The paper exchange behind the Broker port: the synchronous MatchingEngine plus the market data
 * it needs (market rules, a book snapshot, the last and the average price), and a trade subscription for every
 * symbol with open orders so resting orders fill and stops trigger as the market moves.
 */
import type { Logger } from '../../log.js';
import type { Balance } from '../../model/balance.js';
import type { Fill } from '../../model/fill.js';
import type { FeeRates, Market, SymbolFee } from '../../model/market.js';
import type { TradeTick } from '../../model/market-snapshot.js';
import { isOpenStatus, type Order, type OrderRef, type OrderRequest, type OrderTrail } from '../../model/order.js';
import type { OcoRequest, OrderList, OrderListRef } from '../../model/order-list.js';
import { BinanceCode, BinanceMessage, ExchangeRejection } from '../../model/errors.js';
import { checkOrderFilters, readsReferencePrice } from '../../model/filters.js';
import type {
  Broker,
  CancelReplaceRequest,
  CancelReplaceResult,
  ExecutionGuard,
  FillQuery,
  OrderListResult,
  OrderResult,
  OrderUpdate,
} from '../../ports/broker.js';
import type { Clock } from '../../ports/clock.js';
import type { MarketData, UnitBookSource, Unsubscribe } from '../../ports/market-data.js';
import type { FillModel } from './fill-model.js';
import { type EngineState, MatchingEngine, type MarketView } from './matching-engine.js';
import { TrailRecorder } from './trail-recorder.js';
import { CountingIds, type VenueIds } from './venue-ids.js';

import { bookLevels } from './visible-book.js';

export interface SimulatedBrokerOptions {
  marketData: MarketData;
  clock: Clock;
  /** Starting balances (free; locked is added to free). */
  balances: Balance[];
  /** Per-symbol maker/taker rates replacing the market's published schedule. */
  feeOverrides?: Record<string, FeeRates>;
  /** Prepended to order and trade ids. */
  idPrefix?: string;
  /** Where order and trade numbers come from: a journal sequence for the paper account (default: counting from 1 in memory). */
  ids?: VenueIds;
  /** Prints exactly at a resting limit price: see fill-model.ts (default conservative). */
  fillModel?: FillModel;
  /** Book levels per side fetched for each order (default 1000): what a market order can walk. */
  bookDepth?: number;
  /**
   * Journals where trailing stops stand (tracking begun, extreme moved: trail-recorder.ts), so a
   * restart restores them exactly. Only the paper account passes it; without it nothing is recorded.
   */
  recordTrails?: (trails: OrderTrail[]) => Promise<void>;
  /** Where books come from as integers instead of text (a tape market): the same levels, none parsed back. */
  unitBooks?: UnitBookSource;
  /** What view() would read, answered synchronously (a tape market simulated instant): no waits per order. */
  instantViews?: InstantViewSource;
  logger?: Logger;
}

export interface InstantViewSource {
  /** The market, book (`depth` levels), last price and, when asked, average price of a symbol now. */
  viewNow(symbol: string, depth: number, withAverage: boolean): MarketView;
}

export interface SimulatedBrokerState extends Omit<EngineState, 'balances'> {
  /** Balances as stored (free + locked = total); the locks are re-derived from the open orders. */
  balances: Balance[];
}

export class SimulatedBroker implements Broker {
  /** The synchronous core, exposed for benchmarks and tests. */
  readonly engine: MatchingEngine;
  private readonly marketData: MarketData;
  private readonly bookDepth: number;
  private readonly unitBooks: UnitBookSource | undefined;
  private readonly instantViews: InstantViewSource | undefined;
  private readonly logger?: Logger;
  private readonly listeners = new Set<(update: OrderUpdate) => void>();
  private readonly subscriptions = new Map<string, Unsubscribe>();
  /** Work started by trade ticks (matching triggered stops against a fresh book), in order. */
  private pending: Promise<void> = Promise.resolve();
  private readonly working = new Set<string>();
  private readonly ids: VenueIds;
  private readonly trails: TrailRecorder | undefined;
  private guard: ExecutionGuard | undefined;
  /** Trades waiting behind a guard's review or for trade numbers: later trades queue behind them, so trades apply in order. */
  private queuedTrades = 0;
  private closed = false;

  constructor(options: SimulatedBrokerOptions) {
    this.marketData = options.marketData;
    this.bookDepth = options.bookDepth ?? 1000;
    this.unitBooks = options.unitBooks;
    this.instantViews = options.instantViews;
    if (options.logger) this.logger = options.logger;
    this.ids = options.ids ?? new CountingIds();
    const trails = options.recordTrails && new TrailRecorder(options.recordTrails, options.logger);
    this.trails = trails;
    this.engine = new MatchingEngine({
      clock: options.clock,
      ids: this.ids,
      balances: options.balances,
      ...(options.feeOverrides ? { feeOverrides: options.feeOverrides } : {}),
      ...(options.idPrefix !== undefined ? { idPrefix: options.idPrefix } : {}),
      ...(options.fillModel !== undefined ? { fillModel: options.fillModel } : {}),
      ...(trails ? { onTrailMoved: (trail: OrderTrail) => trails.note(trail) } : {}),
    });
  }

  async placeOrder(request: OrderRequest): Promise<OrderResult> {
    this.assertOpen();
    // The average price only values orders the filters value with it (a MARKET order by quote amount is not).
    const withAverage = readsReferencePrice(request);
    const view = this.instantViews
      ? this.instantViews.viewNow(request.symbol, this.bookDepth, withAverage)
      : await this.view(request.symbol, withAverage);
    // A taker walk fills at most once per book level. Checked again after each wait, right before the
    // synchronous step that consumes the numbers, so nothing else can take them in between.
    const takes = bookLevels(view.book);
    while (!this.ids.has(1, takes)) await this.ids.ensure(1, takes);
    return this.placed(request, view);
  }

  /**
   * placeOrder without a wait, where it would make none: views answered synchronously (instantViews)
   * and the order and trade numbers at hand. Undefined (nothing done) otherwise: then call placeOrder.
   */
  placeOrderNow(request: OrderRequest): OrderResult | undefined {
    if (!this.instantViews) return undefined;
    this.assertOpen();
    const view = this.instantViews.viewNow(request.symbol, this.bookDepth, readsReferencePrice(request));
    if (!this.ids.has(1, bookLevels(view.book))) return undefined;
    return this.placed(request, view);
  }

  /** The synchronous step of placing: the engine's verdict and fills, then what follows from them. */
  private placed(request: OrderRequest, view: MarketView): OrderResult {
    const result = this.engine.place(request, view);
    // Own resting orders it expired by self-trade prevention: reported like any change the venue makes.
    this.emit(this.engine.takeSelfTradeUpdates());
    this.syncSubscriptions();
    this.topUpIds();
    return result;
  }

  async cancelOrder(symbol: string, ref: OrderRef): Promise<Order> {
    this.assertOpen();
    const order = this.engine.cancel(symbol, ref);
    this.syncSubscriptions();
    // Canceling a leg of an OCO cancels the other leg too: that one is reported to listeners.
    this.emit(this.engine.takeSideUpdates());
    return order;
  }

  /** POST /api/v3/order/cancelReplace: "Filters are evaluated before the cancel order is placed." */
  async cancelReplace(request: CancelReplaceRequest): Promise<CancelReplaceResult> {
    this.assertOpen();
    const view = await this.view(request.order.symbol);
    const refused = checkOrderFilters(view.market, request.order, { referencePrice: view.lastPrice });
    if (refused) throw refused;
    const rejection = (error: unknown): ExchangeRejection => {
      if (error instanceof ExchangeRejection) return error;
      throw error;
    };
    let cancel: CancelReplaceResult['cancel'];
    try {
      const target =
        request.cancelRestrictions === 'ONLY_NEW' ? this.engine.order(request.symbol, request.cancel) : undefined;
      // Only an open order meets or breaks the restriction; one that is over is Binance's "Unknown order sent."
      if (target && target.status === 'PARTIALLY_FILLED')
        throw new ExchangeRejection(BinanceCode.CANCEL_REJECTED, BinanceMessage.CANCEL_RESTRICTED);
      cancel = { ok: true, order: await this.cancelOrder(request.symbol, request.cancel) };
    } catch (error) {
      cancel = { ok: false, error: rejection(error) };
    }
    if (!cancel.ok && request.mode === 'STOP_ON_FAILURE') return { cancel };
    try {
      return { cancel, placed: { ok: true, result: await this.placeOrder(request.order) } };
    } catch (error) {
      return { cancel, placed: { ok: false, error: rejection(error) } };
    }
  }

  async placeOco(request: OcoRequest): Promise<OrderListResult> {
    this.assertOpen();
    const existing = this.engine.orderList({ listClientOrderId: request.listClientOrderId });
    if (existing) return { list: existing, fills: [] };
    const view = await this.view(request.symbol);
    // The list and its two legs take one order number each; neither leg trades at placement.
    while (!this.ids.has(3, 0)) await this.ids.ensure(3, 0);
    const result = this.engine.placeOco(request, view);
    this.syncSubscriptions();
    this.topUpIds();
    return result;
  }

  async cancelOrderList(symbol: string, ref: OrderListRef): Promise<OrderList> {
    this.assertOpen();
    const list = this.engine.cancelOrderList(symbol, ref);
    this.syncSubscriptions();
    return list;
  }

  async getOrderList(ref: OrderListRef): Promise<OrderList | undefined> {
    return this.engine.orderList(ref);
  }

  async openOrderLists(symbol?: string): Promise<OrderList[]> {
    return this.engine.openOrderLists(symbol);
  }

  async getOrder(symbol: string, ref: OrderRef): Promise<Order | undefined> {
    return this.engine.order(symbol, ref);
  }

  async openOrders(symbol?: string): Promise<Order[]> {
    return this.engine.openOrders(symbol);
  }

  async fills(query?: FillQuery): Promise<Fill[]> {
    return this.engine.fills(query);
  }

  async balances(): Promise<Balance[]> {
    return this.engine.balances();
  }

  async tradingFees(symbols?: string[]): Promise<SymbolFee[]> {
    const markets = symbols
      ? await Promise.all(symbols.map((s) => this.marketData.market(s)))
      : await this.marketData.markets();
    return markets.map((m) => ({ symbol: m.symbol, ...this.engine.feeRates(m) }));
  }

  setExecutionGuard(guard: ExecutionGuard): void {
    this.guard = guard;
  }

  onOrderUpdate(listener: (update: OrderUpdate) => void): Unsubscribe {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Rebuilds the account after a restart from what the journal stored. */
  async restore(state: SimulatedBrokerState): Promise<void> {
    const symbols = [...new Set(state.openOrders.map((o) => o.symbol))];
    const markets = new Map<string, Market>();
    for (const m of await Promise.all(symbols.map((s) => this.marketData.market(s)))) markets.set(m.symbol, m);
    this.engine.restore(state, markets);
    this.syncSubscriptions();
    // Legs of a list that was over before the stop (one leg had executed) expire now, reported to listeners.
    this.emit(this.engine.takeSideUpdates());
  }

  /** Operator reset: open orders canceled (reported to listeners), balances replaced. */
  reset(balances: Balance[]): void {
    const updates = this.engine.reset(balances);
    this.syncSubscriptions();
    this.emit(updates);
  }

  /** Resolves when work started by trade ticks so far (reviews, triggered stops, the work they started, trails journaled) has finished. */
  async idle(): Promise<void> {
    let seen: Promise<void>;
    do {
      seen = this.pending;
      await seen;
      await this.trails?.idle();
    } while (seen !== this.pending);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const unsubscribe of this.subscriptions.values()) unsubscribe();
    this.subscriptions.clear();
    await this.pending;
    await this.trails?.idle();
    this.listeners.clear();
  }

  /** What the engine reads about a symbol now; the average price only when asked (only engine.place reads it). */
  private async view(symbol: string, withAverage = false): Promise<MarketView> {
    const [market, book, prices, average] = await Promise.all([
      this.marketData.market(symbol),
      this.unitBooks
        ? this.unitBooks.orderBookUnits(symbol, this.bookDepth)
        : this.marketData.orderBook(symbol, this.bookDepth),
      this.marketData.prices([symbol]),
      withAverage ? this.marketData.averagePrice(symbol) : undefined,
    ]);
    const lastPrice = prices.find((p) => p.symbol === symbol)?.price ?? '0';
    return average ? { market, book, lastPrice, averagePrice: average.price } : { market, book, lastPrice };
  }

  /** A print fills each resting order of its symbol at most once: applied at once when that many trade numbers are at hand. */
  private onTrade(tick: TradeTick): void {
    if (this.closed) return;
    const review = this.guard !== undefined && this.engine.crossedBy(tick).length > 0;
    if (this.queuedTrades === 0 && !review && this.ids.has(0, this.engine.openCount(tick.symbol))) {
      this.applyTrade(tick);
      this.topUpIds();
      return;
    }
    // Behind a guard's review or waiting for trade numbers from the journal: later trades queue behind, so trades apply in order.
    this.queuedTrades++;
    this.pending = this.pending.then(async () => {
      try {
        if (this.closed) return;
        const held = this.guard ? await this.review(this.engine.crossedBy(tick)) : undefined;
        const fills = () => this.engine.openCount(tick.symbol);
        while (!this.ids.has(0, fills())) await this.ids.ensure(0, fills());
        this.applyTrade(tick, held);
      } catch (error) {
        // Without a review or trade numbers no fill can be made: this print is missed; later ones fill the orders.
        this.logger?.error(
          { err: error, symbol: tick.symbol },
          'a trade print could not be matched (guard review or trade numbers from the journal failed); it was skipped',
        );
      } finally {
        this.queuedTrades--;
      }
      this.topUpIds();
    });
  }

  /** Keeps a print's worth of numbers at hand so prints are matched at once. */
  private topUpIds(): void {
    const trades = this.engine.openCount() + 1;
    if (this.closed || this.ids.has(1, trades)) return;
    this.ids
      .ensure(1, trades)
      .catch((error: unknown) =>
        this.logger?.warn({ err: error }, 'could not reserve order and trade numbers from the journal'),
      );
  }

  private applyTrade(tick: TradeTick, held?: ReadonlySet<string>): void {
    if (this.closed) return;
    const outcome = this.engine.onTrade(tick, held);
    this.emit(outcome.updates);
    if (outcome.awaitingBook && !this.working.has(tick.symbol)) {
      this.working.add(tick.symbol);
      this.pending = this.pending.then(() => this.workTriggered(tick.symbol));
    }
    this.syncSubscriptions();
  }

  private async workTriggered(symbol: string): Promise<void> {
    if (this.closed) return;
    try {
      const view = await this.view(symbol);
      const held = this.guard ? await this.review(this.engine.awaitingBook(symbol)) : undefined;
      // Each fill exhausts a level or completes an order.
      const fills = () => bookLevels(view.book) + this.engine.openCount(symbol);
      while (!this.ids.has(0, fills())) await this.ids.ensure(0, fills());
      this.emit(this.engine.workTriggered(view, held));
    } catch (error) {
      // The stop stays triggered and unworked; the next triggering trade retries.
      this.logger?.error({ err: error, symbol }, 'matching triggered stop orders failed');
    } finally {
      this.working.delete(symbol);
    }
    this.syncSubscriptions();
  }

  /** Asks the guard about each order about to execute: refused ones are canceled with the reason; the ids of those it could not judge come back, to hold. */
  private async review(orders: Order[]): Promise<Set<string>> {
    const held = new Set<string>();
    for (const order of orders) {
      let reason: string | null;
      try {
        reason = await this.guard!(order);
      } catch (error) {
        this.logger?.error(
          { err: error, orderId: order.orderId },
          'execution guard failed: the order is held back for this trade',
        );
        held.add(order.orderId);
        continue;
      }
      if (reason === null) continue;
      const current = this.engine.order(order.symbol, { orderId: order.orderId });
      if (!current || !isOpenStatus(current.status)) continue;
      this.emit([{ order: this.engine.cancel(order.symbol, { orderId: order.orderId }), fills: [], reason }]);
      this.emit(this.engine.takeSideUpdates().map((update) => ({ ...update, reason })));
    }
    return held;
  }

  private emit(updates: OrderUpdate[]): void {
    for (const update of updates) {
      for (const listener of this.listeners) {
        try {
          listener(update);
        } catch (error) {
          this.logger?.error({ err: error, orderId: update.order.orderId }, 'order update listener failed');
        }
      }
    }
  }

  private syncSubscriptions(): void {
    if (this.closed) return;
    // No open order and no subscription (after an order that filled at once): nothing to change.
    if (this.subscriptions.size === 0 && this.engine.openCount() === 0) return;
    const wanted = new Set(this.engine.watchedSymbols());
    for (const [symbol, unsubscribe] of this.subscriptions) {
      if (!wanted.has(symbol)) {
        unsubscribe();
        this.subscriptions.delete(symbol);
      }
    }
    for (const symbol of wanted) {
      if (!this.subscriptions.has(symbol)) {
        this.subscriptions.set(
          symbol,
          this.marketData.subscribeTrades([symbol], (tick) => this.onTrade(tick)),
        );
      }
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the simulated broker is closed');
  }
}

/**
 * The simulated exchange's core: synchronous, integer arithmetic inside (see fixed-point.ts),
 * decimals at its edges. The async SimulatedBroker feeds it market data; benchmarks call it directly.
 *
 * Fill model:
 * - Taker fills (MARKET, and the marketable part of LIMIT / triggered stop orders) walk the visible
 *   book snapshot level by level at the book's prices; consumed quantity stays consumed until the
 *   snapshot changes (new lastUpdateId).
 * - Resting orders fill as maker, at their limit price, when a public trade prints strictly
 *   through that price (BUY: trade price < limit; SELL: trade price > limit). A trade exactly at the
 *   limit fills only under the `queue` fill model, after the visible queue ahead (fill-model.ts). The quantity of each print is the budget shared
 *   by our resting orders on that side, best price first, then time: a print of 0.5 fills at most 0.5.
 * - Stop orders trigger when a print crosses the stop price, then work as a LIMIT order against a
 *   fresh book (`workTriggered`).
 * - Our own resting orders stand in the book beside the visible liquidity but never trade with our
 *   new orders: self-trade prevention expires one side or both (self-trade.ts). MARKET orders by
 *   quoteOrderQty walk the visible book only.
 * - Funds: LIMIT and stop orders lock limit price × quantity of quote (BUY) or the quantity of base
 *   (SELL) when placed; MARKET orders are checked against the cost of walking the book. Commission
 *   is charged in the asset received, cut to 8 decimals as Binance reports it (settlement.ts).
 * - Every order and fill stays in memory for the engine's life (getOrder, fills()). A client order id
 *   is refused while an order under it is open (-2010 Duplicate order sent.); a lookup by client id
 *   finds the latest order under it.
 */
import type { Balance } from '../../model/balance.js';
import { BinanceCode, BinanceMessage, ExchangeRejection } from '../../model/errors.js';
import type { Fill } from '../../model/fill.js';
import { checkOrderFilters, type FilterContext, isStopOrderType, type PriceBounds } from '../../model/filters.js';
import type { FeeRates, Market } from '../../model/market.js';
import type { OrderBook, TradeTick } from '../../model/market-snapshot.js';
import type { Decimal } from '../../model/money.js';
import type { Order, OrderRef, OrderRequest, OrderStatus, OrderTrail } from '../../model/order.js';
import type { OcoRequest, OrderList, OrderListRef } from '../../model/order-list.js';
import type { FillQuery, OrderListResult, OrderResult, OrderUpdate } from '../../ports/broker.js';
import type { Clock } from '../../ports/clock.js';
import { Account } from './account.js';
import { fitsUnits, fromAtto, fromUnits, toAtto, toUnits, unitsText } from './fixed-point.js';
import { OrderLists } from './order-lists.js';
import { OrderRegistry } from './order-registry.js';
import { type FillModel, passQueue, printHitsSide, wouldPassQueue } from './fill-model.js';
import { restoreWorkingOrder } from './restore.js';
import { fokStoppedByOwnOrder, ownOrdersInReach, stpModeOf, takeAroundOwnOrders } from './self-trade.js';
import { Settlement } from './settlement.js';
import { type SymbolScale, symbolScale } from './symbol-scale.js';
import { TrailingStops } from './trailing.js';
import { CountingIds, type VenueIds } from './venue-ids.js';
import type { UnitOrderBook } from '../../model/unit-book.js';
import { type BookSide, VisibleBook } from './visible-book.js';
import { StopKind, stopCrossed, stopKindOf, WorkingOrder } from './working-order.js';

/** What the engine needs to know about a symbol's market at the moment of an order. */
export interface MarketView {
  market: Market;
  /** As text, or as integers from a market that makes its books from integers (unit-book.ts). */
  book: OrderBook | UnitOrderBook;
  /** Last trade price: decides whether a stop would trigger at once. */
  lastPrice: Decimal;
  /**
   * Binance's average price (avgPrice): centres PERCENT_PRICE(_BY_SIDE) and values MARKET orders for
   * the notional filters. Absent: the last price (as a symbol whose avgPriceMins is 0). A function
   * when costly to compute: called only when the filters' verdict depends on it.
   */
  averagePrice?: Decimal | (() => Decimal);
  /** Bounds known to hold averagePrice (FilterContext.referenceBounds). */
  averagePriceBounds?: PriceBounds;
}

export interface MatchingEngineOptions {
  clock: Clock;
  balances?: Balance[];
  /** Per-symbol fee rates replacing the market's published ones. */
  feeOverrides?: Record<string, FeeRates>;
  /** Prepended to order and trade ids (ids are otherwise 1, 2, 3, ...). */
  idPrefix?: string;
  /** Where order and trade numbers come from (default: counting from 1 in memory). */
  ids?: VenueIds;
  /** Prints exactly at a resting order's price: `conservative` (default) never fills them, `queue` after the visible queue ahead (fill-model.ts). */
  fillModel?: FillModel;
  /** Hears each time a trailing stop begins tracking or its extreme moves, to keep it across a restart (none: nothing is reported). */
  onTrailMoved?: (trail: OrderTrail) => void;
}

/** What a restart rebuilds the engine from (see restore). */
export interface EngineState {
  /** Stored balances; free + locked is each asset's total. Locks are re-derived from the open orders. */
  balances: Balance[];
  openOrders: Order[];
  /** The journaled order lists of open legs (their client ids and times); legs are paired by orderListId without them. */
  orderLists?: OrderList[];
  /** Fill history to serve `fills()` again. */
  fills?: Fill[];
  /** Numbers below these were used before: a counting id source moves past them. */
  nextOrderId?: number;
  nextTradeId?: number;
}

export interface TradeOutcome {
  updates: OrderUpdate[];
  /** Stops triggered: call workTriggered with a fresh book for this symbol. */
  awaitingBook: boolean;
}

const insufficientBalance = (): ExchangeRejection =>
  new ExchangeRejection(BinanceCode.NEW_ORDER_REJECTED, BinanceMessage.INSUFFICIENT_BALANCE);

export class MatchingEngine {
  readonly account = new Account();
  private readonly clock: Clock;
  private readonly idPrefix: string;
  private readonly feeOverrides: Record<string, FeeRates>;
  private readonly registry: OrderRegistry;
  private readonly settlement: Settlement;
  private readonly books = new Map<string, VisibleBook>();
  private readonly scales = new Map<string, SymbolScale>();
  private seq = 0;
  private readonly ids: VenueIds;
  private readonly trailing: TrailingStops;
  private readonly lists: OrderLists;
  private readonly queueModel: boolean;
  /** Own resting orders expired by self-trade prevention since last taken (takeSelfTradeUpdates). */
  private selfTradeUpdates: OrderUpdate[] = [];

  constructor(options: MatchingEngineOptions) {
    this.clock = options.clock;
    this.idPrefix = options.idPrefix ?? '';
    this.feeOverrides = options.feeOverrides ?? {};
    this.ids = options.ids ?? new CountingIds();
    this.queueModel = options.fillModel === 'queue';
    const onTrailMoved = options.onTrailMoved;
    this.trailing = new TrailingStops(
      onTrailMoved &&
        ((wo, since, extreme) =>
          onTrailMoved({ clientOrderId: wo.clientOrderId, trailingTime: since, trailingExtreme: fromAtto(extreme) })),
    );
    this.registry = new OrderRegistry(this.idPrefix);
    this.settlement = new Settlement(this.account, this.registry.fillLog, this.idPrefix, this.ids);
    this.account.load(options.balances ?? []);
    this.lists = new OrderLists({
      account: this.account,
      idPrefix: this.idPrefix,
      now: () => this.clock.now(),
      scaleFor: (market) => this.scaleFor(market),
      bookFor: (scale, book) => this.bookFor(scale, book),
      openOrders: (symbol) => this.registry.openOn(symbol).size,
      openStops: (symbol) => this.registry.countOpenStops(symbol),
      openByClientOrderId: (id) => {
        const wo = this.registry.byClientOrderId(id);
        return wo?.open ? wo : undefined;
      },
      nextListNumber: () => this.ids.nextOrderNumber(),
      createLeg: (request, scale, limit, stop, stopKind, qty, orderListId) => {
        const now = this.clock.now();
        const wo = this.create(request, scale, now, limit, stop, stopKind, qty, orderListId);
        this.registry.rest(wo);
        wo.sync('NEW', now);
        return wo;
      },
      finish: (wo, status, now) => this.finish(wo, status, now),
      trail: (wo, delta) => this.trailing.add(wo, delta),
    });
  }

  /** POST /api/v3/order/oco (order-lists.ts). Uses three order numbers: the list and its two legs. */
  placeOco(request: OcoRequest, view: MarketView): OrderListResult {
    return this.lists.place(request, view);
  }

  /** DELETE /api/v3/orderList: both legs CANCELED. */
  cancelOrderList(symbol: string, ref: OrderListRef): OrderList {
    return this.lists.cancel(symbol, ref, this.clock.now());
  }

  orderList(ref: OrderListRef): OrderList | undefined {
    return this.lists.get(ref);
  }

  openOrderLists(symbol?: string): OrderList[] {
    return this.lists.openLists(symbol);
  }

  /** Updates made as a side effect of a call that returned something else (the other leg of a canceled list, legs ended at restore). */
  takeSideUpdates(): OrderUpdate[] {
    return this.lists.takeOutbox();
  }

  /** The price a trade must reach for a trailing stop to trigger now, while it is tracking. */
  trailingTrigger(symbol: string, ref: OrderRef): Decimal | undefined {
    const wo = this.registry.find(symbol, ref);
    const atto = wo && this.trailing.triggerAtto(wo);
    return atto === undefined ? undefined : fromAtto(atto);
  }

  feeRates(market: Market): FeeRates {
    return this.feeOverrides[market.symbol] ?? market.fees;
  }

  place(request: OrderRequest, view: MarketView): OrderResult {
    // Binance refuses a client order id only while an order under it is open; once that one is done
    // the id names a new order (binance-us-api.md, hard cases). Idempotency lives above the venue.
    if (this.registry.byClientOrderId(request.clientOrderId)?.open)
      throw new ExchangeRejection(BinanceCode.NEW_ORDER_REJECTED, BinanceMessage.DUPLICATE_ORDER);
    const context: FilterContext = {
      referencePrice: view.averagePrice ?? view.lastPrice,
      openOrders: this.registry.openOn(request.symbol).size,
    };
    if (view.averagePriceBounds) context.referenceBounds = view.averagePriceBounds;
    if (isStopOrderType(request.type)) context.openAlgoOrders = this.registry.countOpenStops(request.symbol);
    const rejection = checkOrderFilters(view.market, request, context);
    if (rejection) throw rejection;
    const scale = this.scaleFor(view.market);
    const book = this.bookFor(scale, view.book);
    const fills: Fill[] = [];
    const now = this.clock.now();
    const wo =
      request.type === 'MARKET'
        ? this.placeMarket(request, scale, book, now, fills)
        : this.placeLimit(request, scale, book, view.lastPrice, now, fills);
    return { order: wo.toOrder(), fills };
  }

  /** Resting orders that placing an order expired by self-trade prevention (EXPIRED_IN_MATCH), to report; cleared. */
  takeSelfTradeUpdates(): OrderUpdate[] {
    const updates = this.selfTradeUpdates;
    this.selfTradeUpdates = [];
    return updates;
  }

  cancel(symbol: string, ref: OrderRef): Order {
    const wo = this.registry.find(symbol, ref);
    if (!wo || !wo.open) {
      throw new ExchangeRejection(BinanceCode.CANCEL_REJECTED, BinanceMessage.UNKNOWN_ORDER);
    }
    if (!this.lists.cancelWithLeg(wo, this.clock.now())) this.finish(wo, 'CANCELED', this.clock.now());
    return wo.toOrder();
  }

  order(symbol: string, ref: OrderRef): Order | undefined {
    const wo = this.registry.find(symbol, ref);
    return wo?.toOrder();
  }

  byClientOrderId(clientOrderId: string): Order | undefined {
    const wo = this.registry.byClientOrderId(clientOrderId);
    return wo?.toOrder();
  }

  openOrders(symbol?: string): Order[] {
    return this.registry.openOrders(symbol).map((wo) => wo.toOrder());
  }

  /** Oldest first. With `since`: the first `limit` fills at or after it; without: the latest `limit`. */
  fills(query: FillQuery = {}): Fill[] {
    return this.registry.fills(query);
  }

  balances(): Balance[] {
    return this.account.balances();
  }

  /** How many orders are open, on one symbol or on all. */
  openCount(symbol?: string): number {
    return symbol === undefined ? this.registry.openCount() : this.registry.openOn(symbol).size;
  }

  /** Symbols with open orders: the ones whose trades must be watched. */
  watchedSymbols(): string[] {
    return this.registry.watchedSymbols();
  }

  /** Resting orders a public trade would fill (before onTrade fills them), for an execution guard to review. */
  crossedBy(tick: TradeTick): Order[] {
    const open = this.registry.openOn(tick.symbol);
    const scale = this.scales.get(tick.symbol);
    if (open.size === 0 || !scale) return [];
    const floor = toUnits(tick.price, scale.priceDecimals, 'down');
    const ceil = fitsUnits(tick.price, scale.priceDecimals) ? floor : floor + 1;
    const printed = toUnits(tick.qty, scale.qtyDecimals);
    const crossed: Order[] = [];
    for (const wo of open) {
      if (wo.isWorkingStop() || wo.awaitingBook) continue;
      if (wo.buy ? floor < wo.limit : ceil > wo.limit) crossed.push(wo.toOrder());
      else if (this.atTouch(wo, floor, ceil, tick) && wouldPassQueue(wo, printed)) crossed.push(wo.toOrder());
    }
    return crossed;
  }

  /** Triggered stop orders of a symbol waiting to be worked against a fresh book (workTriggered). */
  awaitingBook(symbol: string): Order[] {
    return this.registry
      .openOrders(symbol)
      .filter((wo) => wo.awaitingBook)
      .map((wo) => wo.toOrder());
  }

  /**
   * A public trade: fills resting orders it trades through, triggers stops it crosses. Orders in
   * `held` (by order id) neither fill nor trigger on this trade; they stay as they are.
   */
  onTrade(tick: TradeTick, held?: ReadonlySet<string>): TradeOutcome {
    const open = this.registry.openOn(tick.symbol);
    const scale = this.scales.get(tick.symbol);
    if (open.size === 0 || !scale) return { updates: [], awaitingBook: false };
    const floor = toUnits(tick.price, scale.priceDecimals, 'down');
    const ceil = fitsUnits(tick.price, scale.priceDecimals) ? floor : floor + 1;
    const printed = toUnits(tick.qty, scale.qtyDecimals);
    const budget = printed - (printed % scale.lotStep);
    const buys: WorkingOrder[] = [];
    const sells: WorkingOrder[] = [];
    const touching: WorkingOrder[] = [];
    const triggered: WorkingOrder[] = [];
    let stillAwaiting = false;
    for (const wo of open) {
      if (wo.isWorkingStop()) {
        if (
          this.trailing.has(wo)
            ? this.trailing.onTrade(wo, tick.price, tick.time)
            : stopCrossed(wo.stopKind, wo.buy, wo.stop, floor, ceil === floor)
        )
          triggered.push(wo);
      } else if (wo.awaitingBook) {
        stillAwaiting = true;
      } else if (held?.has(wo.orderId)) {
        continue;
      } else {
        if (wo.buy && floor < wo.limit) buys.push(wo);
        else if (!wo.buy && ceil > wo.limit) sells.push(wo);
        else if (this.atTouch(wo, floor, ceil, tick)) touching.push(wo);
      }
    }
    const now = this.clock.now();
    const updates: OrderUpdate[] = [];
    buys.sort((a, b) => b.limit - a.limit || a.seq - b.seq);
    sells.sort((a, b) => a.limit - b.limit || a.seq - b.seq);
    touching.sort((a, b) => a.seq - b.seq);
    for (const side of [buys, sells]) {
      let left = budget;
      for (const wo of side) {
        if (left === 0) break;
        if (!wo.open) continue;
        const qty = wo.remaining < left ? wo.remaining : left;
        left -= qty;
        const fills: Fill[] = [];
        this.settlement.execute(wo, wo.limit, qty, true, now, fills, wo.priceText as string);
        if (wo.remaining === 0) this.finish(wo, 'FILLED', now);
        else wo.sync('PARTIALLY_FILLED', now);
        const update: OrderUpdate = { order: wo.toOrder(), fills };
        updates.push(update);
        if (wo.orderListId !== undefined) this.lists.onExecuted(wo, update, now, updates);
      }
      // Queue model: orders resting exactly at the print's price, after the queue ahead of each.
      for (const wo of touching) {
        if (wo.buy !== (side === buys)) continue;
        const passed = passQueue(wo, printed);
        const reach = Math.min(passed, left, wo.remaining);
        const qty = reach - (reach % scale.lotStep);
        if (qty <= 0) continue;
        left -= qty;
        const fills: Fill[] = [];
        this.settlement.execute(wo, wo.limit, qty, true, now, fills, wo.priceText as string);
        if (wo.remaining === 0) this.finish(wo, 'FILLED', now);
        else wo.sync('PARTIALLY_FILLED', now);
        updates.push({ order: wo.toOrder(), fills });
      }
    }
    for (const wo of triggered) {
      if (!wo.open) continue;
      wo.triggered = true;
      wo.awaitingBook = true;
      wo.sync(wo.status, now);
      const update: OrderUpdate = { order: wo.toOrder(), fills: [] };
      updates.push(update);
      if (wo.orderListId !== undefined) this.lists.onTriggered(wo, update, now, updates);
    }
    return { updates, awaitingBook: triggered.length > 0 || stillAwaiting };
  }

  /** Works triggered stop orders of the view's symbol against its book, as LIMIT orders; those in `held` (order ids) keep waiting. */
  workTriggered(view: MarketView, held?: ReadonlySet<string>): OrderUpdate[] {
    const waiting = this.registry
      .openOrders(view.market.symbol)
      .filter((wo) => wo.awaitingBook && !held?.has(wo.orderId));
    if (waiting.length === 0) return [];
    const book = this.bookFor(this.scaleFor(view.market), view.book);
    const now = this.clock.now();
    const updates = waiting.map((wo) => {
      wo.awaitingBook = false;
      const fills: Fill[] = [];
      this.work(wo, book, now, fills);
      const update: OrderUpdate = { order: wo.toOrder(), fills };
      if (wo.orderListId !== undefined) this.lists.onExecuted(wo, update, now, []);
      return update;
    });
    return [...updates, ...this.takeSelfTradeUpdates()];
  }

  /** Rebuilds after a restart: balances as stored, open orders with their locks re-derived. */
  restore(state: EngineState, markets: ReadonlyMap<string, Market>): void {
    this.clearAll();
    this.account.load(state.balances);
    let maxOrderId = 0;
    const legs: WorkingOrder[] = [];
    for (const order of state.openOrders) {
      const market = markets.get(order.symbol);
      if (!market) throw new Error(`cannot restore order ${order.orderId}: no market for ${order.symbol}`);
      const wo = restoreWorkingOrder(order, this.scaleFor(market), (this.seq += 1));
      if (OrderLists.restoredWithoutLock(order, state.openOrders)) wo.holdsLock = false;
      const asset = wo.buy ? wo.scale.quoteAsset : wo.scale.baseAsset;
      if (!this.account.lock(asset, wo.lockedAtto)) {
        throw new Error(`cannot restore order ${order.orderId}: ${asset} total is less than the open orders hold`);
      }
      this.registry.add(wo);
      this.registry.rest(wo);
      if (order.trailingDelta !== undefined && wo.isWorkingStop()) {
        const { trailingTime, trailingExtreme } = order;
        const restored =
          trailingTime !== undefined && trailingExtreme !== undefined ? { trailingTime, trailingExtreme } : undefined;
        this.trailing.add(wo, order.trailingDelta, undefined, restored);
      }
      if (wo.orderListId !== undefined) legs.push(wo);
      maxOrderId = Math.max(maxOrderId, this.registry.idNumber(order.orderId));
    }
    for (const list of state.orderLists ?? [])
      maxOrderId = Math.max(maxOrderId, this.registry.idNumber(list.orderListId));
    this.lists.restore(legs, state.orderLists ?? [], this.clock.now());
    let maxTradeId = 0;
    for (const f of state.fills ?? []) {
      this.registry.recordFill({ ...f });
      maxTradeId = Math.max(maxTradeId, this.registry.idNumber(f.tradeId));
      maxOrderId = Math.max(maxOrderId, this.registry.idNumber(f.orderId));
    }
    this.ids.skipPast(
      Math.max((state.nextOrderId ?? 1) - 1, maxOrderId),
      Math.max((state.nextTradeId ?? 1) - 1, maxTradeId),
    );
  }

  /** Operator reset: every open order CANCELED (returned as updates), balances replaced. History stays. */
  reset(balances: Balance[]): OrderUpdate[] {
    const now = this.clock.now();
    const updates: OrderUpdate[] = [];
    for (const wo of this.registry.openOrders()) {
      this.finish(wo, 'CANCELED', now);
      updates.push({ order: wo.toOrder(), fills: [] });
    }
    this.lists.endAll(now);
    this.account.load(balances);
    return updates;
  }

  // --- placing -------------------------------------------------------------------------------

  private placeMarket(
    request: OrderRequest,
    scale: SymbolScale,
    book: VisibleBook,
    now: number,
    fills: Fill[],
  ): WorkingOrder {
    const buy = request.side === 'BUY';
    const side = book.against(buy);
    const quoteFree = this.account.free(scale.quoteAsset);
    const baseFree = this.account.free(scale.baseAsset);
    if (request.quoteOrderQty !== undefined) {
      const budget = toAtto(request.quoteOrderQty);
      if (
        buy
          ? quoteFree < budget
          : baseFree < BigInt(side.spend(budget, scale.notionalAtto, scale.marketStep, false).qty) * scale.qtyAtto
      ) {
        throw insufficientBalance();
      }
      const wo = this.create(request, scale, now, 0, 0, StopKind.None, Number.MAX_SAFE_INTEGER);
      const spent = side.spend(
        budget,
        scale.notionalAtto,
        scale.marketStep,
        true,
        this.settlement.taker(wo, now, fills),
      );
      wo.remaining = 0;
      wo.origQty = fromUnits(wo.executed, scale.qtyDecimals);
      wo.origUnits = wo.executed;
      wo.sync(spent.exhausted || wo.executed === 0 ? 'EXPIRED' : 'FILLED', now);
      return wo;
    }
    const qty = toUnits(request.quantity as string, scale.qtyDecimals);
    if (buy ? quoteFree < side.costOf(qty) * scale.notionalAtto : baseFree < BigInt(qty) * scale.qtyAtto) {
      throw insufficientBalance();
    }
    const wo = this.create(request, scale, now, 0, 0, StopKind.None, qty);
    const expiredInMatch = this.takeAsTaker(wo, side, undefined, now, fills);
    wo.sync(expiredInMatch ? 'EXPIRED_IN_MATCH' : wo.remaining === 0 ? 'FILLED' : 'EXPIRED', now);
    return wo;
  }

  private placeLimit(
    request: OrderRequest,
    scale: SymbolScale,
    book: VisibleBook,
    lastPrice: Decimal,
    now: number,
    fills: Fill[],
  ): WorkingOrder {
    const buy = request.side === 'BUY';
    const limit = toUnits(request.price as string, scale.priceDecimals);
    const qty = toUnits(request.quantity as string, scale.qtyDecimals);
    const stopKind = stopKindOf(request.type);
    // A trailing stop may come without a stop price: it tracks from the last price (trailing.ts).
    const stop =
      stopKind === StopKind.None || request.stopPrice === undefined
        ? 0
        : toUnits(request.stopPrice, scale.priceDecimals);
    if (stop > 0) {
      const last = toUnits(lastPrice, scale.priceDecimals, 'down');
      if (stopCrossed(stopKind, buy, stop, last, fitsUnits(lastPrice, scale.priceDecimals))) {
        throw new ExchangeRejection(BinanceCode.NEW_ORDER_REJECTED, BinanceMessage.WOULD_TRIGGER);
      }
    }
    const lockAsset = buy ? scale.quoteAsset : scale.baseAsset;
    const lockUnits = buy ? limit * qty : qty;
    const lockAmount =
      (lockUnits <= Number.MAX_SAFE_INTEGER ? BigInt(lockUnits) : BigInt(limit) * BigInt(qty)) *
      (buy ? scale.notionalAtto : scale.qtyAtto);
    if (!this.account.lock(lockAsset, lockAmount)) throw insufficientBalance();
    if (request.type === 'LIMIT_MAKER') {
      const side = book.against(buy);
      const best = side.best();
      const ownBest = ownOrdersInReach(this.registry.openOn(request.symbol), buy, limit)[0];
      if ((best !== undefined && side.crosses(best, limit)) || ownBest !== undefined) {
        this.account.unlock(lockAsset, lockAmount);
        throw new ExchangeRejection(BinanceCode.NEW_ORDER_REJECTED, BinanceMessage.WOULD_TAKE);
      }
    }
    const wo = this.create(request, scale, now, limit, stop, stopKind, qty);
    if (stopKind !== StopKind.None) {
      this.registry.rest(wo);
      wo.sync('NEW', now);
      if (request.trailingDelta !== undefined) this.trailing.add(wo, request.trailingDelta, lastPrice);
      return wo;
    }
    this.work(wo, book, now, fills);
    return wo;
  }

  /** The LIMIT behaviour: take what crosses, then rest (GTC) or expire (IOC; FOK unless all of it fills). */
  private work(wo: WorkingOrder, book: VisibleBook, now: number, fills: Fill[]): void {
    const side = book.against(wo.buy);
    const tif = wo.timeInForce ?? 'GTC';
    if (tif === 'FOK' && side.available(wo.limit, wo.remaining) < wo.remaining) {
      this.finish(wo, 'EXPIRED', now);
      return;
    }
    if (tif === 'FOK' && stpModeOf(wo, wo.scale.market) !== 'EXPIRE_MAKER') {
      // It could fill from the visible book, but not before reaching an own order that would end it.
      const stopper = fokStoppedByOwnOrder(
        side,
        wo,
        ownOrdersInReach(this.registry.openOn(wo.symbol), wo.buy, wo.limit),
      );
      if (stopper) {
        if (stpModeOf(wo, wo.scale.market) === 'EXPIRE_BOTH') this.expireInMatch(stopper, wo, now);
        this.finish(wo, 'EXPIRED_IN_MATCH', now);
        return;
      }
    }
    if (this.takeAsTaker(wo, side, wo.limit, now, fills)) this.finish(wo, 'EXPIRED_IN_MATCH', now);
    else if (wo.remaining === 0) this.finish(wo, 'FILLED', now);
    else if (tif !== 'GTC') this.finish(wo, 'EXPIRED', now);
    else {
      if (this.queueModel) wo.queueAhead = book.against(!wo.buy).quantityAt(wo.limit);
      this.registry.rest(wo);
      wo.sync(wo.executed > 0 ? 'PARTIALLY_FILLED' : 'NEW', now);
    }
  }

  /** Queue model: a print exactly at a resting order's price, on the order's side of the book. */
  private atTouch(wo: WorkingOrder, floor: number, ceil: number, tick: TradeTick): boolean {
    return this.queueModel && floor === ceil && floor === wo.limit && printHitsSide(wo, tick.buyerIsMaker);
  }

  /** Takes from the book for `wo` up to `limit`, around our own resting orders; true when self-trade prevention expired `wo`. */
  private takeAsTaker(
    wo: WorkingOrder,
    side: BookSide,
    limit: number | undefined,
    now: number,
    fills: Fill[],
  ): boolean {
    const sink = this.settlement.taker(wo, now, fills);
    const own = ownOrdersInReach(this.registry.openOn(wo.symbol), wo.buy, limit);
    if (own.length === 0) {
      side.take(wo.remaining, limit, sink);
      return false;
    }
    const outcome = takeAroundOwnOrders(side, wo, limit, own, stpModeOf(wo, wo.scale.market), sink);
    for (const maker of outcome.makersExpired) this.expireInMatch(maker, wo, now);
    return outcome.takerExpired;
  }

  private expireInMatch(maker: WorkingOrder, taker: WorkingOrder, now: number): void {
    this.finish(maker, 'EXPIRED_IN_MATCH', now);
    const update: OrderUpdate = {
      order: maker.toOrder(),
      fills: [],
      reason: `self-trade prevention (${stpModeOf(taker, taker.scale.market)}): our order ${taker.orderId} reached it`,
    };
    const others: OrderUpdate[] = [];
    this.lists.onEndedInMatch(maker, update, now, others);
    this.selfTradeUpdates.push(update, ...others);
  }

  // --- bookkeeping ---------------------------------------------------------------------------

  /** Ends an order: its remaining lock goes back to free. */
  private finish(wo: WorkingOrder, status: OrderStatus, now: number): void {
    this.account.unlock(wo.buy ? wo.scale.quoteAsset : wo.scale.baseAsset, wo.lockedAtto);
    wo.holdsLock = false;
    this.trailing.forget(wo);
    this.registry.close(wo);
    wo.sync(status, now);
  }

  private create(
    request: OrderRequest,
    scale: SymbolScale,
    now: number,
    limit: number,
    stop: number,
    stopKind: StopKind,
    qty: number,
    orderListId?: string,
  ): WorkingOrder {
    const idNumber = this.ids.nextOrderNumber();
    const wo = new WorkingOrder(
      {
        orderId: `${this.idPrefix}${idNumber}`,
        clientOrderId: request.clientOrderId,
        symbol: request.symbol,
        side: request.side,
        type: request.type,
        timeInForce: request.timeInForce,
        price: limit > 0 ? unitsText(request.price as string, limit, scale.priceDecimals) : undefined,
        stopPrice: stop > 0 ? unitsText(request.stopPrice as string, stop, scale.priceDecimals) : undefined,
        origQty: request.quantity !== undefined ? unitsText(request.quantity, qty, scale.qtyDecimals) : '0',
        origQuoteOrderQty: request.quoteOrderQty,
        createdAt: now,
        trailingDelta: request.trailingDelta,
        orderListId,
      },
      scale,
      (this.seq += 1),
      limit,
      stop,
      stopKind,
      qty,
    );
    if (request.quantity !== undefined) wo.origUnits = qty;
    if (request.selfTradePreventionMode !== undefined) wo.selfTradePreventionMode = request.selfTradePreventionMode;
    this.registry.add(wo, idNumber);
    return wo;
  }

  private scaleFor(market: Market): SymbolScale {
    const cached = this.scales.get(market.symbol);
    const fees = this.feeRates(market);
    if (cached && (cached.market === market || sameScale(cached, market, fees))) return cached;
    const scale = symbolScale(market, fees);
    this.scales.set(market.symbol, scale);
    this.books.delete(market.symbol);
    return scale;
  }

  private bookFor(scale: SymbolScale, book: OrderBook | UnitOrderBook): VisibleBook {
    const cached = this.books.get(scale.symbol);
    if (cached && cached.lastUpdateId === book.lastUpdateId) return cached;
    const fresh = new VisibleBook(book, scale);
    this.books.set(scale.symbol, fresh);
    return fresh;
  }

  private clearAll(): void {
    this.registry.clear();
    this.lists.clear();
    this.trailing.clear();
    this.books.clear();
  }
}

/** Whether a (possibly new) Market object still maps onto the cached integer grid and fees. */
function sameScale(scale: SymbolScale, market: Market, fees: FeeRates): boolean {
  const a = scale.market;
  return (
    a.filters.price.tickSize === market.filters.price.tickSize &&
    a.filters.lotSize.stepSize === market.filters.lotSize.stepSize &&
    a.filters.marketLotSize?.stepSize === market.filters.marketLotSize?.stepSize &&
    a.baseAssetPrecision === market.baseAssetPrecision &&
    a.quoteAssetPrecision === market.quoteAssetPrecision &&
    a.baseAsset === market.baseAsset &&
    a.quoteAsset === market.quoteAsset &&
    scale.fees.maker === fees.maker &&
    scale.fees.taker === fees.taker
  );
}

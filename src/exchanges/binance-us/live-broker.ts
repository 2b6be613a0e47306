/**
 * The Broker on a real Binance.US account (signed REST). Orders are sent once, never again: when
 * the answer is lost (timeout, network error, 5xx, -1006/-1007 whatever the HTTP status) the order
 * is looked up by its client order id; if it is not visible yet, placeOrder throws
 * OrderOutcomeUnknown and the search goes on (lost-orders.ts) until Binance.US shows the order or
 * proves it absent. A client order id is unique on Binance only among open orders, so a resend
 * could place a second order once the first is done.
 */
import type { Logger } from '../../log.js';
import { silentLogger } from '../../log.js';
import type { Balance } from '../../model/balance.js';
import {
  BinanceCode,
  ExchangeRejection,
  InvalidInput,
  OrderOutcomeUnknown,
  type ListOutcomeResolution,
  type UnknownOutcomeResolution,
} from '../../model/errors.js';
import type { Fill } from '../../model/fill.js';
import { isStopOrderType, roundOrderToFilters } from '../../model/filters.js';
import type { SymbolFee } from '../../model/market.js';
import { isPositive, isZero } from '../../model/money.js';
import type { Order, OrderRef, OrderRequest } from '../../model/order.js';
import { isOpenStatus } from '../../model/order.js';
import type { OcoRequest, OrderList, OrderListRef } from '../../model/order-list.js';
import type {
  Broker,
  CancelReplaceRequest,
  CancelReplaceResult,
  FillQuery,
  OrderListResult,
  OrderResult,
  OrderUpdate,
} from '../../ports/broker.js';
import type { Clock } from '../../ports/clock.js';
import type { Unsubscribe } from '../../ports/market-data.js';
import type { ExchangeInfoCache } from './exchange-info.js';
import { LiveOrderLists } from './live-order-lists.js';
import { LostOrders } from './lost-orders.js';
import { OrderWatch } from './order-watch.js';
import {
  parseAccountFeeRates,
  parseBalance,
  parseCancelOrder,
  parseCancelReplace,
  parseMyTrade,
  parseNewOrder,
  parseQueryOrder,
  parseTradingFee,
} from './parse.js';
import type {
  AccountRaw,
  CancelOrderRaw,
  CancelReplaceRaw,
  MyTradeRaw,
  NewOrderRaw,
  QueryOrderRaw,
  TradingFeeRaw,
} from './raw-types.js';
import { RejectionWithData, TransportError, type BinanceRestClient, type Params } from './rest-client.js';
import { UserDataStream } from './user-data-stream.js';
import { WEIGHT } from './weights.js';

export interface BinanceUsBrokerOptions {
  rest: BinanceRestClient;
  exchangeInfo: ExchangeInfoCache;
  clock: Clock;
  logger?: Logger | undefined;
  /** User-data stream host; without it order updates come from polling alone. */
  streamUrl?: string | undefined;
  pollIntervalMs?: number | undefined;
  /**
   * The lag allowance: how far behind the matching engine order queries may be (Binance reads them
   * from a database). A lost order is proved absent only this long after its recvWindow ended (default 10 s).
   */
  settleMarginMs?: number | undefined;
  /** First pause between lookups of a lost order, doubling up to 5 s (default 250 ms). */
  lookupIntervalMs?: number | undefined;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
/** The most trades one myTrades call returns, and orders one allOrders call returns. */
const MY_TRADES_PAGE = 1000;
const ALL_ORDERS_PAGE = 1000;
/** myTrades and allOrders: "The time between startTime and endTime can't be longer than 24 hours" (REST; -1127 otherwise). */
const HISTORY_WINDOW_MS = 86_400_000;

export class BinanceUsBroker implements Broker {
  private readonly rest: BinanceRestClient;
  private readonly info: ExchangeInfoCache;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly settleMarginMs: number;
  private readonly clientIds = new Map<string, string>();
  private readonly placedHere = new Set<string>();
  private readonly symbolsTraded = new Set<string>();
  private readonly watch: OrderWatch;
  private readonly lost: LostOrders;
  private readonly lists: LiveOrderLists;
  private feeEndpointMissing = false;

  constructor(options: BinanceUsBrokerOptions) {
    this.rest = options.rest;
    this.info = options.exchangeInfo;
    this.clock = options.clock;
    this.logger = options.logger ?? silentLogger();
    this.settleMarginMs = options.settleMarginMs ?? 10_000;
    const streamUrl = options.streamUrl;
    this.watch = new OrderWatch({
      logger: this.logger,
      pollIntervalMs: options.pollIntervalMs,
      source: {
        openOrders: (symbol) => this.openOrders(symbol),
        order: (symbol, clientOrderId) => this.getOrder(symbol, { clientOrderId }),
        fillsOf: (order) => this.fillsOf(order),
      },
      push:
        streamUrl === undefined
          ? undefined
          : ({ report, list, state }) => {
              const stream = new UserDataStream({
                rest: this.rest,
                streamUrl,
                logger: this.logger,
                onExecutionReport: report,
                onListStatus: list,
                onStateChange: state,
              });
              stream.start();
              return stream;
            },
    });
    this.lost = new LostOrders({
      recvWindow: this.rest.recvWindow,
      queryLagMs: this.settleMarginMs,
      intervalMs: options.lookupIntervalMs,
      logger: this.logger,
      source: {
        order: (symbol, clientOrderId) => this.getOrder(symbol, { clientOrderId }),
        openOrders: (symbol) => this.openOrders(symbol),
        allOrders: (symbol, startTime, endTime) => this.allOrdersBetween(symbol, startTime, endTime),
        fillsOf: (order) => this.fillsOf(order),
        orderList: (listClientOrderId) => this.lists.get({ listClientOrderId }),
        openOrderLists: (symbol) => this.lists.open(symbol),
        serverNow: () => this.rest.serverNow(),
      },
      onFound: (order, fills) => {
        this.placedHere.add(order.clientOrderId);
        this.remember(order);
        this.watch.announce({ order, fills });
      },
      onListFound: (list, fills) => {
        this.legsSeen(list);
        for (const leg of list.orders)
          this.watch.announce({ order: leg, fills: fills.filter((f) => f.clientOrderId === leg.clientOrderId) });
      },
    });
    this.lists = new LiveOrderLists({
      rest: this.rest,
      clock: this.clock,
      logger: this.logger,
      market: (symbol) => this.info.market(symbol),
      order: (symbol, orderId) => this.getOrder(symbol, { orderId }),
      openOrders: (symbol) => this.openOrders(symbol),
      legsSeen: (list) => this.legsSeen(list),
      lost: this.lost,
    });
  }

  /** The legs of a list placed, canceled or found: remembered and watched, and the list with them. */
  private legsSeen(list: OrderList): void {
    for (const leg of list.orders) {
      this.placedHere.add(leg.clientOrderId);
      this.remember(leg);
      this.watch.track(leg);
    }
    this.watch.trackList(list);
  }

  /**
   * POST /api/v3/order/cancelReplace (1 weight, 1 order). -2021 / -2022 carry both halves in
   * `data`, read exactly. A lost answer is a lost order: the new order is looked up by its client
   * id, never sent again, and the canceled order read back.
   */
  async cancelReplace(input: CancelReplaceRequest): Promise<CancelReplaceResult> {
    const market = await this.info.market(input.order.symbol);
    const { request } = roundOrderToFilters(market, input.order);
    const params: Params = {
      ...orderParams(request),
      cancelReplaceMode: input.mode,
      ...(input.cancelRestrictions !== undefined ? { cancelRestrictions: input.cancelRestrictions } : {}),
      ...('orderId' in input.cancel
        ? { cancelOrderId: input.cancel.orderId }
        : { cancelOrigClientOrderId: input.cancel.clientOrderId }),
    };
    const sentAt = this.rest.serverNow();
    let raw: CancelReplaceRaw;
    try {
      raw = await this.rest.signedWrite<CancelReplaceRaw>(
        'POST',
        '/api/v3/order/cancelReplace',
        params,
        WEIGHT.cancelReplace,
        1,
      );
    } catch (error) {
      if (error instanceof RejectionWithData) raw = error.data as CancelReplaceRaw;
      else if (error instanceof TransportError) {
        const placed = await this.lostAnswer(request, sentAt, error);
        const target = await this.getOrder(input.symbol, input.cancel);
        const cancel: CancelReplaceResult['cancel'] =
          target && !isOpenStatus(target.status)
            ? { ok: true, order: target }
            : {
                ok: false,
                error: new ExchangeRejection(
                  BinanceCode.CANCEL_REJECTED,
                  target ? `the order is still ${target.status}` : 'Unknown order sent.',
                ),
              };
        return { cancel, placed: { ok: true, result: placed } };
      } else throw error;
    }
    const parsed = parseCancelReplace(raw, this.clock.now());
    if (parsed.cancel.ok) {
      this.remember(parsed.cancel.order);
      this.watch.track(parsed.cancel.order);
    }
    let placed = parsed.placed;
    if (parsed.ack) {
      // Placed, answered in ACK shape: read back by client id (an unknown outcome while it does not show yet).
      const cause = new Error('cancelReplace answered the new order in ACK shape');
      placed = { ok: true, result: await this.lostAnswer(request, sentAt, cause) };
    } else if (placed?.ok) this.accepted(placed.result);
    return placed === undefined ? { cancel: parsed.cancel } : { cancel: parsed.cancel, placed };
  }

  placeOco(request: OcoRequest): Promise<OrderListResult> {
    return this.lists.place(request);
  }

  cancelOrderList(symbol: string, ref: OrderListRef): Promise<OrderList> {
    return this.lists.cancel(symbol, ref);
  }

  getOrderList(ref: OrderListRef): Promise<OrderList | undefined> {
    return this.lists.get(ref);
  }

  openOrderLists(symbol?: string): Promise<OrderList[]> {
    return this.lists.open(symbol);
  }

  async placeOrder(input: OrderRequest): Promise<OrderResult> {
    const searching = this.lost.pending.includes(input.clientOrderId);
    if (this.placedHere.has(input.clientOrderId) || searching) {
      const existing = await this.getOrder(input.symbol, { clientOrderId: input.clientOrderId }).catch(() => undefined);
      if (existing) return { order: existing, fills: [] };
      if (searching) {
        const resolution = this.lost.resolve({
          symbol: input.symbol,
          clientOrderId: input.clientOrderId,
          sentAt: this.rest.serverNow(),
        });
        throw new OrderOutcomeUnknown(
          input.clientOrderId,
          'its first send is still being looked up by client order id; it is never sent twice',
          resolution,
        );
      }
    }
    const market = await this.info.market(input.symbol);
    const { request } = roundOrderToFilters(market, input);
    const params = orderParams(request);
    const first = await this.send(params);
    if (first.ok) return this.accepted(first.result);
    if (first.error instanceof ExchangeRejection) {
      // "Duplicate order sent.": an open order holds this client order id; find it (its query may lag).
      if (first.error.code === BinanceCode.NEW_ORDER_REJECTED && /duplicate/i.test(first.error.message))
        return this.lostAnswer(request, first.sentAt, first.error);
      throw first.error;
    }
    return this.lostAnswer(request, first.sentAt, first.error);
  }

  async cancelOrder(symbol: string, ref: OrderRef): Promise<Order> {
    const params: Params = { symbol, ...refParams(ref) };
    try {
      return this.cancelled(
        await this.rest.signedWrite<CancelOrderRaw>('DELETE', '/api/v3/order', params, WEIGHT.cancelOrder),
      );
    } catch (error) {
      if (!(error instanceof TransportError)) throw error;
      this.logger.warn({ symbol, ref, error: error.message }, 'cancel answer lost: looking the order up');
      return this.afterLostCancel(symbol, ref, params, error);
    }
  }

  /**
   * A cancel whose answer was lost: the order is looked up; still open (or a lagging query that
   * still shows it open) means the cancel is sent again, which is harmless; a -2011 to that second
   * cancel means the first one did its work, and a later lookup shows it.
   */
  private async afterLostCancel(symbol: string, ref: OrderRef, params: Params, cause: TransportError): Promise<Order> {
    const deadline = this.rest.serverNow() + this.settleMarginMs;
    let resent = false;
    for (let pause = 100; ; pause = Math.min(pause * 2, 2000)) {
      const order = await this.lookUp(symbol, ref);
      if (order === 'unreachable') throw new OrderOutcomeUnknown(refLabel(ref), `cancel: ${cause.message}`);
      if (order && !isOpenStatus(order.status)) {
        this.remember(order);
        this.watch.track(order);
        return order;
      }
      if (order && !resent) {
        resent = true;
        try {
          return this.cancelled(
            await this.rest.signedWrite<CancelOrderRaw>('DELETE', '/api/v3/order', params, WEIGHT.cancelOrder),
          );
        } catch (error) {
          const done = error instanceof ExchangeRejection && error.code === BinanceCode.CANCEL_REJECTED;
          if (!done && !(error instanceof TransportError)) throw error;
        }
      }
      if (this.rest.serverNow() >= deadline) {
        if (order === undefined) throw new ExchangeRejection(BinanceCode.CANCEL_REJECTED, 'Unknown order sent.');
        throw new OrderOutcomeUnknown(refLabel(ref), `cancel: ${cause.message}; the order still shows ${order.status}`);
      }
      await sleep(pause);
    }
  }

  /**
   * An order list (OCO) whose answer was never journaled: looked up by its list client order id and
   * both legs' client order ids until Binance.US shows it or proves it absent. `sentAtLocal` is on this process's clock.
   */
  resolveLostOrderList(
    symbol: string,
    listClientOrderId: string,
    legClientOrderIds: string[],
    sentAtLocal: number,
  ): Promise<ListOutcomeResolution> {
    return this.lost.resolveList({
      symbol,
      listClientOrderId,
      legClientOrderIds,
      sentAt: sentAtLocal + this.rest.timeOffsetMs,
    });
  }

  /**
   * An order whose answer was never journaled (the process died after sending): looked up until
   * Binance.US shows it or proves it absent. `sentAtLocal` is on this process's clock.
   */
  resolveLost(symbol: string, clientOrderId: string, sentAtLocal: number): Promise<UnknownOutcomeResolution> {
    return this.lost.resolve({ symbol, clientOrderId, sentAt: sentAtLocal + this.rest.timeOffsetMs });
  }

  async getOrder(symbol: string, ref: OrderRef): Promise<Order | undefined> {
    try {
      const order = parseQueryOrder(
        await this.rest.signedGet<QueryOrderRaw>('/api/v3/order', { symbol, ...refParams(ref) }, WEIGHT.queryOrder),
      );
      this.remember(order);
      return order;
    } catch (error) {
      if (error instanceof ExchangeRejection && error.code === BinanceCode.NO_SUCH_ORDER) return undefined;
      throw error;
    }
  }

  async openOrders(symbol?: string): Promise<Order[]> {
    const raws = await this.rest.signedGet<QueryOrderRaw[]>(
      '/api/v3/openOrders',
      symbol ? { symbol } : undefined,
      symbol ? WEIGHT.openOrdersOneSymbol : WEIGHT.openOrdersAll,
    );
    const orders = raws.map(parseQueryOrder);
    for (const order of orders) this.remember(order);
    return orders;
  }

  /**
   * myTrades needs a symbol: without one, the symbols traded through this broker and those whose
   * base asset the account holds are scanned (10 weight each). With `since`, more than one page
   * (1,000) is read by following the trade ids; without it, the newest 1,000 at most.
   */
  async fills(query: FillQuery = {}): Promise<Fill[]> {
    const symbols = query.symbol ? [query.symbol] : await this.symbolsToScan();
    const limit = query.since !== undefined ? (query.limit ?? 500) : Math.min(query.limit ?? 500, MY_TRADES_PAGE);
    const all: Fill[] = [];
    for (const symbol of symbols) {
      const raws = await this.myTrades(symbol, query.since, limit);
      await this.learnClientIds(
        symbol,
        raws.map((r) => String(r.orderId)),
      );
      all.push(...raws.map((r) => parseMyTrade(r, this.clientIds.get(String(r.orderId)) ?? '')));
    }
    all.sort((a, b) => a.time - b.time || Number(a.tradeId) - Number(b.tradeId));
    return query.since !== undefined ? all.slice(0, limit) : all.slice(-limit);
  }

  async balances(): Promise<Balance[]> {
    const account = await this.rest.signedGet<AccountRaw>('/api/v3/account', undefined, WEIGHT.account);
    return account.balances.map(parseBalance).filter((b) => isPositive(b.free) || isPositive(b.locked));
  }

  async tradingFees(symbols?: string[]): Promise<SymbolFee[]> {
    const wanted = symbols ?? (await this.info.markets()).map((m) => m.symbol);
    const found = new Map<string, SymbolFee>();
    if (!this.feeEndpointMissing) {
      try {
        const raw = await this.rest.signedGet<TradingFeeRaw[] | TradingFeeRaw>(
          '/sapi/v1/asset/query/trading-fee',
          symbols?.length === 1 ? { symbol: symbols[0] } : undefined,
          WEIGHT.tradingFee,
        );
        for (const fee of (Array.isArray(raw) ? raw : [raw]).map(parseTradingFee)) found.set(fee.symbol, fee);
      } catch (error) {
        // Binance.US may not offer it on every account: a 404 (or a refusal) means "use the account's rates".
        if (error instanceof TransportError && error.status !== 404) throw error;
        this.feeEndpointMissing = true;
        this.logger.warn(
          { error: (error as Error).message },
          'trading-fee endpoint unavailable: using the account commission rates',
        );
      }
    }
    const missing = wanted.filter((s) => !found.has(s));
    if (missing.length > 0) {
      const rates = parseAccountFeeRates(
        await this.rest.signedGet<AccountRaw>('/api/v3/account', undefined, WEIGHT.account),
      );
      for (const symbol of missing) found.set(symbol, { symbol, ...rates });
    }
    return wanted.map((s) => found.get(s) as SymbolFee);
  }

  onOrderUpdate(listener: (update: OrderUpdate) => void): Unsubscribe {
    return this.watch.addListener(listener);
  }

  async close(): Promise<void> {
    this.lost.close();
    await this.watch.stop();
  }

  private async send(
    params: Params,
  ): Promise<{ ok: true; result: OrderResult } | { ok: false; error: Error; sentAt: number }> {
    const sentAt = this.rest.serverNow();
    try {
      const raw = await this.rest.signedWrite<NewOrderRaw>('POST', '/api/v3/order', params, WEIGHT.newOrder, 1);
      return { ok: true, result: parseNewOrder(raw) };
    } catch (error) {
      return { ok: false, error: error as Error, sentAt };
    }
  }

  private accepted(result: OrderResult): OrderResult {
    this.placedHere.add(result.order.clientOrderId);
    this.remember(result.order);
    this.watch.markSeen(result.fills);
    this.watch.track(result.order);
    return result;
  }

  private cancelled(raw: CancelOrderRaw): Order {
    const order = parseCancelOrder(raw, this.clock.now());
    this.remember(order);
    this.watch.track(order);
    return order;
  }

  /**
   * The answer to an order was lost: one lookup now; if Binance.US does not show it yet, the search
   * goes on in the background and the caller hears the outcome is unknown. Never sent again.
   */
  private async lostAnswer(request: OrderRequest, sentAt: number, cause: Error): Promise<OrderResult> {
    const { symbol, clientOrderId } = request;
    this.logger.warn(
      { symbol, clientOrderId, error: cause.message },
      'order answer lost: looking it up by client order id',
    );
    try {
      const found = await this.getOrder(symbol, { clientOrderId });
      if (found)
        return this.accepted({ order: found, fills: isZero(found.executedQty) ? [] : await this.fillsOf(found) });
    } catch (error) {
      this.logger.warn({ symbol, clientOrderId, error: (error as Error).message }, 'order lookup failed');
    }
    const lost = { symbol, clientOrderId, sentAt };
    const resolution = this.lost.resolve(lost);
    const proofInS = Math.max(1, Math.ceil((this.lost.proofTime(lost) - this.rest.serverNow()) / 1000));
    throw new OrderOutcomeUnknown(
      clientOrderId,
      `${cause.message}; Binance.US may or may not have it: looking it up by client order id until it shows the order or proves it absent (at least ${proofInS} s); the server never sends it again`,
      resolution,
    );
  }

  private async lookUp(symbol: string, ref: OrderRef): Promise<Order | undefined | 'unreachable'> {
    try {
      return await this.getOrder(symbol, ref);
    } catch (error) {
      if (error instanceof ExchangeRejection) throw error;
      this.logger.warn({ symbol, error: (error as Error).message }, 'order lookup failed');
      return 'unreachable';
    }
  }

  private async fillsOf(order: Order): Promise<Fill[]> {
    const raws = await this.rest.signedGet<MyTradeRaw[]>(
      '/api/v3/myTrades',
      { symbol: order.symbol, orderId: order.orderId },
      WEIGHT.myTrades,
    );
    return raws.filter((r) => String(r.orderId) === order.orderId).map((r) => parseMyTrade(r, order.clientOrderId));
  }

  /**
   * Trades on `symbol`, oldest first from `since`, else the newest `limit`. From `since` the history
   * is walked in 24 h windows (startTime + endTime); a full page continues by `fromId` (symbol +
   * fromId is a documented combination, fromId with a time range is not).
   */
  private async myTrades(symbol: string, since: number | undefined, limit: number): Promise<MyTradeRaw[]> {
    if (since === undefined)
      return this.rest.signedGet<MyTradeRaw[]>(
        '/api/v3/myTrades',
        { symbol, limit: Math.min(limit, MY_TRADES_PAGE) },
        WEIGHT.myTrades,
      );
    const all: MyTradeRaw[] = [];
    const now = this.rest.serverNow();
    for (let start = since; start <= now && all.length < limit; start += HISTORY_WINDOW_MS) {
      const end = start + HISTORY_WINDOW_MS - 1;
      let page = await this.rest.signedGet<MyTradeRaw[]>(
        '/api/v3/myTrades',
        { symbol, startTime: start, endTime: end, limit: MY_TRADES_PAGE },
        WEIGHT.myTrades,
      );
      all.push(...page);
      while (page.length === MY_TRADES_PAGE && all.length < limit) {
        const fromId = Math.max(...page.map((r) => r.id)) + 1;
        const next = await this.rest.signedGet<MyTradeRaw[]>(
          '/api/v3/myTrades',
          { symbol, fromId, limit: MY_TRADES_PAGE },
          WEIGHT.myTrades,
        );
        page = next.filter((r) => r.time <= end);
        all.push(...page);
        if (page.length < next.length) break;
      }
    }
    return all.slice(0, limit);
  }

  /** All orders of `symbol` created between the two times (at most 24 h apart), page after page. */
  private async allOrdersBetween(symbol: string, startTime: number, endTime: number): Promise<Order[]> {
    const seen = new Map<number, QueryOrderRaw>();
    for (let from = startTime; ;) {
      const raws = await this.rest.signedGet<QueryOrderRaw[]>(
        '/api/v3/allOrders',
        { symbol, startTime: from, endTime, limit: ALL_ORDERS_PAGE },
        WEIGHT.allOrders,
      );
      for (const raw of raws) seen.set(raw.orderId, raw);
      if (raws.length < ALL_ORDERS_PAGE) break;
      const last = Math.max(...raws.map((r) => r.time));
      if (last <= from) break;
      from = last;
    }
    return [...seen.values()].map(parseQueryOrder);
  }

  private remember(order: Order): void {
    this.clientIds.set(order.orderId, order.clientOrderId);
    this.symbolsTraded.add(order.symbol);
  }

  /**
   * myTrades lacks client order ids: a few unknown orders are looked up one by one (2 each),
   * more with allOrders (10 per page of 1,000) from the oldest unknown order id on.
   */
  private async learnClientIds(symbol: string, orderIds: string[]): Promise<void> {
    const unknown = [...new Set(orderIds.filter((id) => !this.clientIds.has(id)))].map(Number);
    if (unknown.length === 0) return;
    if (unknown.length * WEIGHT.queryOrder < WEIGHT.allOrders) {
      for (const orderId of unknown) await this.getOrder(symbol, { orderId: String(orderId) });
      return;
    }
    const newest = Math.max(...unknown);
    let from = Math.min(...unknown);
    for (;;) {
      const raws = await this.rest.signedGet<QueryOrderRaw[]>(
        '/api/v3/allOrders',
        { symbol, orderId: from, limit: ALL_ORDERS_PAGE },
        WEIGHT.allOrders,
      );
      for (const raw of raws) this.clientIds.set(String(raw.orderId), raw.clientOrderId);
      const last = raws.length > 0 ? Math.max(...raws.map((r) => r.orderId)) : newest;
      if (raws.length < ALL_ORDERS_PAGE || last >= newest) return;
      from = last + 1;
    }
  }

  private async symbolsToScan(): Promise<string[]> {
    const held = new Set((await this.balances()).map((b) => b.asset));
    const markets = await this.info.markets();
    const symbols = new Set(this.symbolsTraded);
    for (const m of markets) if (held.has(m.baseAsset) && held.has(m.quoteAsset)) symbols.add(m.symbol);
    return [...symbols];
  }
}

function refParams(ref: OrderRef): Params {
  return 'orderId' in ref ? { orderId: ref.orderId } : { origClientOrderId: ref.clientOrderId };
}

function refLabel(ref: OrderRef): string {
  return 'orderId' in ref ? `orderId ${ref.orderId}` : ref.clientOrderId;
}

/** The POST /api/v3/order parameters for a request already rounded to the filters. */
export function orderParams(request: OrderRequest): Params {
  const { type } = request;
  const hasQty = request.quantity !== undefined;
  const hasQuote = request.quoteOrderQty !== undefined;
  if (type === 'MARKET' && hasQty === hasQuote) {
    throw new InvalidInput(
      'quantity',
      'a MARKET order needs exactly one of quantity / quoteOrderQty',
      'quantity, or quoteOrderQty to spend an amount of the quote asset',
    );
  }
  if (type !== 'MARKET' && !hasQty)
    throw new InvalidInput('quantity', `a ${type} order needs a quantity`, 'a positive decimal');
  if (type !== 'MARKET' && hasQuote)
    throw new InvalidInput('quoteOrderQty', `not accepted for ${type} orders`, 'MARKET orders only');
  if (type !== 'MARKET' && request.price === undefined)
    throw new InvalidInput('price', `a ${type} order needs a price`, 'a positive decimal');
  const stop = isStopOrderType(type);
  if (stop && request.stopPrice === undefined && request.trailingDelta === undefined)
    throw new InvalidInput('stopPrice', `a ${type} order needs a stop price or a trailing delta`, 'a positive decimal');
  if (!stop && request.trailingDelta !== undefined)
    throw new InvalidInput(
      'trailingDelta',
      `not accepted for ${type} orders`,
      'STOP_LOSS_LIMIT and TAKE_PROFIT_LIMIT orders',
    );
  const withTif = type === 'LIMIT' || stop;
  return {
    symbol: request.symbol,
    side: request.side,
    type,
    timeInForce: withTif ? (request.timeInForce ?? 'GTC') : undefined,
    quantity: request.quantity,
    quoteOrderQty: request.quoteOrderQty,
    price: type === 'MARKET' ? undefined : request.price,
    stopPrice: stop ? request.stopPrice : undefined,
    trailingDelta: stop ? request.trailingDelta : undefined,
    newClientOrderId: request.clientOrderId,
    newOrderRespType: 'FULL',
    selfTradePreventionMode: request.selfTradePreventionMode,
  };
}

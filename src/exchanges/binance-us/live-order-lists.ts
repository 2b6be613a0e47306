/**
 * Order lists (OCO) on Binance.US (rest-api.md "New OCO", "Cancel OCO", "Query OCO", "Query Open
 * OCO"). An OCO is sent once, like an order: a lost answer is looked up by listClientOrderId, and
 * while Binance.US does not show it (with both legs), the list goes to the lost-order search
 * (lost-orders.ts: the list and both legs, until found or proved absent) and the caller hears the
 * outcome is unknown, with the search's end to follow.
 */
import type { Logger } from '../../log.js';
import {
  BinanceCode,
  BinanceMessage,
  ExchangeRejection,
  OrderListOutcomeUnknown,
  OrderOutcomeUnknown,
} from '../../model/errors.js';
import { roundOrderToFilters } from '../../model/filters.js';
import type { Market } from '../../model/market.js';
import type { Order, OrderRequest } from '../../model/order.js';
import type { OcoRequest, OrderList, OrderListRef } from '../../model/order-list.js';
import type { OrderListResult } from '../../ports/broker.js';
import type { LostOrders } from './lost-orders.js';
import { orderListLegs, parseCancelOco, parseNewOco, parseOrderList } from './parse.js';
import type { CancelOcoRaw, NewOcoRaw, OrderListRaw } from './raw-types.js';
import { TransportError, type BinanceRestClient, type Params } from './rest-client.js';
import { WEIGHT } from './weights.js';

export interface LiveOrderListDeps {
  rest: BinanceRestClient;
  market(symbol: string): Promise<Market>;
  order(symbol: string, orderId: string): Promise<Order | undefined>;
  openOrders(symbol: string): Promise<Order[]>;
  /** The legs of a list placed, canceled or found: remembered and watched by the broker. */
  legsSeen(list: OrderList): void;
  /** The search for lists (and orders) whose answer was lost. */
  lost: Pick<LostOrders, 'resolveList' | 'searchingList' | 'proofTime'>;
  clock: { now(): number };
  logger: Logger;
}

function listRefParams(ref: OrderListRef, queryName: 'listClientOrderId' | 'origClientOrderId'): Params {
  return 'orderListId' in ref ? { orderListId: ref.orderListId } : { [queryName]: ref.listClientOrderId };
}

/** The POST /api/v3/order/oco parameters, each price and the quantity on the symbol's grid. */
export function ocoParams(market: Market, request: OcoRequest): Params {
  const limitLeg: OrderRequest = {
    clientOrderId: request.limitClientOrderId,
    symbol: request.symbol,
    side: request.side,
    type: 'LIMIT_MAKER',
    quantity: request.quantity,
    price: request.price,
  };
  const stopLeg: OrderRequest = {
    clientOrderId: request.stopClientOrderId,
    symbol: request.symbol,
    side: request.side,
    type: 'STOP_LOSS_LIMIT',
    quantity: request.quantity,
    price: request.stopLimitPrice,
    stopPrice: request.stopPrice,
  };
  const limit = roundOrderToFilters(market, limitLeg).request;
  const stop = roundOrderToFilters(market, stopLeg).request;
  return {
    symbol: request.symbol,
    side: request.side,
    quantity: limit.quantity,
    price: limit.price,
    stopPrice: stop.stopPrice,
    stopLimitPrice: stop.price,
    stopLimitTimeInForce: request.stopLimitTimeInForce ?? 'GTC',
    trailingDelta: request.trailingDelta,
    listClientOrderId: request.listClientOrderId,
    limitClientOrderId: request.limitClientOrderId,
    stopClientOrderId: request.stopClientOrderId,
    selfTradePreventionMode: request.selfTradePreventionMode,
    newOrderRespType: 'RESULT',
  };
}

export class LiveOrderLists {
  /** listClientOrderIds sent from this process and when (server time): a second call is a lookup, never a second send. */
  private readonly sent = new Map<string, number>();

  constructor(private readonly deps: LiveOrderListDeps) {}

  async place(request: OcoRequest): Promise<OrderListResult> {
    const { listClientOrderId, symbol } = request;
    const sentBefore = this.sent.get(listClientOrderId);
    if (sentBefore !== undefined)
      return this.lostAnswer(request, sentBefore, new Error('this list client order id was sent before'));
    const params = ocoParams(await this.deps.market(symbol), request);
    const sentAt = this.deps.rest.serverNow();
    this.sent.set(listClientOrderId, sentAt);
    try {
      const raw = await this.deps.rest.signedWrite<NewOcoRaw>('POST', '/api/v3/order/oco', params, WEIGHT.newOco, 2);
      const list = parseNewOco(raw);
      this.deps.legsSeen(list);
      return { list, fills: [] };
    } catch (error) {
      if (error instanceof ExchangeRejection) {
        // "Duplicate order sent.": an executing list holds this id; find it (its query may lag), never send again.
        if (error.code === BinanceCode.NEW_ORDER_REJECTED && error.message === BinanceMessage.DUPLICATE_ORDER)
          return this.lostAnswer(request, sentAt, error);
        this.sent.delete(listClientOrderId);
        throw error;
      }
      if (!(error instanceof TransportError)) throw error;
      return this.lostAnswer(request, sentAt, error);
    }
  }

  async cancel(symbol: string, ref: OrderListRef): Promise<OrderList> {
    const params: Params = { symbol, ...listRefParams(ref, 'listClientOrderId') };
    try {
      const raw = await this.deps.rest.signedWrite<CancelOcoRaw>(
        'DELETE',
        '/api/v3/orderList',
        params,
        WEIGHT.cancelOrderList,
      );
      const list = parseCancelOco(raw, this.deps.clock.now());
      this.deps.legsSeen(list);
      return list;
    } catch (error) {
      if (!(error instanceof TransportError)) throw error;
      // The cancel may have been done: the list tells.
      const list = await this.get(ref).catch(() => undefined);
      if (list && list.listOrderStatus !== 'EXECUTING') return list;
      throw new OrderOutcomeUnknown(
        'orderListId' in ref ? `order list ${ref.orderListId}` : ref.listClientOrderId,
        `cancel of the order list: ${error.message}`,
      );
    }
  }

  /** GET /api/v3/orderList, then each leg (2 weight each): the list answer names its legs only. */
  async get(ref: OrderListRef): Promise<OrderList | undefined> {
    let raw: OrderListRaw;
    try {
      raw = await this.deps.rest.signedGet<OrderListRaw>(
        '/api/v3/orderList',
        listRefParams(ref, 'origClientOrderId'),
        WEIGHT.queryOrderList,
      );
    } catch (error) {
      if (error instanceof ExchangeRejection && error.code === BinanceCode.NO_SUCH_ORDER) return undefined;
      throw error;
    }
    const legs: Order[] = [];
    for (const leg of orderListLegs(raw)) {
      const order = await this.deps.order(leg.symbol, leg.orderId);
      if (order) legs.push(order);
    }
    const list = parseOrderList(raw, legs);
    this.deps.legsSeen(list);
    return list;
  }

  /** GET /api/v3/openOrderList, then the open orders of each symbol involved for the legs. */
  async open(symbol?: string): Promise<OrderList[]> {
    const raws = (
      await this.deps.rest.signedGet<OrderListRaw[]>('/api/v3/openOrderList', undefined, WEIGHT.openOrderList)
    ).filter((raw) => symbol === undefined || raw.symbol === symbol);
    const bySymbol = new Map<string, Order[]>();
    for (const s of new Set(raws.map((raw) => raw.symbol))) bySymbol.set(s, await this.deps.openOrders(s));
    const lists: OrderList[] = [];
    for (const raw of raws) {
      const open = bySymbol.get(raw.symbol) ?? [];
      const legs: Order[] = [];
      for (const leg of orderListLegs(raw)) {
        const order = open.find((o) => o.orderId === leg.orderId) ?? (await this.deps.order(leg.symbol, leg.orderId));
        if (order) legs.push(order);
      }
      const list = parseOrderList(raw, legs);
      this.deps.legsSeen(list);
      lists.push(list);
    }
    return lists;
  }

  private async lostAnswer(request: OcoRequest, sentAt: number, cause: Error): Promise<OrderListResult> {
    const { listClientOrderId, symbol } = request;
    const legClientOrderIds = [request.limitClientOrderId, request.stopClientOrderId];
    if (!this.deps.lost.searchingList(listClientOrderId)) {
      this.deps.logger.warn(
        { symbol, listClientOrderId, error: cause.message },
        'order list answer lost: looking it up by listClientOrderId',
      );
      try {
        const found = await this.get({ listClientOrderId });
        if (found && found.orders.length === legClientOrderIds.length) return { list: found, fills: [] };
      } catch (error) {
        this.deps.logger.warn({ listClientOrderId, error: (error as Error).message }, 'order list lookup failed');
      }
    }
    const lost = { symbol, listClientOrderId, legClientOrderIds, sentAt };
    const resolution = this.deps.lost.resolveList(lost);
    const proofInS = Math.max(1, Math.ceil((this.deps.lost.proofTime(lost) - this.deps.rest.serverNow()) / 1000));
    throw new OrderListOutcomeUnknown(
      listClientOrderId,
      `${cause.message}; Binance.US may or may not have the order list: it is looked up by its list client order id and both legs' client order ids until Binance.US shows it or proves it absent (at least ${proofInS} s); the server never sends it again`,
      resolution,
    );
  }
}

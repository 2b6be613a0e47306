import { ExchangeRejection, InvalidInput, OrderListOutcomeUnknown, OrderOutcomeUnknown } from '../model/errors.js';
import type { Fill } from '../model/fill.js';
import type { Market } from '../model/market.js';
import { cmp } from '../model/money.js';
import type { OrderRequest } from '../model/order.js';
import type { OrderList } from '../model/order-list.js';
import type { OrderListResult } from '../ports/broker.js';
import type { MarketData } from '../ports/market-data.js';
import type { OrderListRecord, OrderListStatus } from '../ports/order-list-journal.js';
import type { TradingMode } from '../model/trading-mode.js';
import type { OrderRecord } from '../ports/order-journal.js';
import { tradableMarket } from './tradable-market.js';
import { DEFAULT_ORDER_DEADLINE_MS } from '../risk/limits.js';
import type {
  CancelOrderListInput,
  CancelOrderListOutcome,
  OrderListOutcome,
  OrderListView,
  PlaceOcoInput,
} from './api.js';
import { ocoRequestFrom, type PreparedOco } from './oco-input.js';
import { intentRecord } from './order-intent.js';
import type { RoadParts } from './road-parts.js';
import type { UnknownOrderGuard } from './unknown-order-guard.js';
import { endUnanswered, UnansweredLists } from './unanswered-lists.js';

/** What the list road needs beside the shared parts. */
export interface ListRoadParts extends RoadParts {
  marketData: MarketData;
  /** Runs work under the account's mutex (what follows an unknown outcome to its end). */
  serialize<T>(work: () => Promise<T>): Promise<T>;
  /** No new OCO on a symbol and side while an order there has an unknown outcome. */
  unknownOrders: Pick<UnknownOrderGuard, 'refusal'>;
  /** A list ended by the server, not by a venue update (proved never placed): its bracket protects that quantity again. */
  afterListEnded(listClientOrderId: string): Promise<void>;
}

/** What a retry of a journaled list answers, from the journal's status. */
export function retryStatusOf(status: OrderListStatus): OrderListOutcome['status'] {
  if (status === 'REJECT') return 'rejected';
  if (status === 'PENDING' || status === 'UNKNOWN') return 'unknown';
  return status === 'EXPIRED' ? 'expired' : 'placed';
}

/** The venue's list status in the journal's words. */
export function journalStatusOf(list: OrderList): OrderListStatus {
  return list.listOrderStatus === 'REJECT' ? 'REJECT' : list.listOrderStatus === 'ALL_DONE' ? 'ALL_DONE' : 'EXECUTING';
}

/**
 * OCOs on the one road, called by TradingService under the account's mutex: validate, round both legs,
 * check the price relation, price each leg against the venue's filters, risk-check each leg (only one
 * can ever execute; the pair counts 2 against MAX_NUM_ORDERS), journal the list and both legs PENDING
 * with their client ids fixed, send, journal the legs and the list as the venue answered.
 */
export class OrderListRoad {
  private readonly unanswered: UnansweredLists;

  constructor(private readonly parts: ListRoadParts) {
    this.unanswered = new UnansweredLists({ ...parts, journalList: (list, fills) => this.journalList(list, fills) });
  }

  async placeOcoLocked(
    input: PlaceOcoInput,
    listClientOrderId: string,
    options: { parent?: string; startedAt: number },
  ): Promise<OrderListOutcome> {
    const { mode, lists, clock } = this.parts;
    const base = { mode, duplicate: false, listClientOrderId, orders: [], fills: [], adjustments: [] };
    const earlier = await lists.findList(mode, listClientOrderId);
    if (earlier) return this.retryOutcome(input, earlier);

    let market: Market;
    let prepared: PreparedOco;
    try {
      market = await this.market(input.symbol);
      prepared = ocoRequestFrom(input, market, listClientOrderId, await this.lastPrice(market.symbol));
    } catch (error) {
      if (error instanceof InvalidInput)
        return { ...base, status: 'invalid', error: { field: error.field, message: error.message } };
      throw error;
    }
    const { request, limitLeg, stopLeg, adjustments } = prepared;
    const withAdjustments = { ...base, adjustments };
    const now = clock.now();
    const record = this.listRecord(prepared, input.origin, now, options.parent);
    // A bracket's own OCO sells only what its entry brought, and counts its OCOs of unknown outcome as covering.
    if (options.parent === undefined) {
      const unresolved = await this.parts.unknownOrders.refusal(limitLeg);
      if (unresolved) return { ...withAdjustments, status: 'denied', denial: unresolved };
    }

    const pricedLimit = await this.parts.pricer.price(market, limitLeg);
    const pricedStop = await this.parts.pricer.price(market, stopLeg);
    const refused = pricedLimit.rejection ?? pricedStop.rejection;
    if (refused) {
      await lists.recordList({ ...record, status: 'REJECT', reason: `${refused.code} ${refused.msg}` });
      return { ...withAdjustments, status: 'rejected', rejection: refused, ...(await this.view(listClientOrderId)) };
    }
    return this.parts.riskLock.runExclusive(async (): Promise<OrderListOutcome> => {
      const risk = this.parts.risk;
      const first = await risk.evaluate(market, limitLeg, pricedLimit, {
        adding: { adding: 2, addingAlgo: 1, what: 'this OCO (2 orders, 1 of them a stop)' },
      });
      if (!first.allowed) return { ...withAdjustments, status: 'denied', denial: first.denial };
      const second = await risk.evaluate(market, stopLeg, pricedStop);
      if (!second.allowed) return { ...withAdjustments, status: 'denied', denial: second.denial };

      await lists.recordList(record);
      for (const leg of [limitLeg, stopLeg])
        await this.parts.store.recordIntent(intentRecord(mode, leg, now, input.origin));
      if (input.rationale)
        await this.parts.store.recordDecision({
          mode,
          time: now,
          clientOrderId: listClientOrderId,
          rationale: input.rationale.slice(0, 4000),
        });
      const deadlineMs = Math.min(
        input.deadlineMs ?? Infinity,
        risk.limits.orderDeadlineMs ?? DEFAULT_ORDER_DEADLINE_MS,
      );
      if (clock.now() > options.startedAt + deadlineMs) {
        const reason = `not sent: its deadline of ${deadlineMs} ms passed before it could be sent; nothing was executed`;
        await this.endUnanswered(listClientOrderId, [limitLeg, stopLeg], 'EXPIRED', 'EXPIRED', reason);
        return { ...withAdjustments, status: 'expired', reason, ...(await this.view(listClientOrderId)) };
      }
      risk.recordOrder(now);
      risk.recordOrder(now);
      let result: OrderListResult;
      try {
        result = await this.parts.broker.placeOco(request);
      } catch (error) {
        if (error instanceof ExchangeRejection) {
          await this.endUnanswered(
            listClientOrderId,
            [limitLeg, stopLeg],
            'REJECT',
            'REJECTED',
            `${error.code} ${error.message}`,
          );
          return {
            ...withAdjustments,
            status: 'rejected',
            rejection: { code: error.code, msg: error.message },
            ...(await this.view(listClientOrderId)),
          };
        }
        const reason =
          error instanceof OrderOutcomeUnknown ? error.message : `submission failed: ${(error as Error).message}`;
        await this.endUnanswered(listClientOrderId, [limitLeg, stopLeg], 'UNKNOWN', 'UNKNOWN', reason);
        if (error instanceof OrderListOutcomeUnknown && error.listResolution)
          this.unanswered.follow(listClientOrderId, error.listResolution);
        this.parts.logger.warn(
          { listClientOrderId, reason },
          'OCO outcome unknown; it is looked up until the venue shows it or proves it absent, and again at the next start',
        );
        return { ...withAdjustments, status: 'unknown', reason, ...(await this.view(listClientOrderId)) };
      }
      await this.journalList(result.list, result.fills);
      return { ...withAdjustments, status: 'placed', ...(await this.view(listClientOrderId)), fills: result.fills };
    });
  }

  /** An OCO's legs and status as the venue reports them (an answer or an update); a list never journaled is recorded as the venue's. */
  async journalList(list: OrderList, fills: Fill[]): Promise<void> {
    const { mode, lists, logger, clock } = this.parts;
    try {
      for (const order of list.orders)
        await this.parts.journal(
          order,
          fills.filter((f) => f.clientOrderId === order.clientOrderId),
        );
      const known = await lists.findList(mode, list.listClientOrderId);
      if (!known) await lists.recordList(venueListRecord(mode, list));
      await lists.changeList(mode, list.listClientOrderId, {
        status: journalStatusOf(list),
        orderListId: list.orderListId,
        time: list.updatedAt ?? clock.now(),
      });
    } catch (error) {
      logger.error(
        { err: error, listClientOrderId: list.listClientOrderId },
        "could not journal the venue's order list; the next start looks it up again",
      );
    }
  }

  /** Cancels an OCO on the venue (both legs); brackets are canceled by the bracket desk. */
  async cancelOcoLocked(list: OrderListRecord, origin: string): Promise<CancelOrderListOutcome> {
    const { mode, broker } = this.parts;
    let canceled: OrderList;
    try {
      canceled = await broker.cancelOrderList(
        list.symbol,
        list.orderListId !== null ? { orderListId: list.orderListId } : { listClientOrderId: list.listClientOrderId },
      );
    } catch (error) {
      if (error instanceof ExchangeRejection) {
        const view = await this.view(list.listClientOrderId);
        return {
          status: 'rejected',
          mode,
          rejection: {
            code: error.code,
            msg: error.message,
            explanation: `the list is ${view.list?.status ?? list.status} in the journal: a list whose leg filled or that was canceled is over`,
          },
          ...view,
        };
      }
      throw error;
    }
    await this.journalList(canceled, []);
    await this.parts.store.audit({
      mode,
      time: this.parts.clock.now(),
      actor: origin,
      action: 'cancel_order_list',
      detail: { symbol: list.symbol, listClientOrderId: list.listClientOrderId },
    });
    return { status: 'canceled', mode, ...(await this.view(list.listClientOrderId)) };
  }

  /** The journaled list named by a cancel, checked against the symbol given. */
  async findForCancel(input: CancelOrderListInput): Promise<OrderListRecord | CancelOrderListOutcome> {
    const { mode, lists } = this.parts;
    const symbol = String(input.symbol ?? '').toUpperCase();
    const invalid = (field: string, message: string): CancelOrderListOutcome => ({
      status: 'invalid',
      mode,
      orders: [],
      error: { field, message },
    });
    if (!input.orderListId && !input.listClientOrderId)
      return invalid(
        'order_list_id',
        'order_list_id: missing (allowed: the order_list_id from get_orders, or the action_id the list was placed with)',
      );
    const list = input.orderListId
      ? ((await lists.findListByOrderListId(mode, input.orderListId)) ??
        (await lists.findList(mode, input.orderListId)))
      : await lists.findList(mode, input.listClientOrderId!);
    if (!list)
      return invalid(
        'order_list_id',
        `order_list_id: no ${mode} order list ${input.orderListId ?? input.listClientOrderId} in the journal (allowed: a list from get_orders)`,
      );
    if (list.symbol !== symbol)
      return invalid(
        'symbol',
        `symbol: order list ${input.orderListId ?? input.listClientOrderId} is on ${list.symbol}, not ${symbol} (allowed: ${list.symbol})`,
      );
    return list;
  }

  /** At start: every OCO the journal holds open, looked up on the venue (unanswered-lists.ts). */
  reconcileOpen(): Promise<void> {
    return this.unanswered.reconcileOpen();
  }

  /** A list and its orders as journaled (an OCO: its legs; a bracket: its entry and its OCOs' legs). */
  async view(listClientOrderId: string): Promise<{ list?: OrderListRecord; orders: OrderRecord[] }> {
    const { mode, lists, store } = this.parts;
    const list = await lists.findList(mode, listClientOrderId);
    if (!list) return { orders: [] };
    const ids: string[] = [];
    if (list.entryClientOrderId) ids.push(list.entryClientOrderId);
    const collect = (l: OrderListRecord) => {
      if (l.limitClientOrderId) ids.push(l.limitClientOrderId);
      if (l.stopClientOrderId) ids.push(l.stopClientOrderId);
    };
    collect(list);
    if (list.kind === 'BRACKET')
      for (const child of (
        await lists.listLists({ mode, parentListClientOrderId: listClientOrderId, limit: 1000 })
      ).reverse())
        collect(child);
    const orders: OrderRecord[] = [];
    for (const id of ids) {
      const order = await store.findOrder(mode, id);
      if (order) orders.push(order);
    }
    return { list, orders };
  }

  async views(query: {
    symbol?: string | undefined;
    openOnly?: boolean | undefined;
    limit?: number | undefined;
  }): Promise<OrderListView[]> {
    const { mode, lists } = this.parts;
    const all = await lists.listLists({
      mode,
      symbol: query.symbol?.toUpperCase(),
      openOnly: query.openOnly,
      limit: query.limit ?? 20,
    });
    const out: OrderListView[] = [];
    // A bracket's own OCOs are shown inside it.
    for (const list of all.filter((l) => l.parentListClientOrderId === undefined)) {
      const view = await this.view(list.listClientOrderId);
      if (view.list) out.push({ list: view.list, orders: view.orders });
    }
    return out;
  }

  market(requested: string): Promise<Market> {
    return tradableMarket(this.parts.marketData, requested);
  }

  async lastPrice(symbol: string): Promise<string | undefined> {
    const [tick] = await this.parts.marketData.prices([symbol]);
    return tick?.price;
  }

  private listRecord(prepared: PreparedOco, origin: string, now: number, parent: string | undefined): OrderListRecord {
    const r = prepared.request;
    return {
      mode: this.parts.mode,
      listClientOrderId: r.listClientOrderId,
      orderListId: null,
      kind: 'OCO',
      symbol: r.symbol,
      side: r.side,
      quantity: r.quantity,
      status: 'PENDING',
      price: r.price,
      stopPrice: r.stopPrice,
      stopLimitPrice: r.stopLimitPrice,
      stopLimitTimeInForce: 'GTC',
      ...(r.trailingDelta !== undefined ? { trailingDelta: r.trailingDelta } : {}),
      limitClientOrderId: r.limitClientOrderId,
      stopClientOrderId: r.stopClientOrderId,
      ...(parent !== undefined ? { parentListClientOrderId: parent } : {}),
      origin,
      createdAt: now,
      updatedAt: now,
    };
  }

  private async endUnanswered(
    listClientOrderId: string,
    legs: OrderRequest[],
    listStatus: OrderListStatus,
    legStatus: OrderRecord['status'],
    reason: string,
  ): Promise<void> {
    await endUnanswered(
      this.parts,
      listClientOrderId,
      legs.map((l) => l.clientOrderId),
      listStatus,
      legStatus,
      reason,
    );
  }

  /**
   * A repeated list client id: the same list is a retry and gets the first outcome. "The same" is
   * judged on the amounts as they were placed, rounded to the symbol's filters as the first call's
   * were (not against the price now: a retry is not a new decision), so an unrounded retry matches.
   */
  private async retryOutcome(input: PlaceOcoInput, earlier: OrderListRecord): Promise<OrderListOutcome> {
    const { mode } = this.parts;
    const differs: string[] = [];
    const same = (a: string | undefined, b: string | undefined) =>
      a === undefined || b === undefined ? a === b : cmp(a, b) === 0;
    let asPlaced: Pick<PlaceOcoInput, 'quantity' | 'price' | 'stopPrice' | 'stopLimitPrice'> = input;
    try {
      asPlaced = ocoRequestFrom(input, await this.market(input.symbol), earlier.listClientOrderId, undefined).request;
    } catch (error) {
      if (!(error instanceof InvalidInput)) throw error;
    }
    if (earlier.symbol !== String(input.symbol).toUpperCase()) differs.push('symbol');
    if (earlier.side !== String(input.side).toUpperCase()) differs.push('side');
    if (!same(earlier.quantity, asPlaced.quantity)) differs.push('quantity');
    if (!same(earlier.price, asPlaced.price)) differs.push('price');
    if (!same(earlier.stopPrice, asPlaced.stopPrice)) differs.push('stop_price');
    if (asPlaced !== input && !same(earlier.stopLimitPrice, asPlaced.stopLimitPrice)) differs.push('stop_limit_price');
    const base = { mode, duplicate: true, listClientOrderId: earlier.listClientOrderId, fills: [], adjustments: [] };
    if (differs.length > 0)
      return {
        ...base,
        duplicate: false,
        orders: [],
        status: 'invalid',
        error: {
          field: 'action_id',
          message: `action_id: already used for the ${earlier.kind} ${earlier.side} ${earlier.quantity} ${earlier.symbol} (${earlier.status}); this one differs in ${differs.join(', ')}, so it is not a retry and nothing was placed (allowed: the same list again to retry it, or a new action_id)`,
        },
      };
    const view = await this.view(earlier.listClientOrderId);
    const status = retryStatusOf(earlier.status);
    return { ...base, ...view, status, ...(earlier.reason && status !== 'placed' ? { reason: earlier.reason } : {}) };
  }
}

/** A list the venue reported that this journal never placed (another client on the same account). */
function venueListRecord(mode: TradingMode, list: OrderList): OrderListRecord {
  const limit = list.orders.find((o) => o.type === 'LIMIT_MAKER') ?? list.orders[0];
  const stop = list.orders.find((o) => o.type === 'STOP_LOSS_LIMIT') ?? list.orders[1] ?? limit;
  return {
    mode,
    listClientOrderId: list.listClientOrderId,
    orderListId: list.orderListId,
    kind: 'OCO',
    symbol: list.symbol,
    side: limit?.side ?? 'SELL',
    quantity: limit?.origQty ?? '0',
    status: journalStatusOf(list),
    price: limit?.price ?? '0',
    ...(stop?.stopPrice !== undefined ? { stopPrice: stop.stopPrice } : {}),
    stopLimitPrice: stop?.price ?? '0',
    ...(stop?.trailingDelta !== undefined ? { trailingDelta: stop.trailingDelta } : {}),
    ...(limit ? { limitClientOrderId: limit.clientOrderId } : {}),
    ...(stop ? { stopClientOrderId: stop.clientOrderId } : {}),
    origin: 'venue',
    createdAt: list.createdAt,
    updatedAt: list.updatedAt,
  };
}

/**
 * Orders whose answer was lost (timeout, 5xx, -1006/-1007 whatever the HTTP status): looked up by
 * client order id until Binance.US shows them, or until its own answers prove they do not exist.
 * They are never sent again.
 *
 * Absence is proved only when it can be: Binance refuses a request arriving after
 * `timestamp + recvWindow` (REST "Timing security"), and order queries read from a database that
 * can lag behind the matching engine (binance-us-api.md, hard cases), so the proof waits for
 * recvWindow plus a lag allowance after the send, then asks three ways (the order by client id,
 * the open orders of the symbol, all orders of the symbol around the send time, within the 24 h
 * that allOrders allows per call), and all three must come back without it.
 *
 * An order list (OCO) is searched by the same rule (one loop, `search`): each round asks for the
 * list by its listClientOrderId and for both legs by their client order ids; past the proof time
 * the open lists, the open orders and all orders are asked for either leg too. One leg seen is
 * the list seen (Binance places or refuses an OCO whole), and it is reported only with both legs
 * read, except past the proof time, where whatever was found is reported.
 */
import type { Logger } from '../../log.js';
import {
  BinanceCode,
  ExchangeRejection,
  type ListOutcomeResolution,
  type UnknownOutcomeResolution,
} from '../../model/errors.js';
import type { Fill } from '../../model/fill.js';
import { isZero } from '../../model/money.js';
import type { Order } from '../../model/order.js';
import type { OrderList } from '../../model/order-list.js';
import { listOfLegs } from './watched-lists.js';

export interface LostOrderSource {
  /** undefined: -2013 (not, or not yet, visible); throws when unreachable. */
  order(symbol: string, clientOrderId: string): Promise<Order | undefined>;
  openOrders(symbol: string): Promise<Order[]>;
  /** All orders of `symbol` created in [startTime, endTime] (at most 24 h apart). */
  allOrders(symbol: string, startTime: number, endTime: number): Promise<Order[]>;
  fillsOf(order: Order): Promise<Fill[]>;
  /** The order list with this list client order id and the legs its order queries show; undefined: -2013. */
  orderList(listClientOrderId: string): Promise<OrderList | undefined>;
  openOrderLists(symbol: string): Promise<OrderList[]>;
  /** The exchange's clock, as the client estimates it. */
  serverNow(): number;
}

export interface LostOrder {
  symbol: string;
  clientOrderId: string;
  /** Server time just before the request left (its `timestamp` is a hair later). */
  sentAt: number;
}

export interface LostOrderList {
  symbol: string;
  listClientOrderId: string;
  /** The limit leg's and the stop leg's client order ids. */
  legClientOrderIds: string[];
  /** Server time just before the request left. */
  sentAt: number;
}

export interface LostOrdersOptions {
  source: LostOrderSource;
  recvWindow: number;
  /** How far order queries may lag behind the matching engine (the lag allowance). */
  queryLagMs: number;
  /** First pause between lookups, doubling up to `maxIntervalMs` (defaults 250 ms, 5 s). */
  intervalMs?: number | undefined;
  maxIntervalMs?: number;
  logger: Logger;
  /** Told of an order found, so its later fills are watched and reported. */
  onFound: (order: Order, fills: Fill[]) => void;
  /** Told of a list found, so its legs are watched and reported with it. */
  onListFound: (list: OrderList, fills: Fill[]) => void;
}

/** How absence ended a search, or how it was given up; shared by orders and order lists. */
type NotFound = { kind: 'absent'; reason: string } | { kind: 'abandoned'; reason: string };

/** One lost thing to look for: the lookup made every round, and the ones that can prove absence. */
interface Probe<T, R> {
  label: Record<string, string>;
  sentAt: number;
  lookUp(): Promise<T | undefined>;
  /** Past the proof time: the other ways to see it. */
  elsewhere(): Promise<T | undefined>;
  found(thing: T): Promise<R>;
  /** What proves absence says, `afterMs` after the send. */
  absence(afterMs: number): string;
}

const DAY = 86_400_000;

export class LostOrders {
  private readonly inFlight = new Map<string, Promise<UnknownOutcomeResolution>>();
  private readonly listsInFlight = new Map<string, Promise<ListOutcomeResolution>>();
  private closed = false;
  private readonly wakers = new Set<() => void>();

  constructor(private readonly options: LostOrdersOptions) {}

  /** Unresolved client order ids. */
  get pending(): string[] {
    return [...this.inFlight.keys()];
  }

  /** Whether the list with this list client order id is being searched for. */
  searchingList(listClientOrderId: string): boolean {
    return this.listsInFlight.has(listClientOrderId);
  }

  /** The search for this order, started once; the same promise for the same client order id. */
  resolve(lost: LostOrder): Promise<UnknownOutcomeResolution> {
    return once(this.inFlight, lost.clientOrderId, () => this.search(this.orderProbe(lost)));
  }

  /** The search for this order list, started once; the same promise for the same list client order id. */
  resolveList(lost: LostOrderList): Promise<ListOutcomeResolution> {
    return once(this.listsInFlight, lost.listClientOrderId, () => this.search(this.listProbe(lost)));
  }

  /** When a lookup could prove this order (or list) absent (server time). */
  proofTime(lost: { sentAt: number }): number {
    return lost.sentAt + this.options.recvWindow + this.options.queryLagMs;
  }

  /** Stops searching: each search settles as abandoned (the journal keeps UNKNOWN; start-up reconciliation goes on). */
  close(): void {
    this.closed = true;
    for (const wake of this.wakers) wake();
  }

  /** The one proof rule: look up until found; absent only when every way comes back empty past the proof time. */
  private async search<T, R>(probe: Probe<T, R>): Promise<R | NotFound> {
    const { source, logger } = this.options;
    let pause = this.options.intervalMs ?? 250;
    for (;;) {
      if (this.closed) return { kind: 'abandoned', reason: 'the client closed before Binance.US answered the lookups' };
      try {
        const checkedAt = source.serverNow();
        const found = await probe.lookUp();
        if (found) return await probe.found(found);
        if (checkedAt >= this.proofTime(probe)) {
          const elsewhere = await probe.elsewhere();
          if (elsewhere) return await probe.found(elsewhere);
          logger.warn(probe.label, 'lost order proved absent on Binance.US');
          return { kind: 'absent', reason: probe.absence(Math.round(checkedAt - probe.sentAt)) };
        }
      } catch (error) {
        if (error instanceof ExchangeRejection && error.code === BinanceCode.ORDER_ARCHIVED) {
          return { kind: 'absent', reason: `${error.code} ${error.message}` };
        }
        logger.warn({ ...probe.label, error: (error as Error).message }, 'lost order lookup failed; trying again');
      }
      const untilProof = this.proofTime(probe) - source.serverNow();
      await this.pause(untilProof > 0 ? Math.min(pause, untilProof + 1) : pause);
      pause = Math.min(pause * 2, this.options.maxIntervalMs ?? 5000);
    }
  }

  private proofWindow(): string {
    return `past recvWindow ${this.options.recvWindow} ms and ${this.options.queryLagMs} ms for lagging queries`;
  }

  private orderProbe(lost: LostOrder): Probe<Order, UnknownOutcomeResolution> {
    const { source } = this.options;
    return {
      label: { clientOrderId: lost.clientOrderId, symbol: lost.symbol },
      sentAt: lost.sentAt,
      lookUp: () => source.order(lost.symbol, lost.clientOrderId),
      elsewhere: async () => {
        const open = await source.openOrders(lost.symbol);
        const inOpen = open.find((o) => o.clientOrderId === lost.clientOrderId);
        if (inOpen) return inOpen;
        return (await this.allOrdersAround(lost)).filter((o) => o.clientOrderId === lost.clientOrderId).at(-1);
      },
      found: (order) => this.found(order),
      absence: (afterMs) =>
        `${BinanceCode.NO_SUCH_ORDER} Order does not exist: it never reached Binance.US (no order with this client order id by lookup, in the open orders or in all orders, ${afterMs} ms after it was sent, ${this.proofWindow()}); nothing was executed, it may be placed again with a new action_id`,
    };
  }

  /** Both legs must be read before a list counts as found in a round; past the proof time, whatever shows. */
  private listProbe(lost: LostOrderList): Probe<OrderList, ListOutcomeResolution> {
    const { source } = this.options;
    const legs = new Map<string, Order>();
    let header: OrderList | undefined;
    const ours = (o: Order) => lost.legClientOrderIds.includes(o.clientOrderId);
    const take = (orders: Order[]) => {
      for (const o of orders.filter(ours)) legs.set(o.clientOrderId, o);
    };
    const seen = (): OrderList | undefined => {
      if (legs.size === 0) return header;
      const orders = [...legs.values()];
      return header
        ? { ...header, orders: listOfLegs(lost.listClientOrderId, orders).orders }
        : listOfLegs(lost.listClientOrderId, orders);
    };
    return {
      label: { listClientOrderId: lost.listClientOrderId, symbol: lost.symbol },
      sentAt: lost.sentAt,
      lookUp: async () => {
        const list = await source.orderList(lost.listClientOrderId);
        if (list) {
          header = list;
          take(list.orders);
        }
        for (const id of lost.legClientOrderIds) {
          const leg = await source.order(lost.symbol, id);
          if (leg) take([leg]);
        }
        return legs.size === lost.legClientOrderIds.length ? seen() : undefined;
      },
      elsewhere: async () => {
        const open = (await source.openOrderLists(lost.symbol)).find(
          (l) => l.listClientOrderId === lost.listClientOrderId,
        );
        if (open) {
          header = open;
          take(open.orders);
        }
        take(await source.openOrders(lost.symbol));
        if (legs.size < lost.legClientOrderIds.length) take(await this.allOrdersAround(lost));
        return seen();
      },
      found: (list) => this.listFound(list),
      absence: (afterMs) =>
        `${BinanceCode.NO_SUCH_ORDER} Order list does not exist: it never reached Binance.US (no list with this list client order id, and neither leg by lookup, in the open orders or in all orders, ${afterMs} ms after it was sent, ${this.proofWindow()}); nothing was executed, it may be placed again with a new action_id`,
    };
  }

  /** All orders of the symbol from just before the send, within the 24 h allOrders allows per call. */
  private allOrdersAround(lost: { symbol: string; sentAt: number }): Promise<Order[]> {
    const startTime = lost.sentAt - this.options.recvWindow - 1000;
    const endTime = Math.min(this.options.source.serverNow(), startTime + DAY - 1);
    return this.options.source.allOrders(lost.symbol, startTime, endTime);
  }

  private async found(order: Order): Promise<UnknownOutcomeResolution> {
    const fills = isZero(order.executedQty) ? [] : await this.options.source.fillsOf(order);
    this.options.logger.warn(
      { clientOrderId: order.clientOrderId, status: order.status },
      'lost order found on Binance.US',
    );
    this.options.onFound(order, fills);
    return { kind: 'found', order, fills };
  }

  private async listFound(list: OrderList): Promise<ListOutcomeResolution> {
    const fills: Fill[] = [];
    for (const leg of list.orders)
      if (!isZero(leg.executedQty)) fills.push(...(await this.options.source.fillsOf(leg)));
    this.options.logger.warn(
      { listClientOrderId: list.listClientOrderId, status: list.listOrderStatus, legs: list.orders.length },
      'lost order list found on Binance.US',
    );
    this.options.onListFound(list, fills);
    return { kind: 'found', list, fills };
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(1, ms));
      timer.unref();
      this.wakers.add(done);
    });
  }
}

/** The one promise per key while it runs. */
function once<R>(inFlight: Map<string, Promise<R>>, key: string, start: () => Promise<R>): Promise<R> {
  const existing = inFlight.get(key);
  if (existing) return existing;
  const search = start().finally(() => inFlight.delete(key));
  inFlight.set(key, search);
  return search;
}

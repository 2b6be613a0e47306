import type { UserDataEventRaw } from '../exchanges/binance-us/raw-types.js';
import type { Fill } from '../model/fill.js';
import { Big, type Decimal } from '../model/money.js';
import type { Order, OrderStatus } from '../model/order.js';
import type { OrderList } from '../model/order-list.js';
import { listStatusEventRaw } from './order-list-wire.js';
import type { Broker } from '../ports/broker.js';
import type { MarketData } from '../ports/market-data.js';
import { randomAlphanumeric } from './signing.js';
import type { FakeExchangeStats } from './stats.js';
import { wireErrors } from './wire-error.js';
import {
  executionReportRaw,
  outboundAccountPositionRaw,
  type ExecutionStep,
  type ExecutionType,
} from './wire-format.js';
import type { WireIds } from './wire-ids.js';

const LISTEN_KEY_VALIDITY_MS = 60 * 60_000;

export type UserEventListener = (event: UserDataEventRaw) => void;

interface Reported {
  newSent: boolean;
  tradeIds: Set<string>;
  status: OrderStatus | undefined;
}

const TERMINAL_EXECUTION: Partial<Record<OrderStatus, ExecutionType>> = {
  CANCELED: 'CANCELED',
  EXPIRED: 'EXPIRED',
  EXPIRED_IN_MATCH: 'EXPIRED',
  REJECTED: 'REJECTED',
};

/**
 * The account's user-data stream: listenKeys (valid 60 minutes after the last keep-alive) and the
 * executionReport / outboundAccountPosition events, each order step reported exactly once whether
 * it is learned from the placing call, a cancel, or the broker's own updates.
 */
export class UserDataHub {
  private readonly listenKeys = new Map<string, number>();
  private readonly listeners = new Map<UserEventListener, string>();
  private readonly reported = new Map<string, Reported>();
  private readonly listsReported = new Map<string, string>();

  constructor(
    private readonly broker: Broker,
    private readonly marketData: MarketData,
    private readonly ids: WireIds,
    private readonly stats: FakeExchangeStats,
    private readonly now: () => number,
  ) {}

  /** Binance hands back the account's existing key while it is valid. */
  createListenKey(): string {
    const now = this.now();
    for (const [key, lastKeepAlive] of this.listenKeys) {
      if (lastKeepAlive + LISTEN_KEY_VALIDITY_MS > now) {
        this.listenKeys.set(key, now);
        return key;
      }
    }
    const key = randomAlphanumeric(60);
    this.listenKeys.set(key, now);
    return key;
  }

  keepAlive(key: string): void {
    if (!this.isValid(key)) throw wireErrors.noListenKey();
    this.listenKeys.set(key, this.now());
  }

  close(key: string): void {
    if (!this.listenKeys.delete(key)) throw wireErrors.noListenKey();
  }

  isValid(key: string): boolean {
    const lastKeepAlive = this.listenKeys.get(key);
    return lastKeepAlive !== undefined && lastKeepAlive + LISTEN_KEY_VALIDITY_MS > this.now();
  }

  /**
   * Ends every listenKey now, as its 60 minutes running out would: each listener hears
   * `listenKeyExpired` (user-data-stream.md) and nothing more. Returns how many keys ended.
   */
  expireAll(): number {
    const keys = this.listenKeys.size;
    for (const [listener, key] of [...this.listeners]) {
      listener({ e: 'listenKeyExpired', E: this.now(), listenKey: key });
      this.listeners.delete(listener);
    }
    this.listenKeys.clear();
    this.stats.listenKeysExpired += keys;
    return keys;
  }

  listen(key: string, listener: UserEventListener): () => void {
    this.listeners.set(listener, key);
    return () => this.listeners.delete(listener);
  }

  /** Reports what changed on `order` since the last report: NEW, each new fill as TRADE, then a terminal step. */
  report(order: Order, fills: Fill[], cancelClientOrderId?: string): void {
    const seen = this.reported.get(order.orderId) ?? { newSent: false, tradeIds: new Set<string>(), status: undefined };
    this.reported.set(order.orderId, seen);
    const steps: ExecutionStep[] = [];
    if (!seen.newSent) {
      steps.push({ executionType: 'NEW', status: 'NEW', cumulativeQty: '0', cumulativeQuote: '0' });
      seen.newSent = true;
    }
    const fresh = fills
      .filter((f) => f.orderId === order.orderId && !seen.tradeIds.has(f.tradeId))
      .sort((a, b) => a.time - b.time);
    steps.push(...this.tradeSteps(order, fresh));
    for (const fill of fresh) seen.tradeIds.add(fill.tradeId);
    const terminal = TERMINAL_EXECUTION[order.status];
    if (terminal !== undefined && seen.status !== order.status) {
      steps.push({
        executionType: terminal,
        status: order.status,
        cumulativeQty: order.executedQty,
        cumulativeQuote: order.cummulativeQuoteQty,
        cancelClientOrderId,
      });
    }
    seen.status = order.status;
    if (steps.length === 0) return;
    const eventTime = this.now();
    for (const step of steps) {
      this.stats.executionReports += 1;
      this.emit(executionReportRaw(order, step, eventTime, this.ids));
    }
    void this.emitAccountPosition(order.symbol);
  }

  /** A `listStatus` event for each status an order list reaches, once (sent after its legs' reports). */
  reportList(list: OrderList): void {
    const status = `${list.listStatusType}/${list.listOrderStatus}`;
    if (this.listsReported.get(list.orderListId) === status) return;
    this.listsReported.set(list.orderListId, status);
    this.emit(listStatusEventRaw(list, this.now(), this.ids));
  }

  private tradeSteps(order: Order, fresh: Fill[]): ExecutionStep[] {
    // Cumulative figures end at the order's own totals, whatever fills were reported before.
    let qty = new Big(order.executedQty).minus(fresh.reduce((acc, f) => acc.plus(f.qty), new Big(0)));
    let quote = new Big(order.cummulativeQuoteQty).minus(fresh.reduce((acc, f) => acc.plus(f.quoteQty), new Big(0)));
    return fresh.map((fill, index) => {
      qty = qty.plus(fill.qty);
      quote = quote.plus(fill.quoteQty);
      const last = index === fresh.length - 1;
      const status: OrderStatus =
        last && (order.status === 'FILLED' || order.status === 'PARTIALLY_FILLED') ? order.status : 'PARTIALLY_FILLED';
      return {
        executionType: 'TRADE',
        status,
        cumulativeQty: qty.toFixed() as Decimal,
        cumulativeQuote: quote.toFixed() as Decimal,
        fill,
      };
    });
  }

  private async emitAccountPosition(symbol: string): Promise<void> {
    if (this.listeners.size === 0) return;
    try {
      const [market, balances] = await Promise.all([this.marketData.market(symbol), this.broker.balances()]);
      const touched = balances.filter((b) => b.asset === market.baseAsset || b.asset === market.quoteAsset);
      this.emit(outboundAccountPositionRaw(touched, this.now()));
    } catch {
      // A closed broker has no balances to report; the order events already went out.
    }
  }

  private emit(event: UserDataEventRaw): void {
    for (const [listener, key] of this.listeners) {
      if (this.isValid(key)) {
        listener(event);
      } else {
        listener({ e: 'listenKeyExpired', E: this.now(), listenKey: key });
        this.listeners.delete(listener);
      }
    }
  }
}

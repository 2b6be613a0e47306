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
 */
import type { Logger } from '../../log.js';
import { BinanceCode, ExchangeRejection, type UnknownOutcomeResolution } from '../../model/errors.js';
import type { Fill } from '../../model/fill.js';
import { isZero } from '../../model/money.js';
import type { Order } from '../../model/order.js';

export interface LostOrderSource {
  /** undefined: -2013 (not, or not yet, visible); throws when unreachable. */
  order(symbol: string, clientOrderId: string): Promise<Order | undefined>;
  openOrders(symbol: string): Promise<Order[]>;
  /** All orders of `symbol` created in [startTime, endTime] (at most 24 h apart). */
  allOrders(symbol: string, startTime: number, endTime: number): Promise<Order[]>;
  fillsOf(order: Order): Promise<Fill[]>;
  /** The exchange's clock, as the client estimates it. */
  serverNow(): number;
}

export interface LostOrder {
  symbol: string;
  clientOrderId: string;
  /** Server time just before the request left (its `timestamp` is a hair later). */
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
}

const DAY = 86_400_000;

export class LostOrders {
  private readonly inFlight = new Map<string, Promise<UnknownOutcomeResolution>>();
  private closed = false;
  private readonly wakers = new Set<() => void>();

  constructor(private readonly options: LostOrdersOptions) {}

  /** Unresolved client order ids. */
  get pending(): string[] {
    return [...this.inFlight.keys()];
  }

  /** The search for this order, started once; the same promise for the same client order id. */
  resolve(lost: LostOrder): Promise<UnknownOutcomeResolution> {
    const existing = this.inFlight.get(lost.clientOrderId);
    if (existing) return existing;
    const search = this.search(lost).finally(() => this.inFlight.delete(lost.clientOrderId));
    this.inFlight.set(lost.clientOrderId, search);
    return search;
  }

  /** When a lookup could prove this order absent (server time). */
  proofTime(lost: LostOrder): number {
    return lost.sentAt + this.options.recvWindow + this.options.queryLagMs;
  }

  /** Stops searching: each search settles as abandoned (the journal keeps UNKNOWN; start-up reconciliation goes on). */
  close(): void {
    this.closed = true;
    for (const wake of this.wakers) wake();
  }

  private async search(lost: LostOrder): Promise<UnknownOutcomeResolution> {
    const { source, logger } = this.options;
    let pause = this.options.intervalMs ?? 250;
    for (;;) {
      if (this.closed) return { kind: 'abandoned', reason: 'the client closed before Binance.US answered the lookups' };
      try {
        const checkedAt = source.serverNow();
        const found = await source.order(lost.symbol, lost.clientOrderId);
        if (found) return await this.found(found);
        if (checkedAt >= this.proofTime(lost)) {
          const elsewhere = await this.findElsewhere(lost);
          if (elsewhere) return await this.found(elsewhere);
          const reason = `${BinanceCode.NO_SUCH_ORDER} Order does not exist: it never reached Binance.US (no order with this client order id by lookup, in the open orders or in all orders, ${Math.round(checkedAt - lost.sentAt)} ms after it was sent, past recvWindow ${this.options.recvWindow} ms and ${this.options.queryLagMs} ms for lagging queries); nothing was executed, it may be placed again with a new action_id`;
          logger.warn(
            { clientOrderId: lost.clientOrderId, symbol: lost.symbol },
            'lost order proved absent on Binance.US',
          );
          return { kind: 'absent', reason };
        }
      } catch (error) {
        if (error instanceof ExchangeRejection && error.code === BinanceCode.ORDER_ARCHIVED) {
          return { kind: 'absent', reason: `${error.code} ${error.message}` };
        }
        logger.warn(
          { clientOrderId: lost.clientOrderId, error: (error as Error).message },
          'lost order lookup failed; trying again',
        );
      }
      const untilProof = this.proofTime(lost) - source.serverNow();
      await this.pause(untilProof > 0 ? Math.min(pause, untilProof + 1) : pause);
      pause = Math.min(pause * 2, this.options.maxIntervalMs ?? 5000);
    }
  }

  private async findElsewhere(lost: LostOrder): Promise<Order | undefined> {
    const { source } = this.options;
    const open = await source.openOrders(lost.symbol);
    const inOpen = open.find((o) => o.clientOrderId === lost.clientOrderId);
    if (inOpen) return inOpen;
    const startTime = lost.sentAt - this.options.recvWindow - 1000;
    const endTime = Math.min(source.serverNow(), startTime + DAY - 1);
    const all = await source.allOrders(lost.symbol, startTime, endTime);
    return all.filter((o) => o.clientOrderId === lost.clientOrderId).at(-1);
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

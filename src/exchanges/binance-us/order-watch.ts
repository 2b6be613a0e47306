/**
 * Tells listeners what happens to orders after placeOrder returned: from the user-data stream
 * while it is connected, and by polling the open orders while it is not (and after each reconnect,
 * until one pass has read every symbol, to catch what happened while it was down).
 */
import type { Logger } from '../../log.js';
import { silentLogger } from '../../log.js';
import { BinanceCode, ExchangeRejection } from '../../model/errors.js';
import type { Fill } from '../../model/fill.js';
import { cmp } from '../../model/money.js';
import { isOpenStatus, type Order } from '../../model/order.js';
import type { OrderUpdate } from '../../ports/broker.js';
import type { Unsubscribe } from '../../ports/market-data.js';
import type { OrderList } from '../../model/order-list.js';
import type { ExecutionReport, ListStatusReport } from './parse.js';
import { WatchedLists } from './watched-lists.js';

export interface OrderSource {
  openOrders(symbol: string): Promise<Order[]>;
  order(symbol: string, clientOrderId: string): Promise<Order | undefined>;
  fillsOf(order: Order): Promise<Fill[]>;
}

/** Starts the push channel; returns how to stop it. */
export type PushChannel = (handlers: {
  report: (r: ExecutionReport) => void;
  list: (r: ListStatusReport) => void;
  state: (connected: boolean) => void;
}) => {
  stop(): Promise<void>;
};

export interface OrderWatchOptions {
  source: OrderSource;
  push?: PushChannel | undefined;
  pollIntervalMs?: number | undefined;
  logger?: Logger | undefined;
}

const SEEN_TRADES_KEPT = 20_000;

export class OrderWatch {
  private readonly listeners = new Set<(update: OrderUpdate) => void>();
  private readonly tracked = new Map<string, Order>();
  private readonly seenTrades = new Set<string>();
  private readonly lists = new WatchedLists();
  private readonly logger: Logger;
  private channel: { stop(): Promise<void> } | undefined;
  private pushConnected = false;
  private pollTimer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  /** Reconnects so far, and the last one a polling pass has caught up with (begun after it, every symbol read). */
  private reconnects = 0;
  private caughtUp = 0;

  constructor(private readonly options: OrderWatchOptions) {
    this.logger = options.logger ?? silentLogger();
  }

  addListener(listener: (update: OrderUpdate) => void): Unsubscribe {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.start();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) void this.stop();
    };
  }

  /** An order this process knows to be open: watched until it ends. */
  track(order: Order): void {
    if (isOpenStatus(order.status)) this.tracked.set(order.clientOrderId, order);
    else this.tracked.delete(order.clientOrderId);
  }

  /** An order list placed or read here: its legs' updates carry it. */
  trackList(list: OrderList): void {
    this.lists.track(list);
  }

  /** Fills already handed out (e.g. in a placeOrder result) are not handed out again. */
  markSeen(fills: Fill[]): void {
    for (const fill of fills) this.seenTrades.add(`${fill.symbol}:${fill.tradeId}`);
    if (this.seenTrades.size > SEEN_TRADES_KEPT) {
      const drop = this.seenTrades.size - SEEN_TRADES_KEPT;
      let i = 0;
      for (const key of this.seenTrades) {
        if (i++ >= drop) break;
        this.seenTrades.delete(key);
      }
    }
  }

  /** Something learned outside the stream and the polling (a lost order found): handed out once, then watched. */
  announce(update: OrderUpdate): void {
    const fills = this.unseen(update.fills);
    this.track(update.order);
    this.emit({ order: update.order, fills });
  }

  async stop(): Promise<void> {
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = undefined;
    const channel = this.channel;
    this.channel = undefined;
    this.pushConnected = false;
    await channel?.stop();
    await this.polling;
  }

  /** One polling pass now (also what the timer runs while the stream is down). */
  async pollOnce(): Promise<void> {
    this.polling ??= this.poll().finally(() => {
      this.polling = undefined;
    });
    return this.polling;
  }

  private start(): void {
    const interval = this.options.pollIntervalMs ?? 5000;
    // While the stream is down, and after a reconnect until a pass has read every symbol (the stream
    // does not repeat what it missed, and a pass can fail).
    this.pollTimer = setInterval(() => {
      if (!this.pushConnected || this.caughtUp < this.reconnects) void this.pollOnce();
    }, interval);
    this.pollTimer.unref();
    if (this.options.push) {
      this.channel = this.options.push({
        report: (report) => this.onReport(report),
        list: (report) => this.lists.onStatus(report),
        state: (connected) => {
          this.pushConnected = connected;
          if (connected) {
            this.reconnects += 1;
            void this.pollOnce();
          }
        },
      });
    }
  }

  private onReport(report: ExecutionReport): void {
    const fills = report.fill ? this.unseen([report.fill]) : [];
    this.track(report.order);
    this.emit({ order: report.order, fills });
  }

  private unseen(fills: Fill[]): Fill[] {
    const fresh = fills.filter((f) => !this.seenTrades.has(`${f.symbol}:${f.tradeId}`));
    this.markSeen(fresh);
    return fresh;
  }

  private emit(update: OrderUpdate): void {
    const list = this.lists.withLeg(update.order);
    if (list) update.list = list;
    for (const listener of this.listeners) {
      try {
        listener(update);
      } catch (error) {
        this.logger.error(
          { error: (error as Error).message, clientOrderId: update.order.clientOrderId },
          'order update listener failed',
        );
      }
    }
  }

  private async poll(): Promise<void> {
    const since = this.reconnects;
    let complete = true;
    const symbols = new Set([...this.tracked.values()].map((o) => o.symbol));
    for (const symbol of symbols) {
      try {
        const open = new Map((await this.options.source.openOrders(symbol)).map((o) => [o.clientOrderId, o]));
        for (const known of [...this.tracked.values()].filter((o) => o.symbol === symbol)) {
          const current = open.get(known.clientOrderId);
          if (current && current.status === known.status && cmp(current.executedQty, known.executedQty) === 0) continue;
          const order =
            current ??
            (await this.options.source.order(symbol, known.clientOrderId).catch((error: unknown) => {
              // -2026: archived, so canceled or expired with nothing executed (CHANGELOG 2023-03).
              if (error instanceof ExchangeRejection && error.code === BinanceCode.ORDER_ARCHIVED) return undefined;
              throw error;
            }));
          if (!order) {
            this.logger.warn(
              { clientOrderId: known.clientOrderId, symbol },
              'a watched order is no longer known to Binance.US',
            );
            this.tracked.delete(known.clientOrderId);
            continue;
          }
          const fills =
            cmp(order.executedQty, known.executedQty) > 0 ? this.unseen(await this.options.source.fillsOf(order)) : [];
          this.track(order);
          this.emit({ order, fills });
        }
      } catch (error) {
        complete = false;
        this.logger.warn({ symbol, error: (error as Error).message }, 'polling open orders failed; will try again');
      }
    }
    if (complete) this.caughtUp = Math.max(this.caughtUp, since);
  }
}

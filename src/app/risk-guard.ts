import type { Logger } from '../log.js';
import type { Market } from '../model/market.js';
import { Big, str } from '../model/money.js';
import type { Order, OrderRequest } from '../model/order.js';
import type { Clock } from '../ports/clock.js';
import type { TradingMode } from '../model/trading-mode.js';
import type { AuditLog } from '../ports/audit-log.js';
import type { OrderHistory } from '../ports/order-journal.js';
import type { RiskJournal } from '../ports/risk-journal.js';
import { ALLOWED, type OrderCaps, type RiskVerdict } from '../risk/attempt.js';
import { DailyLossBreaker, type BreakerEvent } from '../risk/circuit-breaker.js';
import { compareDecimal } from '../risk/decimal-compare.js';
import { addsExposure, exposureAfter, flowOf, openOrderFlow, reducesExposure } from '../risk/exposure.js';
import type { RiskLimits } from '../risk/limits.js';
import { OrderRateWindow, RATE_WINDOW_MS } from '../risk/order-rate-window.js';
import { RiskEngine } from '../risk/risk-engine.js';
import { riskStatusOf } from '../risk/risk-status.js';
import { utcDay } from '../risk/utc-day.js';
import type { RiskStatus } from './api.js';
import type { AccountService } from './account-service.js';
import type { PricedOrder } from './order-pricer.js';

/**
 * Applies the operator's limits to one account: gathers what the risk engine needs (USD notional,
 * position after the fill, today's loss on equity, the order rate) and records every denial. The
 * daily-loss breaker's state lives in the journal (daily_pnl) and is read back on every check, so
 * an operator's `binance-mcp risk reset` from another process takes effect at once, and a restart
 * forgets nothing.
 */
export class RiskGuard {
  private readonly engine: RiskEngine;
  private readonly rate = new OrderRateWindow();
  private readonly tripListeners = new Set<(reason: string) => void>();
  private seeded: Promise<void> | undefined;

  constructor(
    private readonly mode: TradingMode,
    readonly limits: RiskLimits,
    private readonly store: RiskJournal & Pick<AuditLog, 'audit'> & Pick<OrderHistory, 'listOrders'>,
    private readonly accounts: AccountService,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    this.engine = new RiskEngine(limits);
  }

  async evaluate(
    market: Market,
    request: OrderRequest,
    priced: PricedOrder,
    options: {
      dryRun?: boolean;
      adding?: Pick<OrderCaps, 'adding' | 'addingAlgo' | 'what'>;
      /** An open order (client order id) that is certainly gone if this one is placed: its unfilled part is not counted. */
      releasing?: string;
    } = {},
  ): Promise<RiskVerdict> {
    await this.seedRate();
    const now = this.clock.now();
    const breaker = await this.observe(now);
    const held = await this.accounts.heldQuantity(market.baseAsset);
    const { maxNumOrders, maxNumAlgoOrders } = market.filters;
    const orderCaps: OrderCaps | undefined =
      options.adding && (maxNumOrders !== undefined || maxNumAlgoOrders !== undefined)
        ? {
            maxNumOrders,
            maxNumAlgoOrders,
            ...(await this.accounts.openOrderCounts(market.symbol)),
            ...options.adding,
          }
        : undefined;
    const flow = flowOf({
      side: request.side,
      baseAsset: market.baseAsset,
      quoteAsset: market.quoteAsset,
      quantity: priced.quantity,
      quoteQuantity: priced.notional,
    });
    const exposure = exposureAfter(await this.accounts.exposureView(options.releasing), flow);
    const verdict = this.engine.check(
      {
        symbol: market.symbol,
        side: request.side,
        baseAsset: market.baseAsset,
        quoteAsset: market.quoteAsset,
        notionalUsd: priced.notionalUsd,
        addsTo: exposure.addsTo,
        totalExposureBeforeUsd: exposure.totalBeforeUsd,
        totalExposureAfterUsd: exposure.totalAfterUsd,
        reducesExposure: reducesExposure({
          side: request.side,
          quoteAsset: market.quoteAsset,
          quantity: priced.quantity,
          heldBaseQuantity: held,
        }),
        time: now,
        orderCaps,
      },
      breaker.riskState(now, this.rate.count(now)),
    );
    if (!verdict.allowed && !options.dryRun) {
      await this.store.recordRiskEvent({
        mode: this.mode,
        time: now,
        kind: 'denied',
        code: verdict.denial.code,
        message: verdict.denial.message,
        detail: { symbol: market.symbol, side: request.side, notionalUsd: priced.notionalUsd },
      });
      this.logger.info(
        { mode: this.mode, code: verdict.denial.code, symbol: market.symbol },
        'order denied by risk limits',
      );
    }
    return verdict;
  }

  /**
   * Re-checks an order the venue accepted earlier, just before it executes on a market move (a resting
   * order about to fill, a triggered stop): its unfilled part is judged as a new order would be, except
   * against MAX_ORDERS_PER_MINUTE (it is not a new order). An order that adds no exposure always passes,
   * so protective stops into USD are never held back. Refusals are journaled.
   */
  async review(market: Market, order: Order): Promise<RiskVerdict> {
    const flow = openOrderFlow(order, market, order.stopPrice);
    if (
      !this.engine.limited ||
      !addsExposure(flow) ||
      compareDecimal(order.side === 'BUY' ? flow.inQty : flow.outQty, '0') <= 0
    )
      return ALLOWED;
    const now = this.clock.now();
    const breaker = await this.observe(now);
    const exposure = exposureAfter(await this.accounts.exposureView(order.clientOrderId), flow);
    const verdict = this.engine.check(
      {
        symbol: market.symbol,
        side: order.side,
        baseAsset: market.baseAsset,
        quoteAsset: market.quoteAsset,
        notionalUsd: str(
          new Big(order.side === 'BUY' ? flow.outQty : flow.inQty).times(
            await this.accounts.usdPrice(market.quoteAsset),
          ),
        ),
        addsTo: exposure.addsTo,
        totalExposureBeforeUsd: exposure.totalBeforeUsd,
        totalExposureAfterUsd: exposure.totalAfterUsd,
        reducesExposure: false,
        time: now,
      },
      breaker.riskState(now, 0),
    );
    if (!verdict.allowed) {
      await this.store.recordRiskEvent({
        mode: this.mode,
        time: now,
        kind: 'execution_denied',
        code: verdict.denial.code,
        message: `order ${order.clientOrderId} (${order.side} ${order.symbol}) was not executed: ${verdict.denial.message}`,
        detail: { clientOrderId: order.clientOrderId, orderId: order.orderId, symbol: order.symbol, side: order.side },
      });
      this.logger.info(
        { mode: this.mode, code: verdict.denial.code, clientOrderId: order.clientOrderId },
        'resting or triggered order refused by risk limits before executing',
      );
    }
    return verdict;
  }

  /** Called once each time the daily-loss breaker trips, with the reason. */
  onTrip(listener: (reason: string) => void): () => void {
    this.tripListeners.add(listener);
    return () => this.tripListeners.delete(listener);
  }

  recordOrder(time: number): void {
    this.rate.record(time);
  }

  async status(): Promise<RiskStatus> {
    await this.seedRate();
    const now = this.clock.now();
    const breaker = await this.observe(now);
    return riskStatusOf(this.mode, this.engine, breaker, this.rate, now);
  }

  /** Operator only: clears the breaker and re-bases today's loss at the current equity. */
  async reset(actor: string): Promise<void> {
    const now = this.clock.now();
    const breaker = await this.observe(now);
    const event = breaker.reset(await this.accounts.equityUsd(), now, actor);
    await this.persist(breaker, [event]);
    await this.store.audit({ mode: this.mode, time: now, actor, action: 'risk_reset', detail: event.detail });
  }

  /** Records the current equity for today, tripping the breaker when the loss reaches the limit. */
  async observe(now: number): Promise<DailyLossBreaker> {
    const row = await this.store.getDailyPnl(this.mode, utcDay(now));
    const breaker = new DailyLossBreaker(this.limits.maxDailyLossUsd, row);
    const events = breaker.observe(await this.accounts.equityUsd(), now);
    await this.persist(breaker, events);
    for (const event of events) {
      if (event.kind !== 'breaker_tripped') continue;
      this.logger.warn({ mode: this.mode, message: event.message }, 'circuit breaker tripped');
      for (const listener of this.tripListeners) listener(event.message);
    }
    return breaker;
  }

  /**
   * Once per process: the orders journaled in the last minute (ours, not ones the venue reported
   * from elsewhere) count against MAX_ORDERS_PER_MINUTE, so a restart does not start the count at 0.
   */
  private seedRate(): Promise<void> {
    this.seeded ??= (async () => {
      const now = this.clock.now();
      const limit = Math.min(100_000, Math.max(1_000, (this.limits.maxOrdersPerMinute ?? 0) + 1));
      const recent = await this.store.listOrders({ mode: this.mode, limit });
      this.rate.seed(
        recent
          .filter((o) => o.origin !== 'venue' && o.createdAt > now - RATE_WINDOW_MS && o.createdAt <= now)
          .map((o) => o.createdAt),
      );
    })().catch((error: unknown) => {
      this.seeded = undefined;
      throw error;
    });
    return this.seeded;
  }

  private async persist(breaker: DailyLossBreaker, events: BreakerEvent[]): Promise<void> {
    const row = breaker.toDailyPnl(this.mode);
    if (row) await this.store.putDailyPnl(row);
    for (const event of events) await this.store.recordRiskEvent({ ...event, mode: this.mode });
  }
}

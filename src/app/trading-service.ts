import { Mutex } from 'async-mutex';
import type { Logger } from '../log.js';
import { ExchangeRejection, InvalidInput, OrderOutcomeUnknown } from '../model/errors.js';
import type { Fill } from '../model/fill.js';
import { roundOrderToFilters } from '../model/filters.js';
import type { Market } from '../model/market.js';
import type { Order, OrderRequest } from '../model/order.js';
import type { Broker, OrderResult, OrderUpdate } from '../ports/broker.js';
import type { Clock } from '../ports/clock.js';
import type { MarketData } from '../ports/market-data.js';
import type { OrderRecord, Store, TradingMode } from '../ports/store.js';
import type {
  AccountState, CancelOrderInput, CancelOrderOutcome, OrderPreview, PlaceOrderInput, PlaceOrderOutcome, RiskStatus, TradingDesk,
} from './api.js';
import { clientOrderIdFor } from './client-order-id.js';
import { orderRequestFrom } from './order-input.js';
import type { OrderPricer } from './order-pricer.js';
import type { RiskGuard } from './risk-guard.js';
import type { AccountService } from './account-service.js';
import { UnknownOrderGuard } from './unknown-order-guard.js';

export interface TradingServiceDeps {
  mode: TradingMode;
  broker: Broker;
  marketData: MarketData;
  store: Store;
  clock: Clock;
  logger: Logger;
  risk: RiskGuard;
  pricer: OrderPricer;
  accounts: AccountService;
  /** Brings in changes the operator made to this account from another process (a paper reset). */
  syncExternalChanges?: () => Promise<void>;
}

/**
 * The one road to the venue. Every order, from MCP, REST or CLI: validate, round to the symbol's
 * filters, risk check, journal the intent, submit, record fills, update the journaled balances.
 * One mutex per account serialises all of it, so two orders cannot both pass a limit only one fits.
 */
export class TradingService implements TradingDesk {
  readonly mode: TradingMode;
  private readonly lock = new Mutex();
  private readonly unsubscribe: () => void;
  private readonly unknownOrders: UnknownOrderGuard;

  constructor(private readonly deps: TradingServiceDeps) {
    this.mode = deps.mode;
    this.unknownOrders = new UnknownOrderGuard({ ...deps, serialize: (work) => this.lock.runExclusive(work) });
    this.unsubscribe = deps.broker.onOrderUpdate((update) => {
      void this.journalUpdate(update);
    });
  }

  async placeOrder(input: PlaceOrderInput): Promise<PlaceOrderOutcome> {
    const clientOrderId = clientOrderIdFor(input.actionId);
    return this.lock.runExclusive(async () => {
      await this.deps.syncExternalChanges?.();
      const earlier = await this.deps.store.findOrder(this.mode, clientOrderId);
      if (earlier) return this.repeatOutcome(earlier);

      let prepared: { market: Market; request: OrderRequest; adjustments: string[] };
      try {
        prepared = await this.prepare(input, clientOrderId);
      } catch (error) {
        if (error instanceof InvalidInput) return this.invalid(clientOrderId, error);
        throw error;
      }
      const { market, request, adjustments } = prepared;
      const base: Omit<PlaceOrderOutcome, 'status'> = { mode: this.mode, duplicate: false, clientOrderId, fills: [], adjustments };
      const unresolved = await this.unknownOrders.refusal(request);
      if (unresolved) return { ...base, status: 'denied', denial: unresolved };

      const priced = await this.deps.pricer.price(market, request);
      const now = this.deps.clock.now();
      if (priced.rejection) {
        // The venue's rules refuse it: journaled as rejected without spending a request on it.
        await this.deps.store.recordIntent(this.intentRecord(request, now, input.origin));
        return this.submissionFailed(base, clientOrderId, new ExchangeRejection(priced.rejection.code, priced.rejection.msg));
      }
      const verdict = await this.deps.risk.evaluate(market, request, priced);
      if (!verdict.allowed) return { ...base, status: 'denied', denial: verdict.denial };

      await this.deps.store.recordIntent(this.intentRecord(request, now, input.origin));
      if (input.rationale) {
        await this.deps.store.recordDecision({ mode: this.mode, time: now, clientOrderId, rationale: input.rationale.slice(0, 4000) });
      }
      this.deps.risk.recordOrder(now);

      let result: OrderResult;
      try {
        result = await this.deps.broker.placeOrder(request);
      } catch (error) {
        this.unknownOrders.follow(error);
        return this.submissionFailed(base, clientOrderId, error);
      }
      // The venue answered: whatever happens while journaling it, the order is placed, never 'unknown'.
      await this.journalAnswer(result.order, result.fills);
      const order = await this.deps.store.findOrder(this.mode, clientOrderId);
      return { ...base, status: 'placed', ...(order ? { order } : {}), fills: result.fills };
    });
  }

  async previewOrder(input: PlaceOrderInput): Promise<OrderPreview> {
    const clientOrderId = clientOrderIdFor(input.actionId);
    const { market, request, adjustments } = await this.prepare(input, clientOrderId);
    const priced = await this.deps.pricer.price(market, request);
    const verdict = priced.rejection ? ({ allowed: true } as const) : await this.deps.risk.evaluate(market, request, priced, { dryRun: true });
    return {
      mode: this.mode,
      symbol: request.symbol,
      side: request.side,
      type: request.type,
      quantity: priced.quantity,
      ...(request.price !== undefined ? { price: request.price } : {}),
      ...(request.stopPrice !== undefined ? { stopPrice: request.stopPrice } : {}),
      notional: priced.notional,
      notionalUsd: priced.notionalUsd,
      estimatedFee: priced.estimatedFee,
      feeAsset: priced.feeAsset,
      feeRate: priced.feeRate,
      ...(priced.expectedAveragePrice !== undefined ? { expectedAveragePrice: priced.expectedAveragePrice } : {}),
      ...(priced.slippageBps !== undefined ? { slippageBps: priced.slippageBps } : {}),
      wouldRest: priced.wouldRest,
      adjustments: [...adjustments, ...priced.notes],
      risk: verdict.allowed ? { allowed: true } : { allowed: false, denial: verdict.denial },
      ...(priced.rejection ? { wouldBeRejected: priced.rejection } : {}),
    };
  }

  async cancelOrder(input: CancelOrderInput): Promise<CancelOrderOutcome> {
    const symbol = String(input.symbol ?? '').toUpperCase();
    if (!input.orderId && !input.clientOrderId) {
      return { status: 'invalid', mode: this.mode, error: { field: 'order_id', message: 'order_id: missing (allowed: the order_id or client order id of an open order)' } };
    }
    return this.lock.runExclusive(async () => {
      await this.deps.syncExternalChanges?.();
      const journaled = input.orderId
        ? (await this.deps.store.findOrderByOrderId(this.mode, input.orderId)) ?? (await this.deps.store.findOrder(this.mode, input.orderId))
        : await this.deps.store.findOrder(this.mode, input.clientOrderId!);
      if (journaled && journaled.symbol !== symbol) {
        return { status: 'invalid', mode: this.mode, error: { field: 'symbol', message: `symbol: order ${input.orderId ?? input.clientOrderId} is on ${journaled.symbol}, not ${symbol} (allowed: ${journaled.symbol})` } };
      }
      const ref = journaled?.orderId ? { orderId: journaled.orderId } : input.orderId ? { orderId: input.orderId } : { clientOrderId: input.clientOrderId! };
      let order: Order;
      try {
        order = await this.deps.broker.cancelOrder(symbol, ref);
      } catch (error) {
        if (error instanceof ExchangeRejection) return { status: 'rejected', mode: this.mode, rejection: { code: error.code, msg: error.message } };
        throw error;
      }
      await this.journalAnswer(order, []);
      await this.deps.store.audit({ mode: this.mode, time: this.deps.clock.now(), actor: input.origin, action: 'cancel_order', detail: { symbol, ...ref } });
      const record = await this.deps.store.findOrder(this.mode, order.clientOrderId);
      return { status: 'canceled', mode: this.mode, ...(record ? { order: record } : {}) };
    });
  }

  orders(query: { symbol?: string; openOnly?: boolean; limit?: number }): Promise<OrderRecord[]> {
    return this.deps.store.listOrders({ mode: this.mode, ...query });
  }

  tradeHistory(query: { symbol?: string; limit?: number }): Promise<Fill[]> {
    return this.deps.store.listFills({ mode: this.mode, ...query });
  }

  async account(): Promise<AccountState> {
    await this.lock.runExclusive(async () => this.deps.syncExternalChanges?.());
    return this.deps.accounts.account();
  }

  riskStatus(): Promise<RiskStatus> {
    return this.deps.risk.status();
  }

  /** Resolves when every order and journal write queued so far has finished. */
  async settled(): Promise<void> {
    await this.lock.runExclusive(async () => undefined);
  }

  /** Waits for the work in flight, then stops listening to the broker. */
  async close(): Promise<void> {
    await this.settled();
    this.unsubscribe();
  }

  private async prepare(input: PlaceOrderInput, clientOrderId: string) {
    const symbol = String(input.symbol ?? '').toUpperCase();
    if (!/^[A-Z0-9]{2,20}$/.test(symbol)) throw new InvalidInput('symbol', `"${input.symbol ?? ''}" is not a symbol`, 'a Binance.US symbol such as BTCUSD (see list_markets)');
    let market: Market;
    try {
      market = await this.deps.marketData.market(symbol);
    } catch (error) {
      if (error instanceof ExchangeRejection) throw new InvalidInput('symbol', `${symbol} is not traded here`, 'a symbol from list_markets');
      throw error;
    }
    if (market.status !== 'TRADING') throw new InvalidInput('symbol', `${symbol} is ${market.status}, not TRADING`, 'a symbol whose status is TRADING');
    const raw = orderRequestFrom(input, market, clientOrderId);
    const rounded = roundOrderToFilters(market, raw);
    return { market, request: rounded.request, adjustments: rounded.adjustments };
  }

  private intentRecord(request: OrderRequest, now: number, origin: string): OrderRecord {
    return {
      mode: this.mode,
      orderId: null,
      clientOrderId: request.clientOrderId,
      symbol: request.symbol,
      side: request.side,
      type: request.type,
      ...(request.timeInForce ? { timeInForce: request.timeInForce } : {}),
      ...(request.price ? { price: request.price } : {}),
      ...(request.stopPrice ? { stopPrice: request.stopPrice } : {}),
      origQty: request.quantity ?? '0',
      ...(request.quoteOrderQty ? { origQuoteOrderQty: request.quoteOrderQty } : {}),
      executedQty: '0',
      cummulativeQuoteQty: '0',
      status: 'PENDING',
      createdAt: now,
      updatedAt: now,
      origin,
    };
  }

  /** The order and its fills are journaled even when the balance read after them fails; the balances catch up at the next execution. */
  private async journal(order: OrderUpdate['order'], fills: Fill[]): Promise<void> {
    const balances = await this.deps.broker.balances().catch((error: unknown) => {
      this.deps.logger.warn({ err: error, clientOrderId: order.clientOrderId }, 'balances unavailable after an execution: journaling the order and its fills without them');
      return undefined;
    });
    await this.deps.store.recordExecution({ mode: this.mode, order, fills, ...(balances ? { balances } : {}) });
    await this.deps.accounts.recordFills(fills);
  }

  /** Journals what the venue answered to a call; a failure is logged, never turned into a failed call (reconciliation recovers it). */
  private async journalAnswer(order: Order, fills: Fill[]): Promise<void> {
    try {
      await this.journal(order, fills);
    } catch (error) {
      this.deps.logger.error({ err: error, clientOrderId: order.clientOrderId }, 'could not journal the venue\'s answer; reconciliation at next start will recover it');
    }
  }

  /** Fills and status changes that happen after placement (resting orders, stops) take the same lock. */
  private async journalUpdate(update: OrderUpdate): Promise<void> {
    try {
      await this.lock.runExclusive(() => this.journal(update.order, update.fills));
    } catch (error) {
      this.deps.logger.error({ err: error, clientOrderId: update.order.clientOrderId }, 'could not journal an order update; reconciliation at next start will recover it');
    }
  }

  private async submissionFailed(base: Omit<PlaceOrderOutcome, 'status'>, clientOrderId: string, error: unknown): Promise<PlaceOrderOutcome> {
    const now = this.deps.clock.now();
    if (error instanceof ExchangeRejection) {
      await this.deps.store.markOrder(this.mode, clientOrderId, 'REJECTED', `${error.code} ${error.message}`, now);
      const order = await this.deps.store.findOrder(this.mode, clientOrderId);
      return { ...base, status: 'rejected', rejection: { code: error.code, msg: error.message }, ...(order ? { order } : {}) };
    }
    const reason = error instanceof OrderOutcomeUnknown ? error.message : `submission failed: ${(error as Error).message}`;
    await this.deps.store.markOrder(this.mode, clientOrderId, 'UNKNOWN', reason, now);
    this.deps.logger.warn({ clientOrderId, reason }, 'order outcome unknown; it will be looked up by client order id');
    const order = await this.deps.store.findOrder(this.mode, clientOrderId);
    return { ...base, status: 'unknown', ...(order ? { order } : {}) };
  }

  private async repeatOutcome(order: OrderRecord): Promise<PlaceOrderOutcome> {
    const fills = order.orderId ? await this.deps.store.listFills({ mode: this.mode, clientOrderId: order.clientOrderId, limit: 1000 }) : [];
    const status = order.status === 'REJECTED' ? 'rejected' : order.status === 'UNKNOWN' || order.status === 'PENDING' ? 'unknown' : 'placed';
    return {
      status,
      mode: this.mode,
      duplicate: true,
      clientOrderId: order.clientOrderId,
      order,
      fills,
      adjustments: [],
      ...(status === 'rejected' && order.reason ? { rejection: rejectionFrom(order.reason) } : {}),
    };
  }

  private invalid(clientOrderId: string, error: InvalidInput): PlaceOrderOutcome {
    return { status: 'invalid', mode: this.mode, duplicate: false, clientOrderId, fills: [], adjustments: [], error: { field: error.field, message: error.message } };
  }
}

function rejectionFrom(reason: string): { code: number; msg: string } {
  const match = /^(-\d+) (.*)$/.exec(reason);
  return match ? { code: Number(match[1]), msg: match[2]! } : { code: -1000, msg: reason };
}

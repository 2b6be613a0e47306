import { Mutex } from 'async-mutex';
import type { Logger } from '../log.js';
import { ExchangeRejection, InvalidInput, OrderOutcomeUnknown } from '../model/errors.js';
import type { Fill } from '../model/fill.js';
import { isStopOrderType, roundOrderToFilters } from '../model/filters.js';
import type { Market } from '../model/market.js';
import type { Order, OrderRequest } from '../model/order.js';
import type { Broker, OrderResult, OrderUpdate } from '../ports/broker.js';
import type { Clock } from '../ports/clock.js';
import type { MarketData } from '../ports/market-data.js';
import type { OrderRecord } from '../ports/order-journal.js';
import type { TradingJournal } from './trading-journal.js';
import type { TradingMode } from '../model/trading-mode.js';
import type { OrderListJournal, OrderListRecord } from '../ports/order-list-journal.js';
import type { OrderCaps } from '../risk/attempt.js';
import type {
  AccountState,
  CancelOrderInput,
  CancelOrderListInput,
  CancelOrderListOutcome,
  CancelOrderOutcome,
  OrderListOutcome,
  OrderListView,
  PlaceBracketInput,
  PlaceOcoInput,
  OrderPreview,
  PlaceOrderInput,
  PlaceOrderOutcome,
  ReplaceOrderInput,
  ReplaceOrderOutcome,
  RiskStatus,
  TradingDesk,
} from './api.js';
import { addsExposure, openOrderFlow } from '../risk/exposure.js';
import { DEFAULT_ORDER_DEADLINE_MS, DEFAULT_ORDER_QUEUE_LIMIT, LIMIT_NAMES } from '../risk/limits.js';
import {
  clientOrderIdFor,
  describeJournaled,
  legacyClientOrderIdFor,
  differenceFrom,
  repeatedOutcome,
} from './client-order-id.js';
import { orderRequestFrom } from './order-input.js';
import type { OrderPricer } from './order-pricer.js';
import { explainCancelRejection } from './rejection-explainer.js';
import type { RiskGuard } from './risk-guard.js';
import type { AccountService } from './account-service.js';
import { UnknownOrderGuard } from './unknown-order-guard.js';
import { OrderListRoad } from './order-lists.js';
import { BracketDesk } from './brackets.js';
import { tradableMarket } from './tradable-market.js';
import { ReplaceRoad } from './replace-order.js';
import { intentRecord } from './order-intent.js';

export interface TradingServiceDeps {
  mode: TradingMode;
  broker: Broker;
  marketData: MarketData;
  store: TradingJournal;
  /** OCOs and brackets (migration 0011). */
  lists: OrderListJournal;
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
  /**
   * Held from an order's risk check until the venue's answer is journaled, and by the execution guard's
   * re-checks: a stop triggering meanwhile is judged against the account with that order in it.
   * Taken only inside `lock` or by the guard (which never waits for `lock`), so the two cannot deadlock.
   */
  private readonly riskLock = new Mutex();
  private readonly unsubscribe: (() => void)[];
  private readonly unknownOrders: UnknownOrderGuard;
  /** placeOrder calls waiting for `lock`. */
  private waiting = 0;
  private readonly road: OrderListRoad;
  private readonly brackets: BracketDesk;
  private readonly replaces: ReplaceRoad;

  constructor(private readonly deps: TradingServiceDeps) {
    this.mode = deps.mode;
    const listParts = {
      ...deps,
      riskLock: this.riskLock,
      journal: (order: Order, fills: Fill[]) => this.journalAnswer(order, fills),
      serialize: <T>(work: () => Promise<T>) => this.lock.runExclusive(work),
      unknownOrders: { refusal: (request: OrderRequest) => this.unknownOrders.refusal(request) },
      afterListEnded: (listClientOrderId: string) => this.brackets.afterList(listClientOrderId),
    };
    this.road = new OrderListRoad(listParts);
    this.brackets = new BracketDesk({
      ...listParts,
      road: this.road,
      placeEntry: (input, clientOrderId, adding) =>
        this.placeLocked(
          input,
          clientOrderId,
          this.deps.clock.now() + this.maxDeadline(input),
          this.deps.clock.now(),
          adding,
        ),
    });
    this.unknownOrders = new UnknownOrderGuard({
      ...deps,
      serialize: (work) => this.lock.runExclusive(work),
      afterNeverPlaced: (clientOrderId) => this.brackets.afterEntry(clientOrderId),
    });
    this.replaces = new ReplaceRoad({
      ...listParts,
      unknownOrders: this.unknownOrders,
      prepare: (input, clientOrderId) => this.prepare(input, clientOrderId),
      retryOutcome: (input, earlier, clientOrderId) => this.retryOutcome(input, earlier, clientOrderId),
      earlierOrder: async (input, clientOrderId) =>
        (await this.deps.store.findOrder(this.mode, clientOrderId)) ?? (await this.legacyOrderOf(input.actionId)),
      expire: (base, request, late, journaled) => this.expire(base, request, late, journaled),
    });
    deps.broker.setExecutionGuard?.((order) => this.reviewExecution(order));
    this.unsubscribe = [
      deps.broker.onOrderUpdate((update) => {
        void this.journalUpdate(update);
      }),
      deps.risk.onTrip((reason) => {
        void this.cancelAtTrip(reason);
      }),
    ];
  }

  /**
   * The one road. An order waits for the account at most its deadline (ORDER_DEADLINE_MS, or less when
   * the caller asks) and at most ORDER_QUEUE_LIMIT orders wait at once: one more is refused at once.
   * An order whose deadline passes before it is sent is not sent (status 'expired', journaled).
   */
  async placeOrder(input: PlaceOrderInput): Promise<PlaceOrderOutcome> {
    const clientOrderId = clientOrderIdFor(input.actionId);
    const startedAt = this.deps.clock.now();
    const limits = this.deps.risk.limits;
    const maxDeadline = limits.orderDeadlineMs ?? DEFAULT_ORDER_DEADLINE_MS;
    if (input.deadlineMs !== undefined && (!Number.isSafeInteger(input.deadlineMs) || input.deadlineMs < 1)) {
      return this.invalid(
        clientOrderId,
        new InvalidInput(
          'deadline_ms',
          `${String(input.deadlineMs)} is not a whole number of milliseconds`,
          `1 to ${maxDeadline} (ORDER_DEADLINE_MS)`,
        ),
      );
    }
    const deadlineMs = Math.min(input.deadlineMs ?? maxDeadline, maxDeadline);
    const deadline = startedAt + deadlineMs;
    const queueLimit = limits.orderQueueLimit ?? DEFAULT_ORDER_QUEUE_LIMIT;
    if (this.waiting >= queueLimit) return this.queueFull(clientOrderId, queueLimit);

    this.waiting++;
    return this.lock.runExclusive(async () => {
      this.waiting--;
      return this.placeLocked(input, clientOrderId, deadline, startedAt);
    });
  }

  private maxDeadline(input: { deadlineMs?: number | undefined }): number {
    const max = this.deps.risk.limits.orderDeadlineMs ?? DEFAULT_ORDER_DEADLINE_MS;
    return Math.min(input.deadlineMs ?? max, max);
  }

  /** placeOrder's road once the account's mutex is held (a bracket's entry takes it too, with its own client id and caps). */
  private async placeLocked(
    input: PlaceOrderInput,
    clientOrderId: string,
    deadline: number,
    startedAt: number,
    adding?: Pick<OrderCaps, 'adding' | 'addingAlgo' | 'what'>,
  ): Promise<PlaceOrderOutcome> {
    const deadlineMs = deadline - startedAt;
    {
      await this.deps.syncExternalChanges?.();
      const earlier =
        (await this.deps.store.findOrder(this.mode, clientOrderId)) ?? (await this.legacyOrderOf(input.actionId));
      if (earlier) return this.retryOutcome(input, earlier, clientOrderId);

      let prepared: { market: Market; request: OrderRequest; adjustments: string[] };
      try {
        prepared = await this.prepare(input, clientOrderId);
      } catch (error) {
        if (error instanceof InvalidInput) return this.invalid(clientOrderId, error);
        throw error;
      }
      const { market, request, adjustments } = prepared;
      const base: Omit<PlaceOrderOutcome, 'status'> = {
        mode: this.mode,
        duplicate: false,
        clientOrderId,
        fills: [],
        adjustments,
      };
      const late = { deadlineMs, startedAt, origin: input.origin };
      if (this.deps.clock.now() > deadline) return this.expire(base, request, late, false);
      const unresolved = await this.unknownOrders.refusal(request);
      if (unresolved) return { ...base, status: 'denied', denial: unresolved };

      const priced = await this.deps.pricer.price(market, request);
      const now = this.deps.clock.now();
      if (priced.rejection) {
        // The venue's rules refuse it: journaled as rejected without spending a request on it.
        await this.deps.store.recordIntent(intentRecord(this.mode, request, now, input.origin));
        const failed = await this.submissionFailed(
          base,
          clientOrderId,
          new ExchangeRejection(priced.rejection.code, priced.rejection.msg),
        );
        return failed.rejection ? { ...failed, rejection: priced.rejection } : failed;
      }
      return this.riskLock.runExclusive(async (): Promise<PlaceOrderOutcome> => {
        const verdict = await this.deps.risk.evaluate(market, request, priced, {
          adding: adding ?? {
            adding: 1,
            addingAlgo: isStopOrderType(request.type) ? 1 : 0,
            what: `this ${request.type} order`,
          },
        });
        if (!verdict.allowed) return { ...base, status: 'denied', denial: verdict.denial };

        await this.deps.store.recordIntent(intentRecord(this.mode, request, now, input.origin));
        if (input.rationale) {
          await this.deps.store.recordDecision({
            mode: this.mode,
            time: now,
            clientOrderId,
            rationale: input.rationale.slice(0, 4000),
          });
        }
        // The last moment to give up: past it, the order is not sent.
        if (this.deps.clock.now() > deadline) return this.expire(base, request, late, true);
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
  }

  async previewOrder(input: PlaceOrderInput): Promise<OrderPreview> {
    const clientOrderId = clientOrderIdFor(input.actionId);
    const { market, request, adjustments } = await this.prepare(input, clientOrderId);
    const priced = await this.deps.pricer.price(market, request);
    const verdict = priced.rejection
      ? ({ allowed: true } as const)
      : await this.deps.risk.evaluate(market, request, priced, { dryRun: true });
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
      return {
        status: 'invalid',
        mode: this.mode,
        error: {
          field: 'order_id',
          message: 'order_id: missing (allowed: the order_id or client order id of an open order)',
        },
      };
    }
    return this.lock.runExclusive(async () => {
      await this.deps.syncExternalChanges?.();
      const journaled = input.orderId
        ? ((await this.deps.store.findOrderByOrderId(this.mode, input.orderId)) ??
          (await this.deps.store.findOrder(this.mode, input.orderId)))
        : await this.deps.store.findOrder(this.mode, input.clientOrderId!);
      if (journaled && journaled.symbol !== symbol) {
        return {
          status: 'invalid',
          mode: this.mode,
          error: {
            field: 'symbol',
            message: `symbol: order ${input.orderId ?? input.clientOrderId} is on ${journaled.symbol}, not ${symbol} (allowed: ${journaled.symbol})`,
          },
        };
      }
      const ref = journaled?.orderId
        ? { orderId: journaled.orderId }
        : input.orderId
          ? { orderId: input.orderId }
          : { clientOrderId: input.clientOrderId! };
      let order: Order;
      try {
        order = await this.deps.broker.cancelOrder(symbol, ref);
      } catch (error) {
        if (error instanceof ExchangeRejection) {
          const explanation = journaled ? explainCancelRejection(journaled) : undefined;
          return {
            status: 'rejected',
            mode: this.mode,
            rejection: { code: error.code, msg: error.message, ...(explanation ? { explanation } : {}) },
            ...(journaled ? { order: journaled } : {}),
          };
        }
        throw error;
      }
      await this.journalAnswer(order, []);
      await this.deps.store.audit({
        mode: this.mode,
        time: this.deps.clock.now(),
        actor: input.origin,
        action: 'cancel_order',
        detail: { symbol, ...ref },
      });
      const record = await this.deps.store.findOrder(this.mode, order.clientOrderId);
      return { status: 'canceled', mode: this.mode, ...(record ? { order: record } : {}) };
    });
  }

  /**
   * Binance's cancelReplace (replace-order.ts): the new order takes placeOrder's road (deadline, queue,
   * risk, journal, idempotency by action id) and the cancel's outcome is journaled on the old order.
   */
  async replaceOrder(input: ReplaceOrderInput): Promise<ReplaceOrderOutcome> {
    const clientOrderId = clientOrderIdFor(input.actionId);
    const startedAt = this.deps.clock.now();
    const replaceMode = input.replaceMode ?? 'STOP_ON_FAILURE';
    const refused = (outcome: PlaceOrderOutcome): ReplaceOrderOutcome => ({
      ...outcome,
      replaceMode,
      canceled: { status: 'not_attempted' },
    });
    if (input.deadlineMs !== undefined && (!Number.isSafeInteger(input.deadlineMs) || input.deadlineMs < 1))
      return refused(
        this.invalid(
          clientOrderId,
          new InvalidInput(
            'deadline_ms',
            `${String(input.deadlineMs)} is not a whole number of milliseconds`,
            `1 to ${this.maxDeadline({})} (ORDER_DEADLINE_MS)`,
          ),
        ),
      );
    const deadline = startedAt + this.maxDeadline(input);
    const queueLimit = this.deps.risk.limits.orderQueueLimit ?? DEFAULT_ORDER_QUEUE_LIMIT;
    if (this.waiting >= queueLimit) return refused(await this.queueFull(clientOrderId, queueLimit));
    this.waiting++;
    return this.lock.runExclusive(async () => {
      this.waiting--;
      await this.deps.syncExternalChanges?.();
      return this.replaces.replaceLocked(input, clientOrderId, deadline, startedAt);
    });
  }

  /** An OCO on the one road (order-lists.ts); idempotent by action id like placeOrder. */
  async placeOco(input: PlaceOcoInput): Promise<OrderListOutcome> {
    const listClientOrderId = clientOrderIdFor(input.actionId);
    const startedAt = this.deps.clock.now();
    return this.lock.runExclusive(async () => {
      await this.deps.syncExternalChanges?.();
      return this.road.placeOcoLocked(input, listClientOrderId, { startedAt });
    });
  }

  /** A bracket (brackets.ts): its entry on placeOrder's road, then an OCO for each fill. */
  async placeBracket(input: PlaceBracketInput): Promise<OrderListOutcome> {
    const bracketId = clientOrderIdFor(input.actionId);
    return this.lock.runExclusive(async () => {
      await this.deps.syncExternalChanges?.();
      return this.brackets.placeLocked(input, bracketId);
    });
  }

  async cancelOrderList(input: CancelOrderListInput): Promise<CancelOrderListOutcome> {
    return this.lock.runExclusive(async () => {
      await this.deps.syncExternalChanges?.();
      const found = await this.road.findForCancel(input);
      if ('status' in found && !('kind' in found)) return found;
      const list = found as OrderListRecord;
      if (list.kind === 'BRACKET') return this.brackets.cancelLocked(list, input.origin);
      if (list.parentListClientOrderId !== undefined) {
        const outcome = await this.road.cancelOcoLocked(list, input.origin);
        // The bracket protects that quantity again unless the bracket itself is canceled: say so.
        return {
          ...outcome,
          note: `this OCO protects part of bracket ${list.parentListClientOrderId}, which places a new one for it; cancel the bracket (order_list_id ${list.parentListClientOrderId}) to stop protecting`,
        };
      }
      return this.road.cancelOcoLocked(list, input.origin);
    });
  }

  orderLists(query: {
    symbol?: string | undefined;
    openOnly?: boolean | undefined;
    limit?: number | undefined;
  }): Promise<OrderListView[]> {
    return this.road.views(query);
  }

  /**
   * At start, before any call: open lists are looked up on the venue (those sent without an answer too), and every
   * bracket still working gets the OCOs its journaled fills need (the same path in paper and live).
   */
  async recover(): Promise<void> {
    await this.lock.runExclusive(async () => {
      await this.road.reconcileOpen();
      await this.brackets.recover();
    });
  }

  orders(query: {
    symbol?: string;
    clientOrderId?: string;
    openOnly?: boolean;
    limit?: number;
  }): Promise<OrderRecord[]> {
    return this.deps.store.listOrders({ mode: this.mode, ...query });
  }

  tradeHistory(query: { symbol?: string; clientOrderId?: string; limit?: number }): Promise<Fill[]> {
    return this.deps.store.listFills({ mode: this.mode, ...query });
  }

  async account(): Promise<AccountState> {
    await this.lock.runExclusive(async () => this.deps.syncExternalChanges?.());
    return this.deps.accounts.account();
  }

  riskStatus(): Promise<RiskStatus> {
    return this.deps.risk.status();
  }

  /** placeOrder calls waiting for the account right now (at most ORDER_QUEUE_LIMIT). */
  get queuedOrders(): number {
    return this.waiting;
  }

  /** Resolves when every order and journal write queued so far has finished. */
  async settled(): Promise<void> {
    await this.lock.runExclusive(async () => undefined);
  }

  /** Waits for the work in flight, then stops listening to the broker. */
  async close(): Promise<void> {
    await this.settled();
    for (const unsubscribe of this.unsubscribe) unsubscribe();
  }

  /** Validates and rounds the caller's order; `anyStatus` also takes a market that is not TRADING (to compare a retry with its first order). */
  private async prepare(input: PlaceOrderInput, clientOrderId: string, anyStatus = false) {
    const market = await tradableMarket(this.deps.marketData, input.symbol, anyStatus);
    const raw = orderRequestFrom(input, market, clientOrderId);
    const rounded = roundOrderToFilters(market, raw);
    return { market, request: rounded.request, adjustments: rounded.adjustments };
  }

  /** The order and its fills are journaled even when the balance read after them fails; the balances catch up at the next execution. */
  private async journal(order: OrderUpdate['order'], fills: Fill[]): Promise<void> {
    const balances = await this.deps.broker.balances().catch((error: unknown) => {
      this.deps.logger.warn(
        { err: error, clientOrderId: order.clientOrderId },
        'balances unavailable after an execution: journaling the order and its fills without them',
      );
      return undefined;
    });
    await this.deps.store.recordExecution({ mode: this.mode, order, fills, ...(balances ? { balances } : {}) });
    await this.deps.accounts.recordFills(fills);
  }

  /** Journals what the venue answered to a call (and why, when the server ended the order); a failure is logged, never turned into a failed call (reconciliation recovers it). */
  private async journalAnswer(order: Order, fills: Fill[], reason?: string): Promise<void> {
    try {
      await this.journal(order, fills);
      if (reason !== undefined)
        await this.deps.store.markOrder(this.mode, order.clientOrderId, order.status, reason, this.deps.clock.now());
    } catch (error) {
      this.deps.logger.error(
        { err: error, clientOrderId: order.clientOrderId },
        "could not journal the venue's answer; reconciliation at next start will recover it",
      );
    }
  }

  /**
   * Fills and status changes that happen after placement (resting orders, stops) take the same lock.
   * A fill moves equity, so the daily-loss breaker looks again right after it.
   */
  private async journalUpdate(update: OrderUpdate): Promise<void> {
    try {
      await this.lock.runExclusive(async () => {
        if (update.list) await this.road.journalList(update.list, update.fills);
        else await this.journal(update.order, update.fills);
        await this.brackets.afterUpdate(update.order, update.list);
        if (update.reason !== undefined)
          await this.deps.store.markOrder(
            this.mode,
            update.order.clientOrderId,
            update.order.status,
            update.reason,
            this.deps.clock.now(),
          );
      });
      if (update.fills.length > 0) await this.deps.risk.observe(this.deps.clock.now());
    } catch (error) {
      this.deps.logger.error(
        { err: error, clientOrderId: update.order.clientOrderId },
        'could not journal an order update; reconciliation at next start will recover it',
      );
    }
  }

  /** The execution guard the simulated venue asks before a resting or triggered order executes (see ExecutionGuard). */
  private async reviewExecution(order: Order): Promise<string | null> {
    return this.riskLock.runExclusive(async () => {
      const market = await this.deps.marketData.market(order.symbol);
      const verdict = await this.deps.risk.review(market, order);
      return verdict.allowed
        ? null
        : `refused by the risk limits before executing: ${verdict.denial.code} ${verdict.denial.message}`;
    });
  }

  /**
   * At the daily-loss breaker's trip, with BREAKER_OPEN_ORDERS=cancel (the default): every open order
   * that adds exposure (a BUY of anything but cash, a SELL into a non-cash asset) is canceled and
   * journaled with the reason; orders into USD or a stablecoin (protective stops) stay.
   */
  private async cancelAtTrip(reason: string): Promise<void> {
    if ((this.deps.risk.limits.breakerOpenOrders ?? 'cancel') !== 'cancel') return;
    await this.lock.runExclusive(async () => {
      const open = await this.deps.broker.openOrders().catch((error: unknown) => {
        this.deps.logger.error(
          { err: error },
          'the breaker tripped but the open orders could not be listed to cancel them',
        );
        return [] as Order[];
      });
      for (const order of open) {
        try {
          const market = await this.deps.marketData.market(order.symbol);
          if (!addsExposure(openOrderFlow(order, market))) continue;
          const canceled = await this.deps.broker.cancelOrder(order.symbol, { orderId: order.orderId });
          const why = `canceled by the server because the daily-loss breaker tripped (BREAKER_OPEN_ORDERS=cancel cancels open orders that add exposure): ${reason}`;
          await this.journalAnswer(canceled, [], why);
          await this.deps.store.recordRiskEvent({
            mode: this.mode,
            time: this.deps.clock.now(),
            kind: 'breaker_canceled_order',
            code: 'BREAKER_CANCELED_ORDER',
            message: `${order.side} ${order.symbol} order ${order.clientOrderId} ${why}`,
            detail: {
              clientOrderId: order.clientOrderId,
              orderId: order.orderId,
              symbol: order.symbol,
              side: order.side,
            },
          });
        } catch (error) {
          this.deps.logger.error(
            { err: error, clientOrderId: order.clientOrderId },
            'the breaker tripped but an open order that adds exposure could not be canceled',
          );
        }
      }
    });
  }

  private async submissionFailed(
    base: Omit<PlaceOrderOutcome, 'status'>,
    clientOrderId: string,
    error: unknown,
  ): Promise<PlaceOrderOutcome> {
    const now = this.deps.clock.now();
    if (error instanceof ExchangeRejection) {
      await this.deps.store.markOrder(this.mode, clientOrderId, 'REJECTED', `${error.code} ${error.message}`, now);
      const order = await this.deps.store.findOrder(this.mode, clientOrderId);
      return {
        ...base,
        status: 'rejected',
        rejection: { code: error.code, msg: error.message },
        ...(order ? { order } : {}),
      };
    }
    const reason =
      error instanceof OrderOutcomeUnknown ? error.message : `submission failed: ${(error as Error).message}`;
    await this.deps.store.markOrder(this.mode, clientOrderId, 'UNKNOWN', reason, now);
    this.deps.logger.warn({ clientOrderId, reason }, 'order outcome unknown; it will be looked up by client order id');
    const order = await this.deps.store.findOrder(this.mode, clientOrderId);
    return { ...base, status: 'unknown', ...(order ? { order } : {}) };
  }

  /** A repeated action id: the same order is a retry and gets the first outcome; a different one is refused, naming the first. */
  /**
   * Builds before the namespaced ids journaled an action under its raw action id: a retry of such an
   * order must find it, not place it again. Orders the venue reported on its own never count.
   */
  private async legacyOrderOf(actionId: string | undefined): Promise<OrderRecord | undefined> {
    const legacyId = legacyClientOrderIdFor(actionId);
    if (legacyId === undefined) return undefined;
    const order = await this.deps.store.findOrder(this.mode, legacyId);
    return order && order.origin !== 'venue' ? order : undefined;
  }

  private async retryOutcome(
    input: PlaceOrderInput,
    earlier: OrderRecord,
    clientOrderId: string,
  ): Promise<PlaceOrderOutcome> {
    let request: OrderRequest;
    try {
      request = (await this.prepare(input, clientOrderId, true)).request;
    } catch (error) {
      if (error instanceof InvalidInput) return this.invalid(clientOrderId, error);
      throw error;
    }
    const differs = differenceFrom(earlier, request);
    if (differs.length > 0) {
      return this.invalid(
        clientOrderId,
        new InvalidInput(
          'action_id',
          `"${input.actionId}" was already used for ${describeJournaled(earlier)}; this order differs in ${differs.join(', ')}, so it is not a retry and nothing was placed`,
          'the same order again to retry it (its first outcome is returned), or a new action_id for a different order',
        ),
      );
    }
    return this.repeatOutcome(earlier);
  }

  /** The first outcome of an order, with the status the journal has now. */
  private async repeatOutcome(order: OrderRecord): Promise<PlaceOrderOutcome> {
    const fills = order.orderId
      ? await this.deps.store.listFills({ mode: this.mode, clientOrderId: order.clientOrderId, limit: 1000 })
      : [];
    return repeatedOutcome(this.mode, order, fills);
  }

  /** The deadline passed before the order was sent: it is journaled EXPIRED and not sent. */
  private async expire(
    base: Omit<PlaceOrderOutcome, 'status'>,
    request: OrderRequest,
    late: { deadlineMs: number; startedAt: number; origin: string },
    journaled: boolean,
  ): Promise<PlaceOrderOutcome> {
    const now = this.deps.clock.now();
    const reason = `not sent: its deadline of ${late.deadlineMs} ms passed after ${now - late.startedAt} ms waiting for the account; nothing was executed (place it again with a new action_id if it is still wanted)`;
    if (!journaled) await this.deps.store.recordIntent(intentRecord(this.mode, request, now, late.origin));
    await this.deps.store.markOrder(this.mode, request.clientOrderId, 'EXPIRED', reason, now);
    await this.deps.store.recordRiskEvent({
      mode: this.mode,
      time: now,
      kind: 'order_expired',
      code: 'ORDER_DEADLINE_PASSED',
      message: `${request.side} ${request.symbol} order ${request.clientOrderId} ${reason}`,
      detail: { clientOrderId: request.clientOrderId, deadlineMs: late.deadlineMs, waitedMs: now - late.startedAt },
    });
    this.deps.logger.warn(
      { clientOrderId: request.clientOrderId, deadlineMs: late.deadlineMs },
      'order deadline passed before sending: not sent',
    );
    const order = await this.deps.store.findOrder(this.mode, request.clientOrderId);
    return { ...base, status: 'expired', reason, ...(order ? { order } : {}) };
  }

  /** ORDER_QUEUE_LIMIT orders already wait for this account: refused at once, journaled as a risk event. */
  private async queueFull(clientOrderId: string, limit: number): Promise<PlaceOrderOutcome> {
    const now = this.deps.clock.now();
    const denial = {
      code: 'ORDER_QUEUE_FULL',
      message: `${LIMIT_NAMES.orderQueueLimit} is ${limit}; ${this.waiting} orders are already waiting for this account, so this one is refused at once and nothing was placed (retry later, with the same action_id)`,
      limit: LIMIT_NAMES.orderQueueLimit,
      limitValue: String(limit),
      attempted: String(this.waiting + 1),
    };
    await this.deps.store.recordRiskEvent({
      mode: this.mode,
      time: now,
      kind: 'denied',
      code: denial.code,
      message: denial.message,
      detail: { clientOrderId },
    });
    return { status: 'denied', mode: this.mode, duplicate: false, clientOrderId, fills: [], adjustments: [], denial };
  }

  private invalid(clientOrderId: string, error: InvalidInput): PlaceOrderOutcome {
    return {
      status: 'invalid',
      mode: this.mode,
      duplicate: false,
      clientOrderId,
      fills: [],
      adjustments: [],
      error: { field: error.field, message: error.message },
    };
  }
}

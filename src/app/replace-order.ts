import { BinanceCode, BinanceMessage, ExchangeRejection, InvalidInput, OrderOutcomeUnknown } from '../model/errors.js';
import { isStopOrderType } from '../model/filters.js';
import type { Market } from '../model/market.js';
import { Big, str } from '../model/money.js';
import type { OrderRequest } from '../model/order.js';
import type { CancelReplaceResult } from '../ports/broker.js';
import type { OrderRecord } from '../ports/order-journal.js';
import type {
  PlaceOrderInput,
  PlaceOrderOutcome,
  ReplacedOrder,
  ReplaceMode,
  ReplaceOrderInput,
  ReplaceOrderOutcome,
} from './api.js';
import { intentRecord } from './order-intent.js';
import type { RoadParts } from './road-parts.js';
import type { UnknownOrderGuard } from './unknown-order-guard.js';

/** What the replace road needs beside the shared parts: the steps of placeOrder's road. */
export interface ReplaceRoadParts extends RoadParts {
  unknownOrders: UnknownOrderGuard;
  prepare(
    input: PlaceOrderInput,
    clientOrderId: string,
  ): Promise<{ market: Market; request: OrderRequest; adjustments: string[] }>;
  /** placeOrder's answer to a repeated action id (the first outcome, or a refusal naming the first order). */
  retryOutcome(input: PlaceOrderInput, earlier: OrderRecord, clientOrderId: string): Promise<PlaceOrderOutcome>;
  /** The journaled order under this action id, if any (namespaced or legacy id). */
  earlierOrder(input: PlaceOrderInput, clientOrderId: string): Promise<OrderRecord | undefined>;
  expire(
    base: Omit<PlaceOrderOutcome, 'status'>,
    request: OrderRequest,
    late: { deadlineMs: number; startedAt: number; origin: string },
    journaled: boolean,
  ): Promise<PlaceOrderOutcome>;
}

const NOT_ATTEMPTED: ReplacedOrder = { status: 'not_attempted' };

/**
 * Binance's cancelReplace on the one road, called under the account's mutex. The new order goes the
 * way of any order (validated, rounded, priced, risk-checked, journaled PENDING before it is sent,
 * idempotent by action id); the order to cancel must be an open order of this journal that is no
 * leg of an order list or entry of a bracket (canceling a leg cancels its whole list on Binance.US).
 *
 * Risk: with STOP_ON_FAILURE on an order still NEW, the request carries cancelRestrictions=ONLY_NEW,
 * so the new order is placed only if the old one was canceled with nothing filled; its exposure is
 * then released in the check, exactly. Otherwise (ALLOW_FAILURE: both may stay open; a partly filled
 * order: it may fill more before the cancel) both orders are counted.
 */
export class ReplaceRoad {
  constructor(private readonly parts: ReplaceRoadParts) {}

  async replaceLocked(
    request: ReplaceOrderInput,
    clientOrderId: string,
    deadline: number,
    startedAt: number,
  ): Promise<ReplaceOrderOutcome> {
    const { mode, store, clock } = this.parts;
    const replaceMode: ReplaceMode = request.replaceMode ?? 'STOP_ON_FAILURE';
    const base = { mode, duplicate: false, clientOrderId, fills: [], adjustments: [], replaceMode };
    const invalid = (field: string, message: string): ReplaceOrderOutcome => ({
      ...base,
      status: 'invalid',
      canceled: NOT_ATTEMPTED,
      error: { field, message: `${field}: ${message}` },
    });
    const ref = request.cancelOrderId ?? request.cancelClientOrderId;
    if (ref === undefined)
      return invalid('order_id', 'missing (allowed: the order_id or action_id of the open order to replace)');
    const target = await this.target(request);
    const earlier = await this.parts.earlierOrder({ ...request, side: 'BUY', orderType: 'LIMIT' }, clientOrderId);
    // A retry is compared with the first new order: what it leaves out is taken from that order.
    const input = earlier ? newOrderOf(request, earlier, earlier.origQty) : newOrderOf(request, target);
    if (earlier) {
      const first = await this.parts.retryOutcome(input, earlier, clientOrderId);
      return { ...first, replaceMode, canceled: first.duplicate && target ? this.asNow(target) : NOT_ATTEMPTED };
    }

    const symbol = String(input.symbol ?? '').toUpperCase();
    if (!target)
      return invalid('order_id', `no ${mode} order ${ref} in the journal (allowed: an open order from get_orders)`);
    if (target.symbol !== symbol)
      return invalid('symbol', `order ${ref} is on ${target.symbol}, not ${symbol} (allowed: ${target.symbol})`);
    if (target.status !== 'NEW' && target.status !== 'PARTIALLY_FILLED')
      return invalid(
        'order_id',
        `order ${ref} is ${target.status}: only an open order (NEW or PARTIALLY_FILLED) can be replaced (place a new order with place_order instead)`,
      );
    if (target.orderListId !== undefined)
      return invalid(
        'order_id',
        `order ${ref} is a leg of order list ${target.orderListId}: on Binance.US canceling one leg cancels the whole list, so it is not replaced (cancel the list with cancel_order_list, then place a new OCO)`,
      );
    const [bracket] = await this.parts.lists.listLists({ mode, entryClientOrderId: target.clientOrderId, limit: 1 });
    if (bracket)
      return invalid(
        'order_id',
        `order ${ref} is the entry of bracket ${bracket.listClientOrderId}, whose protection follows that order's fills; it is not replaced (cancel the bracket with cancel_order_list, then place a new one)`,
      );

    let prepared: Awaited<ReturnType<ReplaceRoadParts['prepare']>>;
    try {
      prepared = await this.parts.prepare(input, clientOrderId);
    } catch (error) {
      if (error instanceof InvalidInput)
        return {
          ...base,
          status: 'invalid',
          canceled: NOT_ATTEMPTED,
          error: { field: error.field, message: error.message },
        };
      throw error;
    }
    const { market, request: order, adjustments } = prepared;
    const withAdjustments = { ...base, adjustments };
    const late = { deadlineMs: deadline - startedAt, startedAt, origin: input.origin };
    const expired = async (journaled: boolean): Promise<ReplaceOrderOutcome> => ({
      ...(await this.parts.expire(withAdjustments, order, late, journaled)),
      replaceMode,
      canceled: NOT_ATTEMPTED,
    });
    if (clock.now() > deadline) return expired(false);
    const unresolved = await this.parts.unknownOrders.refusal(order);
    if (unresolved) return { ...withAdjustments, status: 'denied', denial: unresolved, canceled: NOT_ATTEMPTED };

    const priced = await this.parts.pricer.price(market, order);
    const now = clock.now();
    if (priced.rejection) {
      // "Filters are evaluated before the cancel order is placed": refused here, nothing is sent.
      await store.recordIntent(intentRecord(this.parts.mode, order, now, input.origin));
      await store.markOrder(mode, clientOrderId, 'REJECTED', `${priced.rejection.code} ${priced.rejection.msg}`, now);
      return this.ended(withAdjustments, 'rejected', NOT_ATTEMPTED, { rejection: priced.rejection });
    }
    const exact = replaceMode === 'STOP_ON_FAILURE' && target.status === 'NEW';
    return this.parts.riskLock.runExclusive(async (): Promise<ReplaceOrderOutcome> => {
      const verdict = await this.parts.risk.evaluate(market, order, priced, {
        adding: { adding: 1, addingAlgo: isStopOrderType(order.type) ? 1 : 0, what: `this ${order.type} order` },
        ...(exact ? { releasing: target.clientOrderId } : {}),
      });
      if (!verdict.allowed)
        return { ...withAdjustments, status: 'denied', denial: verdict.denial, canceled: NOT_ATTEMPTED };

      await store.recordIntent(intentRecord(this.parts.mode, order, now, input.origin));
      if (input.rationale)
        await store.recordDecision({ mode, time: now, clientOrderId, rationale: input.rationale.slice(0, 4000) });
      if (clock.now() > deadline) return expired(true);
      this.parts.risk.recordOrder(now);

      let result: CancelReplaceResult;
      try {
        result = await this.parts.broker.cancelReplace({
          symbol,
          cancel: target.orderId !== null ? { orderId: target.orderId } : { clientOrderId: target.clientOrderId },
          mode: replaceMode,
          ...(exact ? { cancelRestrictions: 'ONLY_NEW' as const } : {}),
          order,
        });
      } catch (error) {
        return this.failed(withAdjustments, target, error);
      }
      return this.answered(withAdjustments, target, result, input.origin);
    });
  }

  /** The venue answered both halves (or said why the new order was not attempted). */
  private async answered(
    base: Omit<ReplaceOrderOutcome, 'status' | 'canceled'>,
    target: OrderRecord,
    result: CancelReplaceResult,
    origin: string,
  ): Promise<ReplaceOrderOutcome> {
    const { mode, store, clock } = this.parts;
    let canceled: ReplacedOrder;
    if (result.cancel.ok) {
      await this.parts.journal(result.cancel.order, []);
      canceled = this.asNow((await store.findOrder(mode, target.clientOrderId)) ?? target);
    } else {
      const { code, message } = result.cancel.error;
      canceled = { status: 'rejected', order: target, rejection: { code, msg: message } };
    }
    await store.audit({
      mode,
      time: clock.now(),
      actor: origin,
      action: 'replace_order',
      detail: {
        symbol: target.symbol,
        replaced: target.clientOrderId,
        clientOrderId: base.clientOrderId,
        replaceMode: base.replaceMode,
        cancel: result.cancel.ok ? 'SUCCESS' : `${result.cancel.error.code} ${result.cancel.error.message}`,
        newOrder: result.placed === undefined ? 'NOT_ATTEMPTED' : result.placed.ok ? 'SUCCESS' : 'FAILURE',
      },
    });
    const placed = result.placed;
    if (placed === undefined) {
      const cancelError = result.cancel.ok ? undefined : result.cancel.error;
      const why = `${BinanceCode.CANCEL_REPLACE_FAILED} ${BinanceMessage.CANCEL_REPLACE_FAILED} The cancel of order ${target.orderId ?? target.clientOrderId} failed (${cancelError?.code} ${cancelError?.message}), so with STOP_ON_FAILURE the new order was not attempted`;
      await store.markOrder(mode, base.clientOrderId, 'REJECTED', why, clock.now());
      return this.ended(base, 'rejected', canceled, {
        rejection: { code: BinanceCode.CANCEL_REPLACE_FAILED, msg: why.replace(/^-\d+ /, '') },
      });
    }
    if (!placed.ok) {
      const { code, message } = placed.error;
      await store.markOrder(mode, base.clientOrderId, 'REJECTED', `${code} ${message}`, clock.now());
      return this.ended(base, 'rejected', canceled, { rejection: { code, msg: message } });
    }
    // The venue answered: whatever happens while journaling it, the new order is placed, never 'unknown'.
    await this.parts.journal(placed.result.order, placed.result.fills);
    const order = await store.findOrder(mode, base.clientOrderId);
    return { ...base, status: 'placed', ...(order ? { order } : {}), fills: placed.result.fills, canceled };
  }

  /**
   * No answer (or a refusal of the whole request): a rejection ends the new order; a lost answer
   * leaves both halves unknown. The live broker looks the new order up by its client id until it
   * shows or is proved absent (never sent again); the old order's state comes with the venue's updates.
   */
  private async failed(
    base: Omit<ReplaceOrderOutcome, 'status' | 'canceled'>,
    target: OrderRecord,
    error: unknown,
  ): Promise<ReplaceOrderOutcome> {
    const { mode, store, clock, logger } = this.parts;
    const now = clock.now();
    if (error instanceof ExchangeRejection) {
      await store.markOrder(mode, base.clientOrderId, 'REJECTED', `${error.code} ${error.message}`, now);
      return this.ended(base, 'rejected', NOT_ATTEMPTED, { rejection: { code: error.code, msg: error.message } });
    }
    this.parts.unknownOrders.follow(error);
    const reason =
      error instanceof OrderOutcomeUnknown ? error.message : `submission failed: ${(error as Error).message}`;
    await store.markOrder(mode, base.clientOrderId, 'UNKNOWN', reason, now);
    logger.warn(
      { clientOrderId: base.clientOrderId, replaced: target.clientOrderId, reason },
      'cancel-replace outcome unknown; the new order is looked up by client order id, never sent again',
    );
    const order = await store.findOrder(mode, base.clientOrderId);
    return {
      ...base,
      status: 'unknown',
      reason,
      ...(order ? { order } : {}),
      canceled: { status: 'unknown', order: (await store.findOrder(mode, target.clientOrderId)) ?? target },
    };
  }

  private async ended(
    base: Omit<ReplaceOrderOutcome, 'status' | 'canceled'>,
    status: 'rejected',
    canceled: ReplacedOrder,
    extra: Pick<ReplaceOrderOutcome, 'rejection'>,
  ): Promise<ReplaceOrderOutcome> {
    const order = await this.parts.store.findOrder(this.parts.mode, base.clientOrderId);
    return { ...base, status, ...extra, ...(order ? { order } : {}), canceled };
  }

  /** The order to cancel, as journaled: by venue id (or a client id given as order_id), or by client id. */
  private async target(input: ReplaceOrderInput): Promise<OrderRecord | undefined> {
    const { mode, store } = this.parts;
    if (input.cancelOrderId !== undefined)
      return (
        (await store.findOrderByOrderId(mode, input.cancelOrderId)) ??
        (await store.findOrder(mode, input.cancelOrderId))
      );
    return input.cancelClientOrderId !== undefined ? store.findOrder(mode, input.cancelClientOrderId) : undefined;
  }

  /** The order to cancel as the journal has it now (a retry reports it so). */
  private asNow(order: OrderRecord): ReplacedOrder {
    return order.status === 'CANCELED'
      ? { status: 'canceled', order }
      : order.status === 'NEW' || order.status === 'PARTIALLY_FILLED'
        ? { status: 'rejected', order }
        : { status: order.status === 'UNKNOWN' || order.status === 'PENDING' ? 'unknown' : 'rejected', order };
  }
}

/** The new order as placeOrder's road takes it: what the caller left out is the old order's (see ReplaceOrderInput). */
function newOrderOf(
  input: ReplaceOrderInput,
  old: OrderRecord | undefined,
  quantity = old ? str(new Big(old.origQty).minus(old.executedQty)) : undefined,
): PlaceOrderInput {
  const given = <T>(value: T | undefined, fallback: T | undefined): T | undefined => value ?? fallback;
  const sameType = input.orderType === undefined || input.orderType === old?.type;
  return {
    ...input,
    side: input.side ?? old?.side ?? 'BUY',
    orderType: input.orderType ?? old?.type ?? 'LIMIT',
    quantity: input.quoteQuantity !== undefined ? input.quantity : given(input.quantity, quantity),
    price: sameType ? given(input.price, positive(old?.price)) : input.price,
    stopPrice: sameType ? given(input.stopPrice, positive(old?.stopPrice)) : input.stopPrice,
    timeInForce: sameType ? given(input.timeInForce, old?.timeInForce) : input.timeInForce,
    trailingDelta: sameType ? given(input.trailingDelta, old?.trailingDelta) : input.trailingDelta,
  };
}

function positive(value: string | undefined): string | undefined {
  return value !== undefined && new Big(value).gt(0) ? value : undefined;
}

import type { PlaceOrderInput, PlaceOrderOutcome, ReplaceOrderInput, ReplaceOrderOutcome } from '../app/api.js';
import type { Decimal } from '../model/money.js';
import type { Side, TimeInForce } from '../model/order.js';
import type { REQUESTED_ORDER_TYPES } from './schemas.js';

export interface OrderArgs {
  symbol: string;
  side: Side;
  order_type: (typeof REQUESTED_ORDER_TYPES)[number];
  quantity?: Decimal | undefined;
  quote_quantity?: Decimal | undefined;
  price?: Decimal | undefined;
  stop_price?: Decimal | undefined;
  time_in_force?: TimeInForce | undefined;
  action_id?: string | undefined;
  rationale?: string | undefined;
  deadline_ms?: number | undefined;
  trailing_delta?: number | undefined;
}

/** The fields an order's arguments and a replacement's share, in the desk's words. */
function orderFields(args: Omit<OrderArgs, 'side' | 'order_type'>, origin: string) {
  return {
    symbol: args.symbol,
    quantity: args.quantity,
    quoteQuantity: args.quote_quantity,
    price: args.price,
    stopPrice: args.stop_price,
    timeInForce: args.time_in_force,
    trailingDelta: args.trailing_delta,
    actionId: args.action_id,
    rationale: args.rationale,
    deadlineMs: args.deadline_ms,
    origin,
  };
}

export function toPlaceOrderInput(args: OrderArgs, origin: string): PlaceOrderInput {
  return { ...orderFields(args, origin), side: args.side, orderType: args.order_type };
}

/** replace_order's and the REST replace_order action's arguments: what is left out is the old order's. */
export interface ReplaceArgs extends Omit<OrderArgs, 'side' | 'order_type'> {
  side?: OrderArgs['side'] | undefined;
  order_type?: OrderArgs['order_type'] | undefined;
  /** The open order to cancel (its venue id, or its client order id). */
  order_id: string;
  /** Binance's cancelReplaceMode ALLOW_FAILURE: the new order is placed even if the cancel fails. */
  allow_failure?: boolean | undefined;
}

export function toReplaceOrderInput(args: ReplaceArgs, origin: string): ReplaceOrderInput {
  return {
    ...orderFields(args, origin),
    side: args.side,
    orderType: args.order_type,
    cancelOrderId: args.order_id,
    replaceMode: args.allow_failure === true ? 'ALLOW_FAILURE' : 'STOP_ON_FAILURE',
  };
}

/** One line for a cancel-replace: what happened to the old order, then to the new one. */
export function describeReplace(outcome: ReplaceOrderOutcome): string {
  const c = outcome.canceled;
  const old = c.order ? `order ${c.order.orderId ?? c.order.clientOrderId}` : 'the old order';
  const cancel =
    c.status === 'canceled'
      ? `canceled ${old}`
      : c.status === 'rejected'
        ? `${old} was not canceled${c.rejection ? ` (${c.rejection.code} ${c.rejection.msg})` : ''}`
        : c.status === 'unknown'
          ? `the cancel of ${old} is unknown (the answer was lost; its state comes with the venue's updates)`
          : 'nothing was canceled';
  const placed = describeOutcome(outcome).replace(/^[A-Z]+: /, '');
  return `${outcome.mode.toUpperCase()} ${outcome.replaceMode}: ${cancel}; new order: ${placed}`;
}

/** One line saying what happened to an order, for people and models. */
export function describeOutcome(outcome: PlaceOrderOutcome): string {
  const mode = outcome.mode.toUpperCase();
  const again = outcome.duplicate ? ' (repeated action_id: this is the first outcome, nothing new was placed)' : '';
  switch (outcome.status) {
    case 'placed': {
      const o = outcome.order;
      const what = o
        ? `${o.side} ${o.origQty} ${o.symbol} ${o.type}, status ${o.status}, executed ${o.executedQty} for ${o.cummulativeQuoteQty}`
        : 'order';
      return `${mode}: placed ${what}${again}`;
    }
    case 'denied':
      return `${mode}: denied by the risk limits: ${outcome.denial?.code} ${outcome.denial?.message ?? ''}${again}`;
    case 'rejected':
      return `${mode}: rejected by the exchange: ${outcome.rejection?.msg ?? ''} (code ${outcome.rejection?.code})${outcome.rejection?.explanation ? `. ${outcome.rejection.explanation}` : ''}${again}`;
    case 'unknown':
      return `${mode}: the outcome is unknown (the venue's answer was lost; it is being looked up and is never sent again); check get_orders, retry only with the same action_id, never under a new one: it may have executed${again}`;
    case 'invalid':
      return `${mode}: invalid ${outcome.error?.field}: ${outcome.error?.message}`;
    case 'expired':
      return `${mode}: expired, not sent: ${outcome.reason ?? 'nothing was executed'}${again}`;
  }
}

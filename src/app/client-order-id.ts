import { createHash, randomBytes } from 'node:crypto';
import type { Decimal } from '../model/money.js';
import type { OrderRequest } from '../model/order.js';
import type { Fill } from '../model/fill.js';
import type { OrderRecord, TradingMode } from '../ports/store.js';
import type { PlaceOrderOutcome } from './api.js';
import { compareDecimal } from '../risk/decimal-compare.js';

const BINANCE_CLIENT_ID = /^[A-Za-z0-9_-]{1,36}$/;
/** `bma-` + at most 32 characters fills Binance's 36. */
const READABLE_MAX = 32;

/**
 * The client order id of a caller's action id, so a retried action finds the first order. Every id
 * the server makes sits in its own namespace: `bma-` + the action id itself when it is a valid
 * Binance id of at most 32 characters, `bmh-` + SHA-256 of the action id otherwise, `bm-` + random
 * hex when there is no action id. Two action ids never share a client id, an action id can never
 * name the id made for another one (an action id "bmh-…" becomes "bma-bmh-…"), and ids that other
 * software gives orders (Binance.US's own apps use other prefixes) are never taken for an action.
 */
export function clientOrderIdFor(actionId: string | undefined): string {
  if (actionId === undefined) return `bm-${randomBytes(12).toString('hex')}`;
  if (actionId.length <= READABLE_MAX && BINANCE_CLIENT_ID.test(actionId)) return `bma-${actionId}`;
  return `bmh-${createHash('sha256').update(actionId).digest('hex').slice(0, 32)}`;
}

/** The client order id builds before 0.2 gave an action id (the action id itself when valid for Binance), if any. */
export function legacyClientOrderIdFor(actionId: string | undefined): string | undefined {
  if (actionId === undefined || !BINANCE_CLIENT_ID.test(actionId) || /^bm[ah]?-/.test(actionId)) return undefined;
  return actionId;
}

/** A journaled order in one line, for telling a caller which order an action id already names. */
export function describeJournaled(order: OrderRecord): string {
  const amount = order.origQuoteOrderQty !== undefined ? `${order.origQuoteOrderQty} (quote amount) of` : order.origQty;
  const price = present(order.price) ? ` at ${order.price}` : '';
  const stop = present(order.stopPrice) ? ` stop ${order.stopPrice}` : '';
  const id = order.orderId !== null ? `order ${order.orderId}, ` : '';
  return `${order.side} ${amount} ${order.symbol} ${order.type}${price}${stop} (${id}client order id ${order.clientOrderId}, ${order.status}, executed ${order.executedQty}, ${new Date(order.createdAt).toISOString()})`;
}

/**
 * The fields (as callers name them) in which a repeated action's order differs from the order its
 * action id first placed; empty when it is the same order, i.e. a retry. Decimals compare by value;
 * a field the venue fills in on its own (time in force, a zero price of a MARKET order) counts only when both sides have it.
 */
export function differenceFrom(earlier: OrderRecord, request: OrderRequest): string[] {
  const differs: string[] = [];
  const sameDecimal = (a: string | undefined, b: string | undefined) =>
    a === undefined || b === undefined ? a === b : compareDecimal(a, b) === 0;
  if (earlier.symbol !== request.symbol) differs.push('symbol');
  if (earlier.side !== request.side) differs.push('side');
  if (earlier.type !== request.type) differs.push('order_type');
  if (request.quoteOrderQty !== undefined || earlier.origQuoteOrderQty !== undefined) {
    if (!sameDecimal(present(earlier.origQuoteOrderQty), request.quoteOrderQty)) differs.push('quote_quantity');
  } else if (!sameDecimal(earlier.origQty, request.quantity)) {
    differs.push('quantity');
  }
  if (!sameDecimal(present(earlier.price), present(request.price))) differs.push('price');
  if (!sameDecimal(present(earlier.stopPrice), present(request.stopPrice))) differs.push('stop_price');
  if (
    earlier.timeInForce !== undefined &&
    request.timeInForce !== undefined &&
    earlier.timeInForce !== request.timeInForce
  )
    differs.push('time_in_force');
  return differs;
}

/** What a repeated action id answers: the first order with the status the journal has now ('expired': it never reached the venue). */
export function repeatedOutcome(mode: TradingMode, order: OrderRecord, fills: Fill[]): PlaceOrderOutcome {
  const status: PlaceOrderOutcome['status'] =
    order.status === 'REJECTED'
      ? 'rejected'
      : order.status === 'UNKNOWN' || order.status === 'PENDING'
        ? 'unknown'
        : order.status === 'EXPIRED' && order.orderId === null
          ? 'expired'
          : 'placed';
  return {
    status,
    mode,
    duplicate: true,
    clientOrderId: order.clientOrderId,
    order,
    fills,
    adjustments: [],
    ...(status === 'rejected' && order.reason ? { rejection: rejectionFrom(order.reason) } : {}),
    ...(status === 'expired' ? { reason: neverSent(order.reason) } : {}),
  };
}

/** A journaled rejection reason ("-2010 Account has insufficient balance...") as the venue's code and message. */
export function rejectionFrom(reason: string): { code: number; msg: string } {
  const match = /^(-\d+) (.*)$/.exec(reason);
  return match ? { code: Number(match[1]), msg: match[2]! } : { code: -1000, msg: reason };
}

function neverSent(reason: string | undefined): string {
  const why = reason ?? 'the order never reached the venue';
  return /nothing was executed/.test(why) ? why : `${why}; nothing was executed`;
}

function present(value: Decimal | undefined): Decimal | undefined {
  return value !== undefined && compareDecimal(value, '0') !== 0 ? value : undefined;
}

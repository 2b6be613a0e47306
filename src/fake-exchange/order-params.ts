/** Wire -> model for POST /api/v3/order and /order/test: Binance's parameter rules per order type. */
import { BinanceCode, BinanceMessage } from '../model/errors.js';
import { isStopOrderType, STP_MODE_NOT_ALLOWED } from '../model/filters.js';
import type { OrderRequest, OrderType, Side, TimeInForce } from '../model/order.js';
import type { Params } from './params.js';
import { randomAlphanumeric } from './signing.js';
import { WireError, wireErrors } from './wire-error.js';
import type { NewOrderRespType } from './wire-format.js';

const SIDES = ['BUY', 'SELL'] as const;
const TYPES = [
  'MARKET',
  'LIMIT',
  'LIMIT_MAKER',
  'STOP_LOSS_LIMIT',
  'TAKE_PROFIT_LIMIT',
  'STOP_LOSS',
  'TAKE_PROFIT',
] as const;
/** Binance order types no Binance.US symbol lists (binance-us-api.md): refused as errors.md words it. */
const NOT_LISTED: Record<string, string> = {
  STOP_LOSS: BinanceMessage.STOP_LOSS_NOT_SUPPORTED,
  TAKE_PROFIT: BinanceMessage.TAKE_PROFIT_NOT_SUPPORTED,
};
const TIFS = ['GTC', 'IOC', 'FOK'] as const;
const RESP_TYPES = ['ACK', 'RESULT', 'FULL'] as const;
const STP_MODES = ['NONE', 'EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH'] as const;

export interface ParsedOrder {
  request: OrderRequest;
  respType: NewOrderRespType;
}

function forbid(params: Params, name: string): void {
  if (params.has(name)) throw wireErrors.notRequired(name);
}

export function parseNewOrder(params: Params): ParsedOrder {
  const symbol = params.required('symbol');
  const side = params.oneOf('side', SIDES, wireErrors.invalidSide);
  if (side === undefined) throw wireErrors.mandatory('side');
  const type = params.oneOf('type', TYPES, wireErrors.invalidType);
  if (type === undefined) throw wireErrors.mandatory('type');
  const notListed = NOT_LISTED[type];
  if (notListed !== undefined) throw new WireError(400, BinanceCode.NEW_ORDER_REJECTED, notListed);
  const timeInForce = params.oneOf('timeInForce', TIFS, wireErrors.invalidTif);
  const quantity = params.decimal('quantity');
  const quoteOrderQty = params.decimal('quoteOrderQty');
  const price = params.decimal('price');
  const stopPrice = params.decimal('stopPrice');
  const clientOrderId = params.clientId('newClientOrderId') ?? randomAlphanumeric(22);
  const respType =
    params.oneOf('newOrderRespType', RESP_TYPES, () =>
      wireErrors.illegalChars('newOrderRespType', 'ACK, RESULT, FULL'),
    ) ?? defaultRespType(type);
  const stp = params.oneOf('selfTradePreventionMode', STP_MODES, () =>
    wireErrors.illegalChars('selfTradePreventionMode', STP_MODES.join(', ')),
  );
  // NONE is a binance.com mode no Binance.US symbol allows (allowedSelfTradePreventionModes).
  if (stp === 'NONE') throw new WireError(400, -1013, STP_MODE_NOT_ALLOWED);
  params.integer('strategyId');
  params.integer('strategyType');
  const trailingDelta = params.integer('trailingDelta');
  const iceberg = params.decimal('icebergQty');
  if (iceberg !== undefined && Number(iceberg) !== 0)
    throw new WireError(400, -1000, 'icebergQty is not supported by this fake exchange.');

  checkShape(params, type as OrderType, { timeInForce, quantity, quoteOrderQty, price, stopPrice, trailingDelta });
  const request: OrderRequest = { clientOrderId, symbol, side: side as Side, type: type as OrderType };
  if (quantity !== undefined) request.quantity = quantity;
  if (quoteOrderQty !== undefined) request.quoteOrderQty = quoteOrderQty;
  if (price !== undefined) request.price = price;
  if (stopPrice !== undefined) request.stopPrice = stopPrice;
  if (timeInForce !== undefined) request.timeInForce = timeInForce as TimeInForce;
  if (trailingDelta !== undefined) request.trailingDelta = trailingDelta;
  if (stp !== undefined) request.selfTradePreventionMode = stp;
  return { request, respType };
}

/** MARKET and LIMIT orders answer FULL by default, all other types ACK. */
function defaultRespType(type: string): NewOrderRespType {
  return type === 'MARKET' || type === 'LIMIT' ? 'FULL' : 'ACK';
}

interface Amounts {
  timeInForce?: string | undefined;
  quantity?: string | undefined;
  quoteOrderQty?: string | undefined;
  price?: string | undefined;
  stopPrice?: string | undefined;
  trailingDelta?: number | undefined;
}

function checkShape(params: Params, type: OrderType, a: Amounts): void {
  const needsStop = isStopOrderType(type);
  const needsTif = type === 'LIMIT' || needsStop;
  if (needsTif && a.timeInForce === undefined) throw wireErrors.mandatory('timeInForce');
  if (!needsTif) forbid(params, 'timeInForce');
  if (type === 'MARKET') {
    if (a.quantity === undefined && a.quoteOrderQty === undefined)
      throw wireErrors.eitherMandatory('quantity', 'quoteOrderQty');
    if (a.quantity !== undefined) forbid(params, 'quoteOrderQty');
    forbid(params, 'price');
  } else {
    if (a.quantity === undefined) throw wireErrors.mandatory('quantity');
    forbid(params, 'quoteOrderQty');
    if (a.price === undefined) throw wireErrors.mandatory('price');
  }
  // rest-api.md "New order": the stop types need `stopPrice` or `trailingDelta`.
  if (needsStop && a.stopPrice === undefined && a.trailingDelta === undefined) throw wireErrors.mandatory('stopPrice');
  if (!needsStop) {
    forbid(params, 'stopPrice');
    forbid(params, 'trailingDelta');
  }
}

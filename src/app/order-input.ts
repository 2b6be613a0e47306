import type { Market } from '../model/market.js';
import { InvalidInput } from '../model/errors.js';
import { isDecimal, isPositive, type Decimal } from '../model/money.js';
import { isStopOrderType } from '../model/filters.js';
import { ORDER_TYPES, TIME_IN_FORCE, type OrderRequest, type OrderType, type TimeInForce } from '../model/order.js';
import type { PlaceOrderInput } from './api.js';
import { trailingDeltaOf } from './oco-input.js';

/** `STOP` is the original description's name for a stop-loss-limit order: a documented alias. */
const TYPE_ALIASES: Record<string, OrderType> = { STOP: 'STOP_LOSS_LIMIT' };
/** Binance's market stop types, which no Binance.US symbol lists (binance-us-api.md), and what to use. */
const NOT_OFFERED: Record<string, string> = {
  STOP_LOSS:
    'STOP_LOSS (a stop-market order) is not offered on Binance.US: use STOP_LOSS_LIMIT (or STOP) with stop_price and a price',
  TAKE_PROFIT:
    'TAKE_PROFIT (a take-profit-market order) is not offered on Binance.US: use TAKE_PROFIT_LIMIT with stop_price and a price',
};
const REQUESTABLE_TYPES = [...ORDER_TYPES, 'STOP'].join(', ');

function amount(field: string, value: Decimal | undefined): Decimal | undefined {
  if (value === undefined) return undefined;
  const text = String(value).trim();
  if (!isDecimal(text) || !isPositive(text))
    throw new InvalidInput(
      field,
      `"${value}" is not a positive decimal number`,
      'a positive decimal such as 0.01 or 250.5',
    );
  return text;
}

function orderType(requested: string, market: Market): OrderType {
  const upper = String(requested).toUpperCase();
  const instead = NOT_OFFERED[upper];
  if (instead !== undefined) throw new InvalidInput('order_type', instead, REQUESTABLE_TYPES);
  const type = TYPE_ALIASES[upper] ?? ORDER_TYPES.find((t) => t === upper);
  if (type === undefined)
    throw new InvalidInput('order_type', `"${requested}" is not an order type`, REQUESTABLE_TYPES);
  if (!market.orderTypes.includes(type)) {
    throw new InvalidInput('order_type', `${type} is not allowed on ${market.symbol}`, market.orderTypes.join(', '));
  }
  return type;
}

/**
 * Checks a caller's order for completeness and consistency and turns it into a venue request
 * (not yet rounded to the symbol's filters). Throws InvalidInput naming the field at fault.
 */
export function orderRequestFrom(input: PlaceOrderInput, market: Market, clientOrderId: string): OrderRequest {
  const side = String(input.side ?? '').toUpperCase();
  if (side !== 'BUY' && side !== 'SELL') throw new InvalidInput('side', `"${input.side}" is not a side`, 'BUY or SELL');
  const type = orderType(input.orderType ?? 'MARKET', market);
  const quantity = amount('quantity', input.quantity);
  const quoteOrderQty = amount('quote_quantity', input.quoteQuantity);
  const price = amount('price', input.price);
  const stopPrice = amount('stop_price', input.stopPrice);

  if (quantity !== undefined && quoteOrderQty !== undefined)
    throw new InvalidInput('quantity', 'both quantity and quote_quantity were given', 'exactly one of them');
  if (quantity === undefined && quoteOrderQty === undefined)
    throw new InvalidInput(
      'quantity',
      'missing',
      `a base quantity (in ${market.baseAsset})${type === 'MARKET' ? ` or quote_quantity (in ${market.quoteAsset})` : ''}`,
    );
  if (quoteOrderQty !== undefined && type !== 'MARKET')
    throw new InvalidInput(
      'quote_quantity',
      `not supported for ${type} orders`,
      'MARKET orders only; give quantity instead',
    );

  const needsPrice = type !== 'MARKET';
  if (needsPrice && price === undefined)
    throw new InvalidInput('price', `required for ${type} orders`, 'the limit price in the quote asset');
  if (!needsPrice && price !== undefined)
    throw new InvalidInput('price', 'MARKET orders take no price', 'omit price, or use order_type LIMIT');
  const isStop = isStopOrderType(type);
  if (isStop && stopPrice === undefined)
    throw new InvalidInput('stop_price', `required for ${type} orders`, 'the trigger price in the quote asset');
  if (!isStop && stopPrice !== undefined)
    throw new InvalidInput(
      'stop_price',
      `${type} orders take no stop price`,
      'order_type STOP_LOSS_LIMIT (or STOP) or TAKE_PROFIT_LIMIT',
    );

  let timeInForce: TimeInForce | undefined;
  if (input.timeInForce !== undefined) {
    const tif = String(input.timeInForce).toUpperCase() as TimeInForce;
    if (!TIME_IN_FORCE.includes(tif))
      throw new InvalidInput(
        'time_in_force',
        `"${input.timeInForce}" is not a time in force`,
        TIME_IN_FORCE.join(', '),
      );
    if (type === 'MARKET' || type === 'LIMIT_MAKER')
      throw new InvalidInput('time_in_force', `${type} orders take no time in force`, 'omit it');
    timeInForce = tif;
  } else if (type === 'LIMIT' || isStop) {
    timeInForce = 'GTC';
  }

  let trailingDelta: number | undefined;
  if (input.trailingDelta !== undefined) {
    if (!isStop)
      throw new InvalidInput(
        'trailing_delta',
        `${type} orders do not trail`,
        'order_type STOP_LOSS_LIMIT or TAKE_PROFIT_LIMIT',
      );
    trailingDelta = trailingDeltaOf(input.trailingDelta, market, side, type as 'STOP_LOSS_LIMIT' | 'TAKE_PROFIT_LIMIT');
  }

  return {
    clientOrderId,
    symbol: market.symbol,
    side,
    type,
    ...(quantity !== undefined ? { quantity } : {}),
    ...(quoteOrderQty !== undefined ? { quoteOrderQty } : {}),
    ...(price !== undefined ? { price } : {}),
    ...(stopPrice !== undefined ? { stopPrice } : {}),
    ...(timeInForce !== undefined ? { timeInForce } : {}),
    ...(trailingDelta !== undefined ? { trailingDelta } : {}),
  };
}

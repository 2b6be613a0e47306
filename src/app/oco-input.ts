import { InvalidInput } from '../model/errors.js';
import { roundOrderToFilters } from '../model/filters.js';
import type { Market } from '../model/market.js';
import { Big, isDecimal, isPositive, type Decimal } from '../model/money.js';
import type { OrderRequest, Side } from '../model/order.js';
import type { OcoRequest } from '../model/order-list.js';
import type { PlaceOcoInput } from './api.js';
import { ocoLegIds } from './list-client-ids.js';

export function positiveAmount(field: string, value: Decimal | undefined, required = true): Decimal | undefined {
  if (value === undefined) {
    if (required) throw new InvalidInput(field, 'missing', 'a positive decimal such as 0.01 or 250.5');
    return undefined;
  }
  const text = String(value).trim();
  if (!isDecimal(text) || !isPositive(text))
    throw new InvalidInput(
      field,
      `"${value}" is not a positive decimal number`,
      'a positive decimal such as 0.01 or 250.5',
    );
  return text;
}

export function sideOf(value: unknown): Side {
  const side = String(value ?? '').toUpperCase();
  if (side !== 'BUY' && side !== 'SELL')
    throw new InvalidInput('side', `"${String(value)}" is not a side`, 'BUY or SELL');
  return side;
}

/**
 * trailing_delta in BIPS, within the symbol's TRAILING_DELTA filter for this kind of stop: "below"
 * bounds for a SELL stop-loss (it stands below the market), "above" for a BUY one.
 */
export function trailingDeltaOf(
  value: number | undefined,
  market: Market,
  side: Side,
  type: 'STOP_LOSS_LIMIT' | 'TAKE_PROFIT_LIMIT',
): number | undefined {
  if (value === undefined) return undefined;
  const f = market.filters.trailingDelta;
  const above = (type === 'STOP_LOSS_LIMIT') === (side === 'BUY');
  const min = Math.max(1, f ? (above ? f.minTrailingAboveDelta : f.minTrailingBelowDelta) : 1);
  const max = f ? (above ? f.maxTrailingAboveDelta : f.maxTrailingBelowDelta) : 1_000_000;
  const allowed = `a whole number of basis points from ${min} to ${max} (TRAILING_DELTA of ${market.symbol}, ${above ? 'above' : 'below'}-market bounds for a ${side} ${type}; 100 = 1%)`;
  if (!Number.isSafeInteger(value) || value < min || value > max)
    throw new InvalidInput('trailing_delta', `${String(value)} is outside the allowed range`, allowed);
  return value;
}

export interface PreparedOco {
  request: OcoRequest;
  limitLeg: OrderRequest;
  stopLeg: OrderRequest;
  adjustments: string[];
}

/**
 * Checks an OCO for completeness, rounds both legs to the symbol's filters (the same quantity) and
 * checks the price relation Binance requires against `last`: SELL price > last > stop_price,
 * BUY price < last < stop_price. Throws InvalidInput naming the field at fault.
 */
export function ocoRequestFrom(
  input: PlaceOcoInput,
  market: Market,
  listClientOrderId: string,
  last: Decimal | undefined,
): PreparedOco {
  const side = sideOf(input.side);
  for (const type of ['LIMIT_MAKER', 'STOP_LOSS_LIMIT'] as const)
    if (!market.orderTypes.includes(type))
      throw new InvalidInput(
        'symbol',
        `${market.symbol} does not take ${type} orders, which an OCO is made of`,
        'a symbol that lists LIMIT_MAKER and STOP_LOSS_LIMIT (get_symbol_rules)',
      );
  const quantity = positiveAmount('quantity', input.quantity)!;
  const price = positiveAmount('price', input.price)!;
  const stopPrice = positiveAmount('stop_price', input.stopPrice)!;
  const stopLimitPrice = positiveAmount('stop_limit_price', input.stopLimitPrice, false) ?? stopPrice;
  const trailingDelta = trailingDeltaOf(input.trailingDelta, market, side, 'STOP_LOSS_LIMIT');
  const ids = ocoLegIds(listClientOrderId);
  const limit = roundOrderToFilters(market, {
    clientOrderId: ids.limit,
    symbol: market.symbol,
    side,
    type: 'LIMIT_MAKER',
    quantity,
    price,
  });
  const stop = roundOrderToFilters(market, {
    clientOrderId: ids.stop,
    symbol: market.symbol,
    side,
    type: 'STOP_LOSS_LIMIT',
    quantity,
    price: stopLimitPrice,
    stopPrice,
    timeInForce: 'GTC',
    ...(trailingDelta !== undefined ? { trailingDelta } : {}),
  });
  const limitLeg = limit.request;
  const stopLeg = stop.request;
  const adjustments = [...limit.adjustments, ...stop.adjustments.filter((a) => !a.startsWith('quantity'))];
  if (new Big(limitLeg.quantity!).lte(0))
    throw new InvalidInput(
      'quantity',
      `${quantity} rounds down to 0 on ${market.symbol}'s LOT_SIZE step`,
      `at least ${market.filters.lotSize.minQty}`,
    );
  const tp = new Big(limitLeg.price!);
  const sp = new Big(stopLeg.stopPrice!);
  if (last !== undefined) {
    const l = new Big(last);
    if (side === 'SELL' && !(tp.gt(l) && l.gt(sp)))
      throw new InvalidInput(
        tp.gt(l) ? 'stop_price' : 'price',
        `a SELL OCO needs price > last price > stop_price; here price ${limitLeg.price}, last ${last}, stop_price ${stopLeg.stopPrice}`,
        `price above ${last} and stop_price below it`,
      );
    if (side === 'BUY' && !(tp.lt(l) && l.lt(sp)))
      throw new InvalidInput(
        tp.lt(l) ? 'stop_price' : 'price',
        `a BUY OCO needs price < last price < stop_price; here price ${limitLeg.price}, last ${last}, stop_price ${stopLeg.stopPrice}`,
        `price below ${last} and stop_price above it`,
      );
  }
  return {
    request: {
      listClientOrderId,
      symbol: market.symbol,
      side,
      quantity: limitLeg.quantity!,
      limitClientOrderId: ids.limit,
      price: limitLeg.price!,
      stopClientOrderId: ids.stop,
      stopPrice: stopLeg.stopPrice!,
      stopLimitPrice: stopLeg.price!,
      stopLimitTimeInForce: 'GTC',
      ...(trailingDelta !== undefined ? { trailingDelta } : {}),
    },
    limitLeg,
    stopLeg,
    adjustments,
  };
}

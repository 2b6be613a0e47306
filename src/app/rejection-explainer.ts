/**
 * Why the venue's rules refuse an order, with the numbers and the fix, for a model to act on.
 * The Binance code and message stay as the venue sends them; this is the explanation beside them.
 */
import { BAD_PRECISION_MESSAGE, MARKET_CLOSED, quantityStepFilter } from '../model/filters.js';
import { BinanceCode, BinanceMessage } from '../model/errors.js';
import type { Market } from '../model/market.js';
import { Big, ceilToStep, decimalsOf, floorToStep, isZero, str, type Decimal } from '../model/money.js';
import type { Order, OrderRequest } from '../model/order.js';
import type { OrderRecord } from '../ports/store.js';
import type { VenueRejection } from './api.js';

const plain = (d: Decimal | Big) => str(new Big(d));
/** Quote amounts as people read them, 4.2 -> 4.20, rounded the way that keeps the comparison true. */
const amount = (d: Decimal | Big, rounding: 0 | 3 = Big.roundDown) => {
  const b = new Big(d);
  return b.abs().gte(0.01) ? b.round(2, rounding).toFixed(2) : plain(b);
};
/** A price with the symbol's tick decimals: 248052.6 -> 248052.60 for a 0.01 tick. */
const priced = (market: Market, d: Decimal) => new Big(d).toFixed(decimalsOf(market.filters.price.tickSize));

function notionalOf(request: OrderRequest, reference: Decimal): Big | null {
  if (request.type === 'MARKET') {
    if (request.quoteOrderQty) return new Big(request.quoteOrderQty);
    return request.quantity ? new Big(request.quantity).times(reference) : null;
  }
  return request.price && request.quantity ? new Big(request.price).times(request.quantity) : null;
}

/** The band of PERCENT_PRICE, or of PERCENT_PRICE_BY_SIDE for the order's side. */
function priceBand(
  market: Market,
  request: OrderRequest,
  name: 'PERCENT_PRICE' | 'PERCENT_PRICE_BY_SIDE',
): { up: Decimal; down: Decimal; mins: number } | undefined {
  const f = market.filters;
  if (name === 'PERCENT_PRICE')
    return f.percentPrice
      ? { up: f.percentPrice.multiplierUp, down: f.percentPrice.multiplierDown, mins: f.percentPrice.avgPriceMins }
      : undefined;
  const b = f.percentPriceBySide;
  if (!b) return undefined;
  return request.side === 'BUY'
    ? { up: b.bidMultiplierUp, down: b.bidMultiplierDown, mins: b.avgPriceMins }
    : { up: b.askMultiplierUp, down: b.askMultiplierDown, mins: b.avgPriceMins };
}

function percentPrice(
  market: Market,
  request: OrderRequest,
  reference: Decimal,
  name: 'PERCENT_PRICE' | 'PERCENT_PRICE_BY_SIDE',
): string | undefined {
  const band = priceBand(market, request, name);
  if (!band) return undefined;
  const tick = market.filters.price.tickSize;
  const high = floorToStep(str(new Big(reference).times(band.up)), tick);
  const low = ceilToStep(str(new Big(reference).times(band.down)), tick);
  const price = request.price ?? '0';
  const where = new Big(price).gt(high)
    ? `above the allowed ${priced(market, high)}`
    : `below the allowed ${priced(market, low)}`;
  return (
    `${name}: ${plain(price)} is ${where} for a ${request.side} now (${plain(band.down)}x-${plain(band.up)}x ` +
    `the ${band.mins}-minute average price, about ${priced(market, reference)}). Use a price from ${priced(market, low)} to ${priced(market, high)}.`
  );
}

function notional(market: Market, request: OrderRequest, reference: Decimal, name: string): string {
  const value = notionalOf(request, reference);
  const f = market.filters;
  const min = f.notional?.minNotional ?? f.minNotional?.minNotional;
  const max = f.notional?.maxNotional;
  const q = market.quoteAsset;
  const price = request.type === 'MARKET' ? reference : (request.price ?? reference);
  if (value && min && value.lt(min)) {
    const step = quantityStepFilter(market, request.type).filter.stepSize;
    const needed = ceilToStep(str(new Big(min).div(price)), step);
    return (
      `${name}: ${amount(value)} ${q} is under the minimum ${amount(min, Big.roundUp)} ${q}. ` +
      (request.quoteOrderQty
        ? `Spend at least ${amount(min, Big.roundUp)} ${q}.`
        : `Order at least ${needed} ${market.baseAsset} at ${priced(market, price)}.`)
    );
  }
  if (value && max && !isZero(max) && value.gt(max)) {
    return `${name}: ${amount(value, Big.roundUp)} ${q} is over the maximum ${amount(max)} ${q}. Split it into smaller orders.`;
  }
  return `${name}: the order's value (price x quantity) is outside ${min ? amount(min) : '0'}-${max ? amount(max) : 'any'} ${q}.`;
}

function lotSize(market: Market, request: OrderRequest, name: 'LOT_SIZE' | 'MARKET_LOT_SIZE'): string {
  const f = name === 'LOT_SIZE' ? market.filters.lotSize : market.filters.marketLotSize!;
  const qty = new Big(request.quantity ?? '0');
  const b = market.baseAsset;
  if (!isZero(f.minQty) && qty.lt(f.minQty))
    return `${name}: quantity ${plain(qty)} ${b} is under the minimum ${plain(f.minQty)} ${b}.`;
  if (!isZero(f.maxQty) && qty.gt(f.maxQty)) {
    return (
      `${name}: quantity ${plain(qty)} ${b} is over the maximum ${plain(f.maxQty)} ${b}` +
      (name === 'MARKET_LOT_SIZE'
        ? ' for a MARKET order. Split it, or use a LIMIT order.'
        : '. Split it into smaller orders.')
    );
  }
  return `${name}: quantity ${plain(qty)} is not a multiple of the step ${plain(f.stepSize)} ${b}; use ${floorToStep(plain(qty), f.stepSize)}.`;
}

function priceFilter(market: Market, request: OrderRequest): string {
  const pf = market.filters.price;
  const bad = [request.price, request.stopPrice].find(
    (p) =>
      p !== undefined &&
      ((!isZero(pf.minPrice) && new Big(p).lt(pf.minPrice)) || (!isZero(pf.maxPrice) && new Big(p).gt(pf.maxPrice))),
  );
  if (bad)
    return `PRICE_FILTER: ${plain(bad)} is outside the allowed prices ${plain(pf.minPrice)} to ${plain(pf.maxPrice)}.`;
  return `PRICE_FILTER: prices must be multiples of the tick ${plain(pf.tickSize)} ${market.quoteAsset}.`;
}

/** The explanation of a rejection of `request` on `market`, valued at `reference` (the venue's average price); undefined when there is nothing to add. */
export function explainRejection(
  market: Market,
  request: OrderRequest,
  reference: Decimal,
  rejection: VenueRejection,
): string | undefined {
  const filter = /^Filter failure: (\w+)/.exec(rejection.msg)?.[1];
  switch (filter) {
    case 'PERCENT_PRICE':
    case 'PERCENT_PRICE_BY_SIDE':
      return percentPrice(market, request, reference, filter);
    case 'NOTIONAL':
    case 'MIN_NOTIONAL':
      return notional(market, request, reference, filter);
    case 'LOT_SIZE':
    case 'MARKET_LOT_SIZE':
      return lotSize(market, request, filter);
    case 'PRICE_FILTER':
      return priceFilter(market, request);
    case 'MAX_NUM_ORDERS':
      return `MAX_NUM_ORDERS: ${market.symbol} allows ${market.filters.maxNumOrders} open orders; cancel one first (get_orders open_only=true).`;
    case 'MAX_NUM_ALGO_ORDERS':
      return `MAX_NUM_ALGO_ORDERS: ${market.symbol} allows ${market.filters.maxNumAlgoOrders} open stop orders; cancel one first.`;
  }
  if (rejection.msg === MARKET_CLOSED) return `${market.symbol} is not trading now (status ${market.status}).`;
  if (rejection.msg === BinanceMessage.WOULD_TRIGGER) {
    return (
      `The stop price would trigger at once: for a ${request.side} stop-loss put stop_price ${request.side === 'SELL' ? 'below' : 'above'} the last price ` +
      `(${plain(reference)}), for a take-profit on the other side.`
    );
  }
  if (rejection.msg === BAD_PRECISION_MESSAGE) {
    return `Too many decimals: ${market.baseAsset} quantities take at most ${market.baseAssetPrecision}, ${market.quoteAsset} amounts and prices ${market.quoteAssetPrecision}.`;
  }
  if (rejection.msg === BinanceMessage.INSUFFICIENT_BALANCE)
    return 'Not enough free balance for this order: see get_account (locked amounts are held by open orders).';
  if (rejection.msg === BinanceMessage.WOULD_TAKE)
    return 'A LIMIT_MAKER order must rest: put a BUY price under the best ask, a SELL price over the best bid.';
  if (
    rejection.code === BinanceCode.INVALID_ORDER_TYPE ||
    / orders are not supported for this symbol\.$/.test(rejection.msg)
  )
    return `${market.symbol} takes these order types: ${market.orderTypes.join(', ')}.`;
  return undefined;
}

/** Why a cancel found nothing to cancel, from the journal's record of the order. */
export function explainCancelRejection(
  order:
    OrderRecord | Pick<Order, 'status' | 'updatedAt' | 'executedQty' | 'origQty' | 'cummulativeQuoteQty' | 'symbol'>,
): string | undefined {
  const when = new Date(order.updatedAt).toISOString();
  switch (order.status) {
    case 'FILLED':
      return `The order had already filled at ${when}: ${order.executedQty} of ${order.origQty} for ${order.cummulativeQuoteQty} (quote). Nothing left to cancel.`;
    case 'CANCELED':
      return `The order had already been canceled at ${when}, after ${order.executedQty} of ${order.origQty} filled. Nothing left to cancel.`;
    case 'EXPIRED':
      return `The order had already expired at ${when}, after ${order.executedQty} of ${order.origQty} filled. Nothing left to cancel.`;
    case 'REJECTED':
      return `The order was rejected at ${when} and never rested on the book. Nothing to cancel.`;
    default:
      return undefined;
  }
}

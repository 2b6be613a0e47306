/** A symbol's trading rules as a model needs them to size and price an order: from the venue's filters, in plain fields. */
import type { Market } from '../model/market.js';
import { Big, isZero, str, type Decimal } from '../model/money.js';

/** Order types as place_order takes them: Binance's names (STOP is an alias of STOP_LOSS_LIMIT). */
export function requestableTypes(market: Market): string[] {
  return [...market.orderTypes];
}

const plain = (value: Decimal) => str(new Big(value));
const orNull = (value: Decimal | undefined) => (value === undefined || isZero(value) ? null : plain(value));

function minNotional(market: Market): Decimal | null {
  return orNull(market.filters.notional?.minNotional ?? market.filters.minNotional?.minNotional);
}

/** One compact row per market for list_markets: [tick, step, minQty, minNotional, maxNotional, percentPrice]. */
export const RULE_COLUMNS = ['tickSize', 'stepSize', 'minQty', 'minNotional', 'maxNotional', 'priceBand'] as const;

export function ruleRow(market: Market): (string | null)[] {
  const f = market.filters;
  const pp = f.percentPrice;
  return [
    plain(f.price.tickSize),
    plain(f.lotSize.stepSize),
    plain(f.lotSize.minQty),
    minNotional(market),
    orNull(f.notional?.maxNotional),
    pp ? `${plain(pp.multiplierDown)}-${plain(pp.multiplierUp)}x` : null,
  ];
}

/** Every rule of one symbol, with the limit-price band around `price` (the venue centres it on its average price). */
export function symbolRules(market: Market, price: Decimal | null) {
  const f = market.filters;
  const pp = f.percentPrice;
  const mls = f.marketLotSize;
  const notional = f.notional;
  const tick = f.price.tickSize;
  const band =
    pp && price
      ? {
          low: str(new Big(price).times(pp.multiplierDown).div(tick).round(0, Big.roundUp).times(tick)),
          high: str(new Big(price).times(pp.multiplierUp).div(tick).round(0, Big.roundDown).times(tick)),
        }
      : null;
  return {
    symbol: market.symbol,
    status: market.status,
    baseAsset: market.baseAsset,
    quoteAsset: market.quoteAsset,
    orderTypes: requestableTypes(market),
    price: { tickSize: plain(tick), min: orNull(f.price.minPrice), max: orNull(f.price.maxPrice) },
    quantity: { stepSize: plain(f.lotSize.stepSize), min: orNull(f.lotSize.minQty), max: orNull(f.lotSize.maxQty) },
    ...(mls && !isZero(mls.maxQty)
      ? { marketQuantity: { stepSize: orNull(mls.stepSize), min: orNull(mls.minQty), max: orNull(mls.maxQty) } }
      : {}),
    notional: {
      min: minNotional(market),
      max: orNull(notional?.maxNotional),
      minAppliesToMarket: notional?.applyMinToMarket ?? f.minNotional?.applyToMarket ?? false,
      maxAppliesToMarket: notional?.applyMaxToMarket ?? false,
    },
    ...(pp
      ? {
          percentPrice: {
            multiplierDown: plain(pp.multiplierDown),
            multiplierUp: plain(pp.multiplierUp),
            averageOverMinutes: pp.avgPriceMins,
            ...(band ? { limitPriceNow: band } : {}),
          },
        }
      : {}),
    ...(f.maxNumOrders !== undefined ? { maxOpenOrders: f.maxNumOrders } : {}),
    ...(f.maxNumAlgoOrders !== undefined ? { maxOpenStopOrders: f.maxNumAlgoOrders } : {}),
    fees: { maker: market.fees.maker, taker: market.fees.taker },
    notes: [
      `quantity is rounded down to a multiple of ${plain(f.lotSize.stepSize)}; a BUY price down, a SELL price up to a multiple of ${plain(tick)}`,
      `notional = price x quantity (MARKET: at the current price)${minNotional(market) ? `; at least ${minNotional(market)} ${market.quoteAsset}` : ''}`,
      ...(band && pp
        ? [
            `a limit price must lie within ${plain(pp.multiplierDown)}x-${plain(pp.multiplierUp)}x the ${pp.avgPriceMins}-minute average price: about ${band.low} to ${band.high} now`,
          ]
        : []),
      'STOP_LOSS_LIMIT (alias STOP) and TAKE_PROFIT_LIMIT need both stop_price and price; Binance.US has no market stop types',
    ],
  };
}

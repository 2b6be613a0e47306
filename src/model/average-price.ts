import type { Market } from './market.js';

/** Binance.US publishes 5 on every symbol's PERCENT_PRICE and MIN_NOTIONAL filters. */
export const DEFAULT_AVERAGE_PRICE_MINUTES = 5;

/**
 * Minutes the symbol's average price is taken over: the avgPriceMins of its price band filter, else
 * of its notional filter. 0 means the last trade price (Binance filters.md).
 */
export function averagePriceMinutes(market: Market): number {
  const f = market.filters;
  return (
    f.percentPriceBySide?.avgPriceMins ??
    f.percentPrice?.avgPriceMins ??
    f.notional?.avgPriceMins ??
    f.minNotional?.avgPriceMins ??
    DEFAULT_AVERAGE_PRICE_MINUTES
  );
}

/** Binance's avgPrice answers with 8 decimals (rest-api.md "Current average price"). */
export const AVERAGE_PRICE_DECIMALS = 8;

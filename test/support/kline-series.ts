import type { KlineSeries } from '../../src/exchanges/replay/csv-klines.js';

/** `n` zeroed candles of `intervalMs` (prices at 2 decimals, quantities at 5), without the optional 12-column fields: to fill in. */
export function emptyKlineSeries(n: number, intervalMs: number): KlineSeries {
  const col = () => new Float64Array(n);
  return {
    openTime: col(),
    open: col(),
    high: col(),
    low: col(),
    close: col(),
    volume: col(),
    intervalMs,
    priceDecimals: 2,
    qtyDecimals: 5,
    quoteVolume: col().fill(NaN),
    trades: col().fill(-1),
    takerBuyVolume: col().fill(NaN),
    takerBuyQuoteVolume: col().fill(NaN),
  };
}

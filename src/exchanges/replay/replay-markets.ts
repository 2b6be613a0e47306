/**
 * Markets for replayed symbols: the synthetic catalog's entry when the symbol is known (with a
 * finer tick if the data is quoted more finely than the catalog allows), else one derived from the
 * data's own decimals. Also the tape and book shape each symbol is replayed with.
 */
import type { Market } from '../../model/market.js';
import { ORDER_TYPES } from '../../model/order.js';
import type { BookShape } from '../synthetic/book.js';
import { DEFAULT_FEES, KNOWN_QUOTES, marketFromSpec, pairSpec } from '../synthetic/catalog.js';
import { hashString } from '../synthetic/rng.js';
import type { TapeListing } from '../synthetic/tape-market-data.js';
import { decimalsFor, formatUnits, parseUnits } from '../synthetic/units.js';
import type { KlineSeries } from './csv-klines.js';
import { ReplayTape } from './replay-tape.js';

const DEFAULT_SPREAD_BPS = 2;

function rescale(values: Float64Array, factor: number): void {
  if (factor !== 1) for (let i = 0; i < values.length; i++) values[i] *= factor;
}

function allMultiplesOf(series: KlineSeries, units: number): boolean {
  if (units === 1) return true;
  for (const column of [series.open, series.high, series.low, series.close]) {
    for (const v of column) if (v % units !== 0) return false;
  }
  return true;
}

function derivedMarket(symbol: string, priceDecimals: number, qtyDecimals: number): Market {
  const quote = KNOWN_QUOTES.find((q) => symbol.endsWith(q) && symbol.length > q.length) ?? 'USD';
  const base = symbol.endsWith(quote) ? symbol.slice(0, symbol.length - quote.length) : symbol;
  const tick = formatUnits(1, priceDecimals);
  const step = formatUnits(1, qtyDecimals);
  const fiatLike = ['USD', 'USDT', 'USDC', 'BUSD', 'FDUSD', 'DAI', 'EUR'].includes(quote);
  return {
    symbol,
    baseAsset: base,
    quoteAsset: quote,
    status: 'TRADING',
    baseAssetPrecision: 8,
    quoteAssetPrecision: 8,
    orderTypes: [...ORDER_TYPES],
    filters: {
      price: { minPrice: tick, maxPrice: '10000000', tickSize: tick },
      lotSize: { minQty: step, maxQty: '9000000000', stepSize: step },
      marketLotSize: { minQty: '0', maxQty: '9000000000', stepSize: '0' },
      notional: {
        minNotional: fiatLike ? '1' : '0.0001',
        applyMinToMarket: true,
        maxNotional: '9000000',
        applyMaxToMarket: false,
        avgPriceMins: 5,
      },
      percentPrice: { multiplierUp: '5', multiplierDown: '0.2', avgPriceMins: 5 },
      maxNumOrders: 200,
      maxNumAlgoOrders: 5,
    },
    fees: { ...DEFAULT_FEES },
  };
}

/** Build the listing for one replayed series (mutates the series' price arrays to the listing's precision). */
export function replayListing(symbol: string, series: KlineSeries): TapeListing {
  const spec = pairSpec(symbol);
  let priceDecimals = series.priceDecimals;
  let market: Market;
  let tickUnits = 1;
  if (spec) {
    const tickDecimals = decimalsFor(spec.tickSize);
    if (tickDecimals > priceDecimals) {
      const factor = 10 ** (tickDecimals - priceDecimals);
      for (const column of [series.open, series.high, series.low, series.close]) rescale(column, factor);
      priceDecimals = tickDecimals;
    }
    market = marketFromSpec(spec);
    const catalogTick = parseUnits(spec.tickSize, priceDecimals);
    if (allMultiplesOf(series, catalogTick)) tickUnits = catalogTick;
    else {
      const tick = formatUnits(1, priceDecimals);
      market.filters.price = { ...market.filters.price, tickSize: tick, minPrice: tick };
    }
  } else {
    market = derivedMarket(symbol, priceDecimals, series.qtyDecimals);
  }
  const tape = new ReplayTape(series, priceDecimals, series.qtyDecimals, tickUnits);
  let totalVolume = 0;
  for (const v of series.volume) totalVolume += v;
  const perMinute = totalVolume / series.volume.length / (series.intervalMs / 60_000);
  const stepUnits =
    spec && decimalsFor(spec.stepSize) <= series.qtyDecimals ? parseUnits(spec.stepSize, series.qtyDecimals) : 1;
  const book: BookShape = {
    symbol,
    key: hashString(`replay:${symbol}`),
    priceDecimals,
    qtyDecimals: series.qtyDecimals,
    tickUnits,
    stepUnits,
    minQtyUnits: stepUnits,
    levelQtyUnits: Math.max(stepUnits, perMinute * 0.3),
    spreadBps: spec?.spreadBps ?? DEFAULT_SPREAD_BPS,
    maxPriceUnits: parseUnits(market.filters.price.maxPrice, priceDecimals),
  };
  return { market, tape, book };
}

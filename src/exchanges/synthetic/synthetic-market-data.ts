/**
 * Seeded, deterministic, offline market data (source 'synthetic'). Every figure is a pure function
 * of (seed, symbol, time): two instances with the same seed agree at every clock time.
 * History reaches `historyDays` (default 1,100) days behind the clock: 1,000 daily candles, about
 * 157 weekly and 36 monthly ones.
 */
import type { Clock } from '../../ports/clock.js';
import type { MarketDataStatus } from '../../ports/market-data.js';
import { AssetPath } from './asset-path.js';
import type { BookShape } from './book.js';
import { assetSpec, marketFromSpec, SYNTHETIC_ASSETS, SYNTHETIC_PAIRS, type PairSpec } from './catalog.js';
import type { PairScales } from './minute-chunk.js';
import { SyntheticPairTape } from './pair-tape.js';
import { hashKeys, hashString } from './rng.js';
import { TapeMarketData, type TapeListing } from './tape-market-data.js';
import { decimalsFor, parseUnits } from './units.js';

export interface SyntheticOptions {
  seed?: number;
  /** Restrict the listing to these catalog symbols (all by default). */
  symbols?: readonly string[];
  historyDays?: number;
  onListenerError?: (error: unknown) => void;
}

export const DEFAULT_SEED = 42;
export const DEFAULT_HISTORY_DAYS = 1100;

export class SyntheticMarketData extends TapeMarketData {
  readonly source = 'synthetic';
  readonly seed: number;

  constructor(clock: Clock, options: SyntheticOptions = {}) {
    const seed = options.seed ?? DEFAULT_SEED;
    const historyDays = options.historyDays ?? DEFAULT_HISTORY_DAYS;
    const assets = new Map(SYNTHETIC_ASSETS.map((a) => [a.asset, new AssetPath(a, seed)]));
    const wanted = options.symbols ? new Set(options.symbols) : undefined;
    const listings = new Map<string, TapeListing>();
    for (const spec of SYNTHETIC_PAIRS) {
      if (wanted && !wanted.has(spec.symbol)) continue;
      listings.set(spec.symbol, buildListing(spec, seed, historyDays, assets));
    }
    if (wanted) {
      const unknown = [...wanted].filter((s) => !listings.has(s));
      if (unknown.length > 0) throw new RangeError(`not in the synthetic catalog: ${unknown.join(', ')}`);
    }
    super(listings, clock, options.onListenerError);
    this.seed = seed;
  }

  status(): MarketDataStatus {
    return {
      state: 'open',
      message: `synthetic market data (seed ${this.seed}): ${this.listings.size} pairs on a seeded random path with volatility clustering; not real prices`,
    };
  }
}

function buildListing(spec: PairSpec, seed: number, historyDays: number, assets: Map<string, AssetPath>): TapeListing {
  const base = assets.get(spec.base);
  const quote = assets.get(spec.quote);
  const baseSpec = assetSpec(spec.base);
  if (!base || !quote || !baseSpec) throw new Error(`catalog pair ${spec.symbol} names an unknown asset`);
  const priceDecimals = decimalsFor(spec.tickSize);
  const qtyDecimals = decimalsFor(spec.stepSize);
  const key = hashKeys(seed, hashString(spec.symbol));
  const meanMinuteQty = spec.dailyVolumeUsd / baseSpec.refPriceUsd / 1440;
  const stepUnits = parseUnits(spec.stepSize, qtyDecimals);
  const scales: PairScales = {
    priceScale: 10 ** priceDecimals,
    tickUnits: parseUnits(spec.tickSize, priceDecimals),
    qtyScale: 10 ** qtyDecimals,
    stepUnits,
    minQtyUnits: stepUnits,
    meanMinuteQty,
    meanTrades: Math.min(40, Math.max(2, spec.dailyVolumeUsd / 1_000_000)),
  };
  const market = marketFromSpec(spec);
  const book: BookShape = {
    symbol: spec.symbol,
    key: hashKeys(key, 0xb00c),
    priceDecimals,
    qtyDecimals,
    tickUnits: scales.tickUnits,
    stepUnits,
    minQtyUnits: stepUnits,
    levelQtyUnits: Math.max(stepUnits, meanMinuteQty * scales.qtyScale * 0.3),
    spreadBps: spec.spreadBps,
    maxPriceUnits: parseUnits(market.filters.price.maxPrice, priceDecimals),
  };
  const tape = new SyntheticPairTape(key, base, quote, scales, priceDecimals, qtyDecimals, historyDays);
  return { market, tape, book };
}

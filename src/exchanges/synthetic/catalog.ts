/**
 * The synthetic venue's listing: Binance.US-style spot pairs with realistic filters.
 * Replay shares it for symbols it knows. Figures are modelled on Binance.US listings (2024-2025).
 */
import type { Market } from '../../model/market.js';
import { ORDER_TYPES } from '../../model/order.js';

export interface AssetSpec {
  asset: string;
  /** Typical USD price the synthetic path wanders around. */
  refPriceUsd: number;
  /** Typical daily log-return standard deviation. 0 for USD itself. */
  dailyVol: number;
  /** Pegged assets mean-revert tightly around refPriceUsd. */
  pegged?: boolean;
}

export interface PairSpec {
  symbol: string;
  base: string;
  quote: string;
  tickSize: string;
  stepSize: string;
  minNotional: string;
  /** Binance.US lists most pairs with NOTIONAL, some older ones with MIN_NOTIONAL. */
  notionalFilter: 'NOTIONAL' | 'MIN_NOTIONAL';
  maxQty: string;
  marketMaxQty: string;
  /** Typical 24h traded value in USD. */
  dailyVolumeUsd: number;
  /** Typical quoted spread in basis points. */
  spreadBps: number;
  status?: Market['status'];
}

export const SYNTHETIC_ASSETS: readonly AssetSpec[] = [
  { asset: 'USD', refPriceUsd: 1, dailyVol: 0 },
  { asset: 'USDT', refPriceUsd: 1, dailyVol: 0.0004, pegged: true },
  { asset: 'USDC', refPriceUsd: 1, dailyVol: 0.0003, pegged: true },
  { asset: 'BTC', refPriceUsd: 65_000, dailyVol: 0.028 },
  { asset: 'ETH', refPriceUsd: 3_200, dailyVol: 0.035 },
  { asset: 'SOL', refPriceUsd: 150, dailyVol: 0.05 },
  { asset: 'ADA', refPriceUsd: 0.45, dailyVol: 0.045 },
  { asset: 'XRP', refPriceUsd: 0.6, dailyVol: 0.045 },
  { asset: 'DOGE', refPriceUsd: 0.12, dailyVol: 0.055 },
  { asset: 'LTC', refPriceUsd: 80, dailyVol: 0.04 },
  { asset: 'LINK', refPriceUsd: 15, dailyVol: 0.05 },
  { asset: 'AVAX', refPriceUsd: 30, dailyVol: 0.055 },
  { asset: 'DOT', refPriceUsd: 6, dailyVol: 0.045 },
  { asset: 'POL', refPriceUsd: 0.45, dailyVol: 0.05 },
  { asset: 'MATIC', refPriceUsd: 0.45, dailyVol: 0.05 },
  { asset: 'UNI', refPriceUsd: 8, dailyVol: 0.05 },
  { asset: 'ATOM', refPriceUsd: 7, dailyVol: 0.045 },
  { asset: 'BCH', refPriceUsd: 380, dailyVol: 0.04 },
  { asset: 'SHIB', refPriceUsd: 0.00002, dailyVol: 0.06 },
];

type PairRow = [
  symbol: string,
  base: string,
  quote: string,
  tick: string,
  step: string,
  minNotional: string,
  maxQty: string,
  marketMaxQty: string,
  dailyUsd: number,
  spreadBps: number,
];

// symbol, base, quote, tickSize, stepSize, minNotional, maxQty, marketMaxQty, 24h USD volume, spread bps
const ROWS: PairRow[] = [
  ['BTCUSD', 'BTC', 'USD', '0.01', '0.00001', '1', '9000', '25', 25_000_000, 1],
  ['ETHUSD', 'ETH', 'USD', '0.01', '0.0001', '1', '100000', '400', 12_000_000, 1.5],
  ['SOLUSD', 'SOL', 'USD', '0.01', '0.001', '1', '900000', '8000', 6_000_000, 2],
  ['BTCUSDT', 'BTC', 'USDT', '0.01', '0.00001', '1', '9000', '24.60517579', 15_000_000, 1],
  ['ETHUSDT', 'ETH', 'USDT', '0.01', '0.0001', '1', '100000', '350', 8_000_000, 1.5],
  ['SOLUSDT', 'SOL', 'USDT', '0.01', '0.001', '1', '900000', '7000', 3_000_000, 2],
  ['BTCUSDC', 'BTC', 'USDC', '0.01', '0.00001', '1', '9000', '12', 4_000_000, 2],
  ['ETHUSDC', 'ETH', 'USDC', '0.01', '0.0001', '1', '100000', '150', 2_000_000, 2],
  ['USDTUSD', 'USDT', 'USD', '0.0001', '0.01', '1', '9000000', '1000000', 9_000_000, 1],
  ['USDCUSD', 'USDC', 'USD', '0.0001', '0.01', '1', '9000000', '1000000', 5_000_000, 1],
  ['ADAUSD', 'ADA', 'USD', '0.0001', '0.1', '1', '9000000', '700000', 1_500_000, 4],
  ['XRPUSD', 'XRP', 'USD', '0.0001', '0.1', '1', '9000000', '700000', 3_000_000, 3],
  ['DOGEUSD', 'DOGE', 'USD', '0.00001', '1', '1', '90000000', '5000000', 2_500_000, 4],
  ['LTCUSD', 'LTC', 'USD', '0.01', '0.001', '1', '90000', '3000', 1_200_000, 4],
  ['LINKUSD', 'LINK', 'USD', '0.001', '0.01', '1', '900000', '20000', 1_000_000, 5],
  ['AVAXUSD', 'AVAX', 'USD', '0.01', '0.01', '1', '900000', '9000', 900_000, 5],
  ['DOTUSD', 'DOT', 'USD', '0.001', '0.01', '1', '900000', '40000', 700_000, 5],
  ['POLUSD', 'POL', 'USD', '0.0001', '0.1', '1', '9000000', '500000', 600_000, 6],
  ['MATICUSD', 'MATIC', 'USD', '0.0001', '0.1', '1', '9000000', '500000', 50_000, 8],
  ['UNIUSD', 'UNI', 'USD', '0.001', '0.01', '1', '900000', '30000', 500_000, 6],
  ['ATOMUSD', 'ATOM', 'USD', '0.001', '0.01', '1', '900000', '30000', 500_000, 6],
  ['BCHUSD', 'BCH', 'USD', '0.01', '0.001', '1', '90000', '800', 800_000, 5],
  ['SHIBUSD', 'SHIB', 'USD', '0.00000001', '1', '1', '90000000000', '5000000000', 700_000, 8],
  ['ETHBTC', 'ETH', 'BTC', '0.00001', '0.0001', '0.0001', '100000', '300', 1_000_000, 3],
];

/** Pairs listed with the older MIN_NOTIONAL filter (as the real Binance.US BTCUSDT entry is); the rest use NOTIONAL. */
const MIN_NOTIONAL_STYLE = new Set(['BTCUSDT', 'ETHUSDT', 'ETHBTC']);

/**
 * MATICUSD is listed but halted: Polygon migrated MATIC to POL in 2024 and the venue stopped trading
 * the old pair. Its prices still move (as an indication) but a venue refuses orders on it.
 */
const HALTED = new Set(['MATICUSD']);

export const SYNTHETIC_PAIRS: readonly PairSpec[] = ROWS.map(
  ([symbol, base, quote, tickSize, stepSize, minNotional, maxQty, marketMaxQty, dailyVolumeUsd, spreadBps]) => ({
    symbol,
    base,
    quote,
    tickSize,
    stepSize,
    minNotional,
    maxQty,
    marketMaxQty,
    dailyVolumeUsd,
    spreadBps,
    notionalFilter: MIN_NOTIONAL_STYLE.has(symbol) ? 'MIN_NOTIONAL' : 'NOTIONAL',
    status: HALTED.has(symbol) ? 'HALT' : 'TRADING',
  }),
);

/** Every symbol the synthetic venue lists (including the halted one). */
export const SYNTHETIC_SYMBOLS: readonly string[] = SYNTHETIC_PAIRS.map((p) => p.symbol);

const PAIR_BY_SYMBOL = new Map(SYNTHETIC_PAIRS.map((p) => [p.symbol, p]));
const ASSET_BY_NAME = new Map(SYNTHETIC_ASSETS.map((a) => [a.asset, a]));

export function pairSpec(symbol: string): PairSpec | undefined {
  return PAIR_BY_SYMBOL.get(symbol);
}

export function assetSpec(asset: string): AssetSpec | undefined {
  return ASSET_BY_NAME.get(asset);
}

/** Quote assets the catalog knows, longest first (to split unknown symbols like "FOOUSDT"). */
export const KNOWN_QUOTES: readonly string[] = ['FDUSD', 'USDT', 'USDC', 'BUSD', 'USD', 'BTC', 'ETH', 'EUR', 'DAI'];

export const DEFAULT_FEES = { maker: '0.001', taker: '0.001' } as const;

/** Binance's full market description for a catalog pair. */
export function marketFromSpec(spec: PairSpec): Market {
  const filters: Market['filters'] = {
    price: { minPrice: spec.tickSize, maxPrice: '1000000', tickSize: spec.tickSize },
    lotSize: { minQty: spec.stepSize, maxQty: spec.maxQty, stepSize: spec.stepSize },
    marketLotSize: { minQty: '0', maxQty: spec.marketMaxQty, stepSize: '0' },
    percentPrice: { multiplierUp: '5', multiplierDown: '0.2', avgPriceMins: 5 },
    maxNumOrders: 200,
    maxNumAlgoOrders: 5,
    trailingDelta: {
      minTrailingAboveDelta: 10,
      maxTrailingAboveDelta: 2000,
      minTrailingBelowDelta: 10,
      maxTrailingBelowDelta: 2000,
    },
  };
  if (spec.notionalFilter === 'MIN_NOTIONAL') {
    filters.minNotional = { minNotional: spec.minNotional, applyToMarket: true, avgPriceMins: 5 };
  } else {
    filters.notional = {
      minNotional: spec.minNotional,
      applyMinToMarket: true,
      maxNotional: '9000000',
      applyMaxToMarket: false,
      avgPriceMins: 5,
    };
  }
  return {
    symbol: spec.symbol,
    baseAsset: spec.base,
    quoteAsset: spec.quote,
    status: spec.status ?? 'TRADING',
    baseAssetPrecision: 8,
    quoteAssetPrecision: 8,
    orderTypes: [...ORDER_TYPES],
    filters,
    fees: { ...DEFAULT_FEES },
  };
}

/** The synthetic venue's markets, fresh copies (callers may mutate them). */
export function syntheticCatalog(): Market[] {
  return SYNTHETIC_PAIRS.map(marketFromSpec);
}

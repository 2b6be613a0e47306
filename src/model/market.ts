import type { Decimal } from './money.js';
import type { OrderType } from './order.js';

export type SymbolStatus =
  'TRADING' | 'HALT' | 'BREAK' | 'PRE_TRADING' | 'POST_TRADING' | 'END_OF_DAY' | 'AUCTION_MATCH';

export interface PriceFilter {
  minPrice: Decimal;
  maxPrice: Decimal;
  tickSize: Decimal;
}
export interface LotSizeFilter {
  minQty: Decimal;
  maxQty: Decimal;
  stepSize: Decimal;
}
export interface MinNotionalFilter {
  minNotional: Decimal;
  applyToMarket: boolean;
  avgPriceMins: number;
}
export interface NotionalFilter {
  minNotional: Decimal;
  applyMinToMarket: boolean;
  maxNotional: Decimal;
  applyMaxToMarket: boolean;
  avgPriceMins: number;
}
export interface PercentPriceFilter {
  multiplierUp: Decimal;
  multiplierDown: Decimal;
  avgPriceMins: number;
}

/** TRAILING_DELTA (filters.md): bounds of `trailingDelta` in BIPS. "Above" is for stops above the market (STOP_LOSS_LIMIT BUY, TAKE_PROFIT_LIMIT SELL), "below" for the others. */
export interface TrailingDeltaFilter {
  minTrailingAboveDelta: number;
  maxTrailingAboveDelta: number;
  minTrailingBelowDelta: number;
  maxTrailingBelowDelta: number;
}

/** The exchange's per-symbol rules, named as Binance names them. Absent means the rule does not apply. */
export interface SymbolFilters {
  price: PriceFilter;
  lotSize: LotSizeFilter;
  marketLotSize?: LotSizeFilter;
  minNotional?: MinNotionalFilter;
  notional?: NotionalFilter;
  percentPrice?: PercentPriceFilter;
  maxNumOrders?: number;
  maxNumAlgoOrders?: number;
  trailingDelta?: TrailingDeltaFilter;
}

/** Fee rates as fractions of the traded amount: "0.001" is 0.1 %. */
export interface FeeRates {
  maker: Decimal;
  taker: Decimal;
}

export interface SymbolFee extends FeeRates {
  symbol: string;
}

export interface Market {
  symbol: string;
  baseAsset: string;
  quoteAsset: string;
  status: SymbolStatus;
  baseAssetPrecision: number;
  quoteAssetPrecision: number;
  orderTypes: OrderType[];
  filters: SymbolFilters;
  /** The venue's published schedule for this symbol; an account's own rates come from the Broker. */
  fees: FeeRates;
}

export const STABLECOINS: readonly string[] = ['USDT', 'USDC', 'BUSD', 'DAI', 'TUSD', 'USDP', 'FDUSD', 'PYUSD'];
export const FIAT_USD = 'USD';

/** A market symbol as Binance.US spells it: 2-20 capital letters or digits (BTCUSD). */
// eslint-disable-next-line no-restricted-syntax -- the one home of the pattern
export const SYMBOL_PATTERN = /^[A-Z0-9]{2,20}$/;

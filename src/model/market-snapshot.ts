import type { Decimal } from './money.js';

/** [price, quantity] */
export type BookLevel = [Decimal, Decimal];

/** L2 book: bids best (highest) first, asks best (lowest) first. */
export interface OrderBook {
  symbol: string;
  lastUpdateId: number;
  bids: BookLevel[];
  asks: BookLevel[];
  time: number;
}

/** Binance's 24h rolling-window statistics. */
export interface Ticker24h {
  symbol: string;
  priceChange: Decimal;
  priceChangePercent: Decimal;
  weightedAvgPrice: Decimal;
  prevClosePrice: Decimal;
  lastPrice: Decimal;
  lastQty: Decimal;
  bidPrice: Decimal;
  bidQty: Decimal;
  askPrice: Decimal;
  askQty: Decimal;
  openPrice: Decimal;
  highPrice: Decimal;
  lowPrice: Decimal;
  volume: Decimal;
  quoteVolume: Decimal;
  openTime: number;
  closeTime: number;
  count: number;
}

export interface PriceTick {
  symbol: string;
  price: Decimal;
  time: number;
}

export interface BookTicker {
  symbol: string;
  bidPrice: Decimal;
  bidQty: Decimal;
  askPrice: Decimal;
  askQty: Decimal;
}

/** A public trade print: what makes resting orders fill and stops trigger. */
export interface TradeTick {
  symbol: string;
  price: Decimal;
  qty: Decimal;
  time: number;
  buyerIsMaker: boolean;
}

/**
 * Binance's `/api/v3/avgPrice`: the volume-weighted price of the trades of the last `mins` minutes,
 * or the last trade's price when none traded in that window. PERCENT_PRICE(_BY_SIDE) bands are
 * centred on it, and MARKET orders are valued at it for MIN_NOTIONAL / NOTIONAL.
 */
export interface AveragePrice {
  symbol: string;
  mins: number;
  price: Decimal;
  /** The last trade's time. */
  closeTime: number;
}

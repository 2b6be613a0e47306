import type { Candle, Interval } from '../model/candle.js';
import type { Market } from '../model/market.js';
import type { AveragePrice, BookTicker, OrderBook, PriceTick, Ticker24h, TradeTick } from '../model/market-snapshot.js';
import type { UnitOrderBook } from '../model/unit-book.js';

export interface CandleQuery {
  /** Number of candles, newest last; default 500, at most 1000 (Binance's limits). */
  limit?: number | undefined;
  startTime?: number | undefined;
  endTime?: number | undefined;
}

/** Whether the source is producing prices. A replay stops at the end of its data and says so. */
export interface MarketDataStatus {
  state: 'open' | 'ended' | 'unavailable';
  message: string;
}

export type Unsubscribe = () => void;

/**
 * Public market data. Implementations: synthetic (seeded, offline), replay (CSV candles at
 * simulated time), live (Binance.US public REST + streams). Unknown symbols throw
 * ExchangeRejection(-1121, 'Invalid symbol.').
 */
export interface MarketData {
  /** 'synthetic', 'replay:<path>' or 'live'. */
  readonly source: string;
  markets(): Promise<Market[]>;
  market(symbol: string): Promise<Market>;
  /** All symbols when `symbols` is omitted. */
  tickers24h(symbols?: string[]): Promise<Ticker24h[]>;
  prices(symbols?: string[]): Promise<PriceTick[]>;
  bookTickers(symbols?: string[]): Promise<BookTicker[]>;
  /** `limit` levels per side, 1..5000 (default 100). */
  orderBook(symbol: string, limit?: number): Promise<OrderBook>;
  /** Binance's avgPrice: the venue's filters centre price bands and value MARKET orders on it. */
  averagePrice(symbol: string): Promise<AveragePrice>;
  /** Candles oldest first; the last one may still be forming. */
  candles(symbol: string, interval: Interval, query?: CandleQuery): Promise<Candle[]>;
  /** Public trades as they happen, for the symbols given; the simulated broker matches resting orders on these. */
  subscribeTrades(symbols: string[], listener: (trade: TradeTick) => void): Unsubscribe;
  status(): MarketDataStatus;
  close(): Promise<void>;
}

/**
 * Market data that makes its books from integers (the synthetic and replay tapes) and can hand them
 * out as such: the same levels orderBook() gives as text (see SimulatedBrokerOptions.unitBooks).
 */
export interface UnitBookSource {
  orderBookUnits(symbol: string, limit: number): Promise<UnitOrderBook>;
}

/**
 * The market data the backtest's SimulatedBroker reads, on the fast path: the tape market itself,
 * with what the broker fetches for each order (the market's rules, the book, the last price)
 * computed once per symbol and simulated instant and handed out again while the clock stands
 * still. Each of these is a pure function of the tape at the clock's time, so a cached answer is
 * the answer the tape would give; the Market is one copy per symbol, read and never changed.
 */
import type { Candle, Interval } from '../model/candle.js';
import type { Market } from '../model/market.js';
import type { AveragePrice, BookTicker, OrderBook, PriceTick, Ticker24h, TradeTick } from '../model/market-snapshot.js';
import type { CandleQuery, MarketData, MarketDataStatus, Unsubscribe } from '../ports/market-data.js';
import type { UnitOrderBook } from '../model/unit-book.js';
import type { UnitBookSource } from '../ports/market-data.js';
import type { TapeMarketData } from '../exchanges/synthetic/tape-market-data.js';
import type { InstantViewSource } from '../exchanges/simulator/simulated-broker.js';
import type { MarketView } from '../exchanges/simulator/matching-engine.js';

export class InstantCachedMarketData implements MarketData, UnitBookSource, InstantViewSource {
  private readonly marketCopies = new Map<string, Promise<Market>>();
  private readonly marketValues = new Map<string, Market>();
  private readonly views = new Map<string, { time: number; depth: number; book: UnitOrderBook; lastPrice: string }>();
  private readonly books = new Map<string, { time: number; book: Promise<OrderBook> }>();
  private readonly unitBooks = new Map<string, { time: number; limit: number; book: Promise<UnitOrderBook> }>();
  private readonly averages = new Map<string, () => string>();
  private readonly lastPrices = new Map<string, { time: number; price: Promise<PriceTick[]> }>();

  constructor(private readonly base: TapeMarketData) {}

  get source(): string {
    return this.base.source;
  }

  market(symbol: string): Promise<Market> {
    let m = this.marketCopies.get(symbol);
    if (!m) this.marketCopies.set(symbol, (m = this.base.market(symbol)));
    return m;
  }

  /** What SimulatedBroker.view reads, without promises: the same values, the book and last price kept while the clock stands still. */
  viewNow(symbol: string, depth: number, withAverage: boolean): MarketView {
    let market = this.marketValues.get(symbol);
    if (!market) this.marketValues.set(symbol, (market = this.base.marketCopy(symbol)));
    const time = this.base.clock.now();
    let hit = this.views.get(symbol);
    if (!hit || hit.time !== time || hit.depth !== depth) {
      const book = this.base.unitBookAt(symbol, depth);
      hit = { time, depth, book, lastPrice: this.base.lastPrice(symbol) ?? '0' };
      this.views.set(symbol, hit);
    }
    const { book, lastPrice } = hit;
    if (!withAverage) return { market, book, lastPrice };
    const bounds = this.base.averagePriceBounds(symbol);
    // With bounds, the average is computed only for an order whose verdict they leave open.
    return bounds
      ? { market, book, lastPrice, averagePrice: this.averageSource(symbol), averagePriceBounds: bounds }
      : { market, book, lastPrice, averagePrice: this.averageOf(symbol) };
  }

  /** The symbol's average price now, as a function made once per symbol (it reads the clock when called). */
  private averageSource(symbol: string): () => string {
    let source = this.averages.get(symbol);
    if (!source) this.averages.set(symbol, (source = this.averageOf.bind(this, symbol)));
    return source;
  }

  private averageOf(symbol: string): string {
    return this.base.averagePriceNow(symbol).price;
  }

  orderBook(symbol: string, limit?: number): Promise<OrderBook> {
    const key = `${symbol} ${limit}`;
    const time = this.base.clock.now();
    const hit = this.books.get(key);
    if (hit && hit.time === time) return hit.book;
    const book = this.base.orderBook(symbol, limit);
    this.books.set(key, { time, book });
    return book;
  }

  orderBookUnits(symbol: string, limit: number): Promise<UnitOrderBook> {
    const time = this.base.clock.now();
    const hit = this.unitBooks.get(symbol);
    if (hit && hit.time === time && hit.limit === limit) return hit.book;
    const book = this.base.orderBookUnits(symbol, limit);
    this.unitBooks.set(symbol, { time, limit, book });
    return book;
  }

  prices(symbols?: string[]): Promise<PriceTick[]> {
    if (symbols?.length !== 1) return this.base.prices(symbols);
    const symbol = symbols[0]!;
    const time = this.base.clock.now();
    const hit = this.lastPrices.get(symbol);
    if (hit && hit.time === time) return hit.price;
    const price = this.base.prices(symbols);
    this.lastPrices.set(symbol, { time, price });
    return price;
  }

  averagePrice(symbol: string): Promise<AveragePrice> {
    return this.base.averagePrice(symbol);
  }

  markets(): Promise<Market[]> {
    return this.base.markets();
  }

  tickers24h(symbols?: string[]): Promise<Ticker24h[]> {
    return this.base.tickers24h(symbols);
  }

  bookTickers(symbols?: string[]): Promise<BookTicker[]> {
    return this.base.bookTickers(symbols);
  }

  candles(symbol: string, interval: Interval, query?: CandleQuery): Promise<Candle[]> {
    return this.base.candles(symbol, interval, query);
  }

  subscribeTrades(symbols: string[], listener: (trade: TradeTick) => void): Unsubscribe {
    return this.base.subscribeTrades(symbols, listener);
  }

  status(): MarketDataStatus {
    return this.base.status();
  }

  close(): Promise<void> {
    return this.base.close();
  }
}

/**
 * A MarketData for tests: books and trades are whatever the test scripts. Trades pushed with
 * `trade()` reach subscribers synchronously. Candles and 24h tickers are not scripted and throw.
 */
import { ExchangeRejection } from '../../src/model/errors.js';
import type { Candle } from '../../src/model/candle.js';
import type { Market } from '../../src/model/market.js';
import type {
  AveragePrice,
  BookLevel,
  BookTicker,
  OrderBook,
  PriceTick,
  Ticker24h,
  TradeTick,
} from '../../src/model/market-snapshot.js';
import type { Decimal } from '../../src/model/money.js';
import type { Clock } from '../../src/ports/clock.js';
import type { MarketData, MarketDataStatus, Unsubscribe } from '../../src/ports/market-data.js';

export class ManualClock implements Clock {
  constructor(private time = Date.UTC(2024, 0, 1)) {}
  now(): number {
    return this.time;
  }
  advance(ms: number): void {
    this.time += ms;
  }
}

interface Subscription {
  symbols: Set<string>;
  listener: (trade: TradeTick) => void;
}

export class ScriptedMarketData implements MarketData {
  readonly source = 'scripted';
  private readonly byId = new Map<string, Market>();
  private readonly books = new Map<string, OrderBook>();
  private readonly lastPrices = new Map<string, Decimal>();
  private readonly averages = new Map<string, Decimal>();
  private readonly subscriptions = new Set<Subscription>();
  private updateId = 1;

  constructor(
    private readonly clock: Clock,
    markets: Market[],
  ) {
    for (const m of markets) this.byId.set(m.symbol, m);
  }

  /** Replaces the book (a new lastUpdateId); the last price becomes the mid unless one was set. */
  setBook(symbol: string, bids: BookLevel[], asks: BookLevel[]): void {
    this.books.set(symbol, { symbol, lastUpdateId: (this.updateId += 1), bids, asks, time: this.clock.now() });
    if (!this.lastPrices.has(symbol) && bids.length > 0) this.lastPrices.set(symbol, bids[0][0]);
  }

  /** The average price the venue's filters use; until set, the last price (as a symbol with avgPriceMins 0). */
  setAveragePrice(symbol: string, price: Decimal): void {
    this.averages.set(symbol, price);
  }

  async averagePrice(symbol: string): Promise<AveragePrice> {
    await this.market(symbol);
    const price = this.averages.get(symbol) ?? this.lastPrices.get(symbol) ?? '0';
    return { symbol, mins: this.averages.has(symbol) ? 5 : 0, price, closeTime: this.clock.now() };
  }

  setLastPrice(symbol: string, price: Decimal): void {
    this.lastPrices.set(symbol, price);
  }

  /** A public trade print: updates the last price and reaches every subscriber of the symbol. */
  trade(symbol: string, price: Decimal, qty: Decimal = '1', buyerIsMaker = false): void {
    this.lastPrices.set(symbol, price);
    const tick: TradeTick = { symbol, price, qty, time: this.clock.now(), buyerIsMaker };
    for (const s of [...this.subscriptions]) if (s.symbols.has(symbol)) s.listener(tick);
  }

  subscriberCount(symbol: string): number {
    return [...this.subscriptions].filter((s) => s.symbols.has(symbol)).length;
  }

  async markets(): Promise<Market[]> {
    return [...this.byId.values()];
  }

  async market(symbol: string): Promise<Market> {
    const m = this.byId.get(symbol);
    if (!m) throw new ExchangeRejection(-1121, 'Invalid symbol.');
    return m;
  }

  async prices(symbols?: string[]): Promise<PriceTick[]> {
    const wanted = symbols ?? [...this.lastPrices.keys()];
    return wanted
      .filter((s) => this.lastPrices.has(s))
      .map((s) => ({ symbol: s, price: this.lastPrices.get(s) as Decimal, time: this.clock.now() }));
  }

  async bookTickers(symbols?: string[]): Promise<BookTicker[]> {
    const wanted = symbols ?? [...this.books.keys()];
    return wanted
      .map((s) => this.book(s))
      .map((b) => ({
        symbol: b.symbol,
        bidPrice: b.bids[0]?.[0] ?? '0',
        bidQty: b.bids[0]?.[1] ?? '0',
        askPrice: b.asks[0]?.[0] ?? '0',
        askQty: b.asks[0]?.[1] ?? '0',
      }));
  }

  async orderBook(symbol: string, limit = 100): Promise<OrderBook> {
    const b = this.book(symbol);
    return { ...b, bids: b.bids.slice(0, limit), asks: b.asks.slice(0, limit) };
  }

  async tickers24h(): Promise<Ticker24h[]> {
    throw new Error('ScriptedMarketData does not script 24h tickers');
  }

  async candles(): Promise<Candle[]> {
    throw new Error('ScriptedMarketData does not script candles');
  }

  subscribeTrades(symbols: string[], listener: (trade: TradeTick) => void): Unsubscribe {
    const s: Subscription = { symbols: new Set(symbols), listener };
    this.subscriptions.add(s);
    return () => {
      this.subscriptions.delete(s);
    };
  }

  status(): MarketDataStatus {
    return { state: 'open', message: 'scripted by the test' };
  }

  async close(): Promise<void> {
    this.subscriptions.clear();
  }

  private book(symbol: string): OrderBook {
    const b = this.books.get(symbol);
    if (!b) {
      if (!this.byId.has(symbol)) throw new ExchangeRejection(-1121, 'Invalid symbol.');
      return { symbol, lastUpdateId: 0, bids: [], asks: [], time: this.clock.now() };
    }
    return b;
  }
}

/** 50 levels a side around 30,000: bids 30000.00, 29999.50, ...; asks 30000.50, 30001.00, ...; 0.5 BTC each. */
export function ladder(mid: number, step: number, qty: string, levels = 50): { bids: BookLevel[]; asks: BookLevel[] } {
  const bids: BookLevel[] = [];
  const asks: BookLevel[] = [];
  for (let i = 0; i < levels; i += 1) {
    bids.push([(mid - i * step).toFixed(2), qty]);
    asks.push([(mid + step + i * step).toFixed(2), qty]);
  }
  return { bids, asks };
}

/**
 * MarketData on Binance.US public endpoints (no keys), spending as little request weight as the
 * data allows: exchangeInfo cached for minutes, one call for several symbols, and short-lived
 * caches so that a burst of questions about the same symbols costs one request.
 */
import type { Logger } from '../../log.js';
import { silentLogger } from '../../log.js';
import type { Candle, Interval } from '../../model/candle.js';
import { InvalidInput } from '../../model/errors.js';
import type { Market } from '../../model/market.js';
import type {
  AveragePrice,
  BookTicker,
  OrderBook,
  PriceTick,
  Ticker24h,
  TradeTick,
} from '../../model/market-snapshot.js';
import type { Clock } from '../../ports/clock.js';
import type { CandleQuery, MarketData, MarketDataStatus, Unsubscribe } from '../../ports/market-data.js';
import type { ExchangeInfoCache } from './exchange-info.js';
import {
  parseAveragePrice,
  parseBookTicker,
  parseCandle,
  parseOrderBook,
  parsePriceTick,
  parseTicker24h,
} from './parse.js';
import type { AvgPriceRaw, BookTickerRaw, DepthRaw, KlineRaw, PriceTickerRaw, Ticker24hRaw } from './raw-types.js';
import { TransportError, type BinanceRestClient, type Params } from './rest-client.js';
import type { MarketStreams } from './streams.js';
import { TtlCache } from './ttl-cache.js';
import { depthWeight, priceTickerWeight, ticker24hWeight, WEIGHT } from './weights.js';

const DEPTH_LIMITS = [5, 10, 20, 50, 100, 500, 1000, 5000];
/** Largest symbol list /ticker/24hr charges weight 1 for. */
const TICKER_BATCH = 20;

export interface LiveMarketDataOptions {
  rest: BinanceRestClient;
  exchangeInfo: ExchangeInfoCache;
  clock: Clock;
  streams?: MarketStreams;
  logger?: Logger;
  /** How long tickers and prices are reused (default 1500 ms). */
  tickerTtlMs?: number;
  /** How long an order book is reused (default 1000 ms). */
  bookTtlMs?: number;
}

/** Per-symbol cache of one endpoint, filled by single, list and all-symbol calls alike. */
class SymbolCache<T extends { symbol: string }> {
  private readonly bySymbol: TtlCache<string, T>;
  private readonly all: TtlCache<'all', T[]>;

  constructor(clock: Clock, ttlMs: number) {
    this.bySymbol = new TtlCache(clock, ttlMs);
    this.all = new TtlCache(clock, ttlMs);
  }

  async get(symbols: string[] | undefined, fetch: (missing: string[] | undefined) => Promise<T[]>): Promise<T[]> {
    if (symbols === undefined) {
      const cached = this.all.get('all');
      if (cached) return cached;
      const fresh = await fetch(undefined);
      for (const item of fresh) this.bySymbol.set(item.symbol, item);
      this.all.set('all', fresh);
      return fresh;
    }
    const wanted = [...new Set(symbols)];
    const missing = wanted.filter((s) => this.bySymbol.get(s) === undefined);
    if (missing.length > 0) for (const item of await fetch(missing)) this.bySymbol.set(item.symbol, item);
    return wanted.map((s) => this.bySymbol.get(s)).filter((t): t is T => t !== undefined);
  }
}

export class BinanceUsMarketData implements MarketData {
  readonly source = 'live';
  private readonly rest: BinanceRestClient;
  private readonly info: ExchangeInfoCache;
  private readonly clock: Clock;
  private readonly streams: MarketStreams | undefined;
  private readonly logger: Logger;
  private readonly tickers: SymbolCache<Ticker24h>;
  private readonly priceCache: SymbolCache<PriceTick>;
  private readonly bookTickerCache: SymbolCache<BookTicker>;
  private readonly averages: SymbolCache<AveragePrice>;
  private readonly books: TtlCache<string, OrderBook>;
  private readonly candleCache: TtlCache<string, Candle[]>;
  private lastFailure: string | undefined;

  constructor(options: LiveMarketDataOptions) {
    this.rest = options.rest;
    this.info = options.exchangeInfo;
    this.clock = options.clock;
    this.streams = options.streams;
    this.logger = options.logger ?? silentLogger();
    const ttl = options.tickerTtlMs ?? 1500;
    this.tickers = new SymbolCache(this.clock, ttl);
    this.priceCache = new SymbolCache(this.clock, ttl);
    this.bookTickerCache = new SymbolCache(this.clock, ttl);
    this.averages = new SymbolCache(this.clock, ttl);
    this.books = new TtlCache(this.clock, options.bookTtlMs ?? 1000);
    this.candleCache = new TtlCache(this.clock, ttl);
  }

  markets(): Promise<Market[]> {
    return this.track(this.info.markets());
  }

  market(symbol: string): Promise<Market> {
    return this.track(this.info.market(symbol));
  }

  /**
   * Lists of up to 20 symbols cost 1 each against 40 for everything, so "all tickers" is asked
   * for in lists of 20 of the symbols exchangeInfo names (cached), and longer lists are split too.
   */
  async tickers24h(symbols?: string[]): Promise<Ticker24h[]> {
    const wanted = symbols ?? (await this.markets()).map((m) => m.symbol);
    return this.track(
      this.tickers.get(wanted, async (missing = []) => {
        const batches: string[][] = [];
        for (let i = 0; i < missing.length; i += TICKER_BATCH) batches.push(missing.slice(i, i + TICKER_BATCH));
        const answers = await Promise.all(
          batches.map((batch) =>
            this.rest.get<Ticker24hRaw | Ticker24hRaw[]>(
              '/api/v3/ticker/24hr',
              symbolParams(batch),
              ticker24hWeight(batch.length),
            ),
          ),
        );
        return answers.flatMap((raw) => asArray(raw).map(parseTicker24h));
      }),
    );
  }

  prices(symbols?: string[]): Promise<PriceTick[]> {
    return this.track(
      this.priceCache.get(symbols, async (missing) => {
        const raw = await this.rest.get<PriceTickerRaw | PriceTickerRaw[]>(
          '/api/v3/ticker/price',
          symbolParams(missing),
          priceTickerWeight(missing?.length),
        );
        const now = this.clock.now();
        return asArray(raw).map((r) => parsePriceTick(r, now));
      }),
    );
  }

  bookTickers(symbols?: string[]): Promise<BookTicker[]> {
    return this.track(
      this.bookTickerCache.get(symbols, async (missing) => {
        const raw = await this.rest.get<BookTickerRaw | BookTickerRaw[]>(
          '/api/v3/ticker/bookTicker',
          symbolParams(missing),
          priceTickerWeight(missing?.length),
        );
        return asArray(raw).map(parseBookTicker);
      }),
    );
  }

  /** Asks Binance for the smallest allowed depth covering `limit`; a fresh deeper book serves a shallower question. */
  async orderBook(symbol: string, limit = 100): Promise<OrderBook> {
    if (!Number.isInteger(limit) || limit < 1 || limit > 5000)
      throw new InvalidInput('limit', `${limit} levels`, 'a whole number from 1 to 5000');
    const depth = DEPTH_LIMITS.find((d) => d >= limit) ?? 5000;
    const cached = DEPTH_LIMITS.filter((d) => d >= depth)
      .map((d) => this.books.get(`${symbol}:${d}`))
      .find((b) => b !== undefined);
    const book =
      cached ??
      (await this.track(
        (async () => {
          const raw = await this.rest.get<DepthRaw>('/api/v3/depth', { symbol, limit: depth }, depthWeight(depth));
          const fresh = parseOrderBook(raw, symbol, this.clock.now());
          this.books.set(`${symbol}:${depth}`, fresh);
          return fresh;
        })(),
      ));
    return { ...book, bids: book.bids.slice(0, limit), asks: book.asks.slice(0, limit) };
  }

  /** Binance's own average price (GET /api/v3/avgPrice), reused as briefly as tickers. */
  async averagePrice(symbol: string): Promise<AveragePrice> {
    const [average] = await this.averages.get([symbol], async (missing) =>
      Promise.all(
        (missing ?? [symbol]).map(async (s) =>
          parseAveragePrice(
            await this.track(this.rest.get<AvgPriceRaw>('/api/v3/avgPrice', { symbol: s }, WEIGHT.avgPrice)),
            s,
          ),
        ),
      ),
    );
    if (!average) throw new Error(`no average price for ${symbol}`);
    return average;
  }

  async candles(symbol: string, interval: Interval, query: CandleQuery = {}): Promise<Candle[]> {
    const limit = query.limit ?? 500;
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
      throw new InvalidInput('limit', `${limit} candles`, 'a whole number from 1 to 1000');
    const key = `${symbol}:${interval}:${limit}:${query.startTime ?? ''}:${query.endTime ?? ''}`;
    const cached = this.candleCache.get(key);
    if (cached) return cached;
    const params: Params = { symbol, interval, startTime: query.startTime, endTime: query.endTime, limit };
    const candles = (await this.track(this.rest.get<KlineRaw[]>('/api/v3/klines', params, WEIGHT.klines))).map(
      parseCandle,
    );
    this.candleCache.set(key, candles);
    return candles;
  }

  subscribeTrades(symbols: string[], listener: (trade: TradeTick) => void): Unsubscribe {
    const streams = this.streams;
    if (!streams) throw new Error('live trade subscriptions need BINANCE_STREAM_URL (no stream client was configured)');
    const unsubscribes = [...new Set(symbols)].map((symbol) => streams.subscribeTrades(symbol, listener));
    return () => {
      for (const unsubscribe of unsubscribes) unsubscribe();
    };
  }

  status(): MarketDataStatus {
    if (this.lastFailure !== undefined)
      return { state: 'unavailable', message: `Binance.US public data could not be reached: ${this.lastFailure}` };
    return { state: 'open', message: `live Binance.US public data from ${new URL(this.rest.baseUrl).host}` };
  }

  async close(): Promise<void> {
    await this.streams?.close();
  }

  /** Network failures mark the source unavailable until the next success. */
  private async track<T>(promise: Promise<T>): Promise<T> {
    try {
      const value = await promise;
      this.lastFailure = undefined;
      return value;
    } catch (error) {
      if (error instanceof TransportError) {
        this.lastFailure = error.message;
        this.logger.warn({ error: error.message }, 'binance-us public data unavailable');
      }
      throw error;
    }
  }
}

function symbolParams(symbols: string[] | undefined): Params | undefined {
  if (symbols === undefined) return undefined;
  if (symbols.length === 1) return { symbol: symbols[0] };
  return { symbols: JSON.stringify(symbols) };
}

function asArray<T>(value: T | T[]): T[] {
  return Array.isArray(value) ? value : [value];
}

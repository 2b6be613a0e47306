/**
 * The MarketData contract: every implementation (synthetic, replay, live against the local fake
 * Binance) runs this same suite. The harness owns time: `clock.now()` is the source's current time
 * and `advance(ms)` moves it forward and lets the trades of that span reach subscribers.
 */
import { describe, expect, it } from 'vitest';
import {
  INTERVAL_MS,
  INTERVALS,
  intervalStart,
  nextIntervalStart,
  type Candle,
  type Interval,
} from '../../src/model/candle.js';
import { ExchangeRejection } from '../../src/model/errors.js';
import type { Market } from '../../src/model/market.js';
import type { TradeTick } from '../../src/model/market-snapshot.js';
import { cmp, dec, isMultipleOf, isPositive, sub } from '../../src/model/money.js';
import type { Clock } from '../../src/ports/clock.js';
import type { MarketData } from '../../src/ports/market-data.js';

export interface MarketDataHarness {
  md: MarketData;
  clock: Clock;
  /** Move the source's time forward by `ms` and deliver the trades of that span. */
  advance(ms: number): Promise<void> | void;
  cleanup(): Promise<void>;
}

export interface MarketDataContractOptions {
  /** Symbol the per-symbol checks use; the first TRADING market by default. */
  symbol?: string;
  /** How long to wait for trades after advance() (live adapters deliver asynchronously). */
  tradeWaitMs?: number;
  /**
   * Whether subscribeTrades refuses an unknown symbol at once (default true). The live adapter
   * cannot: Binance.US's websocket accepts any stream name and never answers for an unknown one.
   */
  subscribeChecksSymbol?: boolean;
  /** A candle limit above 1000: capped (default) or refused naming `limit` (the live adapter: the API's maximum). */
  candleLimitAbove1000?: 'capped' | 'refused';
}

const UNKNOWN = 'NOSUCHPAIRUSD';

async function expectBadSymbol(action: () => Promise<unknown> | unknown): Promise<void> {
  try {
    await action();
  } catch (error) {
    expect(error).toBeInstanceOf(ExchangeRejection);
    expect((error as ExchangeRejection).code).toBe(-1121);
    expect((error as ExchangeRejection).message).toBe('Invalid symbol.');
    return;
  }
  expect.fail('expected ExchangeRejection -1121');
}

function maxOf(values: string[]): string {
  return values.reduce((a, b) => (cmp(a, b) >= 0 ? a : b));
}

function minOf(values: string[]): string {
  return values.reduce((a, b) => (cmp(a, b) <= 0 ? a : b));
}

function expectWellFormed(candles: Candle[], interval: Interval, now: number): void {
  for (let i = 0; i < candles.length; i++) {
    const c = candles[i];
    expect(c.openTime).toBe(intervalStart(interval, c.openTime));
    expect(c.closeTime).toBe(nextIntervalStart(interval, c.openTime) - 1);
    expect(c.openTime).toBeLessThanOrEqual(now);
    if (i > 0) expect(c.openTime).toBeGreaterThan(candles[i - 1].openTime);
    expect(cmp(c.high, maxOf([c.open, c.close]))).toBeGreaterThanOrEqual(0);
    expect(cmp(c.low, minOf([c.open, c.close]))).toBeLessThanOrEqual(0);
    expect(isPositive(c.low)).toBe(true);
    expect(cmp(c.volume, '0')).toBeGreaterThanOrEqual(0);
    expect(c.trades).toBeGreaterThanOrEqual(0);
  }
}

async function waitFor(condition: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!condition() && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
}

export function runMarketDataContract(
  name: string,
  make: () => Promise<MarketDataHarness>,
  options: MarketDataContractOptions = {},
): void {
  describe(`MarketData contract: ${name}`, () => {
    const withHarness = (fn: (h: MarketDataHarness, symbol: string, market: Market) => Promise<void>) => async () => {
      const h = await make();
      try {
        const markets = await h.md.markets();
        const market =
          markets.find((m) => m.symbol === options.symbol) ?? markets.find((m) => m.status === 'TRADING') ?? markets[0];
        await fn(h, market.symbol, market);
      } finally {
        await h.cleanup();
      }
    };

    it(
      'markets when listed then each has self-consistent filters, fees and order types',
      withHarness(async ({ md }) => {
        const markets = await md.markets();
        expect(markets.length).toBeGreaterThan(0);
        expect(new Set(markets.map((m) => m.symbol)).size).toBe(markets.length);
        for (const m of markets) {
          expect(m.baseAsset + m.quoteAsset).toBe(m.symbol);
          const { price, lotSize, marketLotSize } = m.filters;
          expect(isPositive(price.tickSize)).toBe(true);
          expect(isMultipleOf(price.minPrice, price.tickSize)).toBe(true);
          expect(cmp(price.minPrice, price.maxPrice)).toBeLessThanOrEqual(0);
          expect(isPositive(lotSize.stepSize)).toBe(true);
          expect(isMultipleOf(lotSize.minQty, lotSize.stepSize)).toBe(true);
          expect(cmp(lotSize.minQty, lotSize.maxQty)).toBeLessThanOrEqual(0);
          if (marketLotSize) expect(cmp(marketLotSize.minQty, marketLotSize.maxQty)).toBeLessThanOrEqual(0);
          expect(m.filters.minNotional ?? m.filters.notional).toBeDefined();
          expect(m.orderTypes).toEqual(expect.arrayContaining(['LIMIT', 'MARKET']));
          for (const rate of [m.fees.maker, m.fees.taker]) {
            expect(cmp(rate, '0')).toBeGreaterThanOrEqual(0);
            expect(cmp(rate, '0.01')).toBeLessThanOrEqual(0);
          }
          expect(await md.market(m.symbol)).toEqual(m);
        }
      }),
    );

    it(
      'every call when the symbol is unknown then rejects with -1121 Invalid symbol.',
      withHarness(async ({ md }) => {
        await expectBadSymbol(() => md.market(UNKNOWN));
        await expectBadSymbol(() => md.tickers24h([UNKNOWN]));
        await expectBadSymbol(() => md.prices([UNKNOWN]));
        await expectBadSymbol(() => md.bookTickers([UNKNOWN]));
        await expectBadSymbol(() => md.orderBook(UNKNOWN));
        await expectBadSymbol(() => md.candles(UNKNOWN, '1m'));
        if (options.subscribeChecksSymbol ?? true)
          await expectBadSymbol(() => md.subscribeTrades([UNKNOWN], () => undefined));
      }),
    );

    it(
      'prices when read then agree with the 24h ticker, the forming candle and the tick size',
      withHarness(async ({ md }, symbol, market) => {
        const [price] = await md.prices([symbol]);
        const [ticker] = await md.tickers24h([symbol]);
        const [forming] = (await md.candles(symbol, '1m', { limit: 1 })).slice(-1);
        expect(price.symbol).toBe(symbol);
        expect(isPositive(price.price)).toBe(true);
        expect(isMultipleOf(price.price, market.filters.price.tickSize)).toBe(true);
        expect(cmp(ticker.lastPrice, price.price)).toBe(0);
        expect(cmp(forming.close, price.price)).toBe(0);
        const all = await md.prices();
        expect(all.map((p) => p.symbol)).toContain(symbol);
      }),
    );

    it(
      'tickers24h when read then open, high, low bracket the last price and the 1m candles inside the window',
      withHarness(async ({ md, clock }, symbol) => {
        const [t] = await md.tickers24h([symbol]);
        expect(t.symbol).toBe(symbol);
        expect(cmp(t.highPrice, t.lastPrice)).toBeGreaterThanOrEqual(0);
        expect(cmp(t.lowPrice, t.lastPrice)).toBeLessThanOrEqual(0);
        expect(cmp(t.highPrice, t.openPrice)).toBeGreaterThanOrEqual(0);
        expect(cmp(t.lowPrice, t.openPrice)).toBeLessThanOrEqual(0);
        expect(cmp(t.priceChange, sub(t.lastPrice, t.openPrice))).toBe(0);
        expect(cmp(t.bidPrice, t.askPrice)).toBeLessThan(0);
        expect(t.closeTime - t.openTime).toBe(86_400_000);
        expect(t.closeTime).toBeLessThanOrEqual(clock.now());
        const inside = (await md.candles(symbol, '1m', { limit: 1000 })).filter((c) => c.openTime >= t.openTime);
        expect(inside.length).toBeGreaterThan(0);
        expect(cmp(t.highPrice, maxOf(inside.map((c) => c.high)))).toBeGreaterThanOrEqual(0);
        expect(cmp(t.lowPrice, minOf(inside.map((c) => c.low)))).toBeLessThanOrEqual(0);
      }),
    );

    it(
      'orderBook when read then bids descend, asks ascend, the spread is positive and it sits around the last price',
      withHarness(async ({ md }, symbol, market) => {
        const [{ price }] = await md.prices([symbol]);
        for (const limit of [5, 100, 5000]) {
          const book = await md.orderBook(symbol, limit);
          expect(book.symbol).toBe(symbol);
          expect(book.bids.length).toBeGreaterThan(0);
          expect(book.asks.length).toBeGreaterThan(0);
          expect(book.bids.length).toBeLessThanOrEqual(limit);
          expect(book.asks.length).toBeLessThanOrEqual(limit);
          for (let i = 1; i < book.bids.length; i++) expect(cmp(book.bids[i][0], book.bids[i - 1][0])).toBe(-1);
          for (let i = 1; i < book.asks.length; i++) expect(cmp(book.asks[i][0], book.asks[i - 1][0])).toBe(1);
          for (const [p, q] of [...book.bids, ...book.asks]) {
            expect(isMultipleOf(p, market.filters.price.tickSize)).toBe(true);
            expect(isPositive(q)).toBe(true);
          }
          expect(cmp(book.bids[0][0], book.asks[0][0])).toBe(-1);
          const mid = dec(book.bids[0][0]).plus(book.asks[0][0]).div(2);
          expect(mid.minus(price).abs().div(price).toNumber()).toBeLessThan(0.01);
        }
        const deep = await md.orderBook(symbol, 5000);
        expect(deep.bids.length).toBeGreaterThan(100);
        const [top] = await md.bookTickers([symbol]);
        expect(cmp(top.bidPrice, top.askPrice)).toBe(-1);
      }),
    );

    it(
      'candles of every interval when read then aligned, well-formed, newest last and none from the future',
      withHarness(async ({ md, clock }, symbol) => {
        const now = clock.now();
        for (const interval of INTERVALS) {
          const candles = await md.candles(symbol, interval, { limit: 50 });
          expect(candles.length).toBeGreaterThan(0);
          expect(candles.length).toBeLessThanOrEqual(50);
          expectWellFormed(candles, interval, now);
          expect(candles.at(-1)!.openTime).toBe(intervalStart(interval, now));
        }
        const [{ price }] = await md.prices([symbol]);
        expect(cmp((await md.candles(symbol, '1h', { limit: 1 }))[0].close, price)).toBe(0);
      }),
    );

    it(
      'candles when limit, startTime or endTime are given then they are honoured (limit capped at 1000)',
      withHarness(async ({ md }, symbol) => {
        const latest = await md.candles(symbol, '1m', { limit: 500 });
        expect(latest.length).toBe(500);
        expect((await md.candles(symbol, '1m')).length).toBe(500);
        if ((options.candleLimitAbove1000 ?? 'capped') === 'capped')
          expect((await md.candles(symbol, '1m', { limit: 5000 })).length).toBeLessThanOrEqual(1000);
        else await expect(md.candles(symbol, '1m', { limit: 5000 })).rejects.toMatchObject({ field: 'limit' });
        const start = latest[100].openTime;
        const end = latest[119].openTime;
        const ranged = await md.candles(symbol, '1m', { startTime: start, endTime: end });
        expect(ranged.map((c) => c.openTime)).toEqual(latest.slice(100, 120).map((c) => c.openTime));
        expect(ranged).toEqual(latest.slice(100, 120));
        const fromStart = await md.candles(symbol, '1m', { startTime: start + 1, limit: 7 });
        expect(fromStart.length).toBe(7);
        expect(fromStart[0].openTime).toBe(start + INTERVAL_MS['1m']);
        const toEnd = await md.candles(symbol, '1m', { endTime: end, limit: 3 });
        expect(toEnd.map((c) => c.openTime)).toEqual(latest.slice(117, 120).map((c) => c.openTime));
      }),
    );

    it(
      'candles of a larger interval when compared with the 1m candles inside them then they agree',
      withHarness(async ({ md }, symbol) => {
        const hours = await md.candles(symbol, '1h', { limit: 3 });
        const hour = hours[hours.length - 2];
        const minutes = await md.candles(symbol, '1m', {
          startTime: hour.openTime,
          endTime: hour.closeTime,
          limit: 60,
        });
        expect(minutes.length).toBeGreaterThan(0);
        expect(cmp(hour.open, minutes[0].open)).toBe(0);
        expect(cmp(hour.close, minutes.at(-1)!.close)).toBe(0);
        expect(cmp(hour.high, maxOf(minutes.map((c) => c.high)))).toBe(0);
        expect(cmp(hour.low, minOf(minutes.map((c) => c.low)))).toBe(0);
        const volume = minutes.reduce((a, c) => a.plus(c.volume), dec(0));
        expect(volume.minus(hour.volume).abs().toNumber()).toBeLessThanOrEqual(Number(hour.volume) * 1e-9);
      }),
    );

    it(
      'subscribeTrades when the clock advances then trades arrive in order, inside the candles and ending at the last price',
      withHarness(async (h, symbol) => {
        const trades: TradeTick[] = [];
        const before = h.clock.now();
        const unsubscribe = h.md.subscribeTrades([symbol], (t) => trades.push(t));
        await h.advance(120_000);
        await waitFor(() => trades.length > 0, options.tradeWaitMs ?? 10_000);
        const after = h.clock.now();
        expect(trades.length).toBeGreaterThan(0);
        for (let i = 0; i < trades.length; i++) {
          expect(trades[i].symbol).toBe(symbol);
          expect(trades[i].time).toBeGreaterThan(before);
          expect(trades[i].time).toBeLessThanOrEqual(after);
          expect(isPositive(trades[i].price)).toBe(true);
          if (i > 0) expect(trades[i].time).toBeGreaterThanOrEqual(trades[i - 1].time);
        }
        const candles = await h.md.candles(symbol, '1m', { startTime: intervalStart('1m', before), limit: 10 });
        for (const t of trades) {
          const c = candles.find((k) => k.openTime <= t.time && t.time <= k.closeTime)!;
          expect(c).toBeDefined();
          expect(cmp(t.price, c.low)).toBeGreaterThanOrEqual(0);
          expect(cmp(t.price, c.high)).toBeLessThanOrEqual(0);
        }
        const [{ price }] = await h.md.prices([symbol]);
        expect(cmp(trades.at(-1)!.price, price)).toBe(0);
        unsubscribe();
        const seen = trades.length;
        await h.advance(30_000);
        await new Promise((r) => setTimeout(r, 20));
        expect(trades.length).toBe(seen);
      }),
    );

    it(
      'status when the source is running then it is open and says what it is',
      withHarness(async ({ md }) => {
        const status = md.status();
        expect(status.state).toBe('open');
        expect(status.message.length).toBeGreaterThan(0);
        expect(md.source.length).toBeGreaterThan(0);
      }),
    );
  });
}

import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock/manual-clock.js';
import { ExchangeInfoCache } from '../../src/exchanges/binance-us/exchange-info.js';
import { BinanceUsMarketData } from '../../src/exchanges/binance-us/live-market-data.js';
import { probeBinanceUs } from '../../src/exchanges/binance-us/probe.js';
import { RateLimiter } from '../../src/exchanges/binance-us/rate-limiter.js';
import { BinanceRestClient } from '../../src/exchanges/binance-us/rest-client.js';
import type { Ticker24hRaw } from '../../src/exchanges/binance-us/raw-types.js';
import { ExchangeRejection } from '../../src/model/errors.js';
import { exchangeInfo } from './fixtures.js';
import { startTinyServer, type TinyServer } from './tiny-server.js';

let server: TinyServer;
afterEach(async () => {
  await server?.close();
});

const SYMBOLS = ['BTCUSD', 'ETHUSD', 'SOLUSD', 'ADAUSD', 'XRPUSD', 'DOGEUSD'];
const ticker = (symbol: string): Ticker24hRaw => ({
  symbol,
  priceChange: '1.0',
  priceChangePercent: '0.1',
  weightedAvgPrice: '10.0',
  prevClosePrice: '9.0',
  lastPrice: '10.0',
  lastQty: '1.0',
  bidPrice: '9.9',
  bidQty: '1.0',
  askPrice: '10.1',
  askQty: '1.0',
  openPrice: '9.0',
  highPrice: '11.0',
  lowPrice: '8.0',
  volume: '100.0',
  quoteVolume: '1000.0',
  openTime: 1,
  closeTime: 2,
  firstId: 1,
  lastId: 2,
  count: 2,
});

async function setUp(symbolCount = SYMBOLS.length) {
  const symbols = [
    ...SYMBOLS,
    ...Array.from({ length: Math.max(0, symbolCount - SYMBOLS.length) }, (_, i) => `SYM${i + SYMBOLS.length}USD`),
  ];
  server = await startTinyServer();
  server.route('GET', '/api/v3/exchangeInfo', () => ({ body: exchangeInfo(symbols) }));
  server.route('GET', '/api/v3/ticker/24hr', (req) => {
    const one = req.params.get('symbol');
    const list = req.params.get('symbols');
    if (one) return { body: ticker(one) };
    return { body: (list ? (JSON.parse(list) as string[]) : symbols).map(ticker) };
  });
  server.route('GET', '/api/v3/depth', (req) => {
    const limit = Number(req.params.get('limit'));
    const levels = Array.from({ length: limit }, (_, i) => [String(100 - i), '1.0']);
    return { body: { lastUpdateId: 7, bids: levels, asks: levels.map(([p, q]) => [String(200 - Number(p)), q]) } };
  });
  const clock = new ManualClock(1_700_000_000_000);
  const rest = new BinanceRestClient({
    baseUrl: server.url,
    clock,
    limiter: new RateLimiter({ clock, trustServerWeight: false }),
  });
  const data = new BinanceUsMarketData({ rest, exchangeInfo: new ExchangeInfoCache(rest, clock), clock });
  const calls = (path: string) => server.requests.filter((r) => r.path === path);
  return { clock, rest, data, calls };
}

describe('BinanceUsMarketData', () => {
  it('tickers for several symbols then take one symbols=[...] call of weight 1, and the cache answers a repeat', async () => {
    const { data, calls, rest, clock } = await setUp();
    const tickers = await data.tickers24h(['BTCUSD', 'ETHUSD', 'SOLUSD']);
    expect(tickers.map((t) => t.symbol)).toEqual(['BTCUSD', 'ETHUSD', 'SOLUSD']);
    expect(calls('/api/v3/ticker/24hr').map((r) => r.params.get('symbols'))).toEqual(['["BTCUSD","ETHUSD","SOLUSD"]']);
    await data.tickers24h(['ETHUSD', 'BTCUSD']);
    expect(calls('/api/v3/ticker/24hr')).toHaveLength(1);
    clock.advance(2000);
    await data.tickers24h(['BTCUSD']);
    expect(calls('/api/v3/ticker/24hr')[1].params.get('symbol')).toBe('BTCUSD');
    expect(rest.limiter.stats().totalWeight).toBe(2);
  });

  it('all tickers then exchangeInfo (10) plus lists of 20 symbols (1 each) instead of one call of weight 40, and they serve later questions', async () => {
    const { data, calls, rest } = await setUp(45);
    expect(await data.tickers24h()).toHaveLength(45);
    await data.tickers24h(['SYM44USD', 'XRPUSD']);
    expect(
      calls('/api/v3/ticker/24hr').map((r) => (JSON.parse(r.params.get('symbols') ?? '[]') as string[]).length),
    ).toEqual([20, 20, 5]);
    expect(rest.limiter.stats().totalWeight).toBe(10 + 3);
  });

  it('exchangeInfo then is fetched once for markets and market lookups, and an unknown symbol is rejected with -1121', async () => {
    const { data, calls } = await setUp();
    expect((await data.markets()).map((m) => m.symbol)).toEqual(SYMBOLS);
    expect((await data.market('ETHUSD')).filters.lotSize.stepSize).toBe('0.00001000');
    await expect(data.market('NOPEUSD')).rejects.toEqual(new ExchangeRejection(-1121, 'Invalid symbol.'));
    expect(calls('/api/v3/exchangeInfo')).toHaveLength(1);
  });

  it('an order book of 7 levels then asks for the smallest allowed depth (10) and a fresh 100-level book serves 20', async () => {
    const { data, calls, rest } = await setUp();
    const seven = await data.orderBook('BTCUSD', 7);
    expect(seven.bids).toHaveLength(7);
    expect(calls('/api/v3/depth')[0].params.get('limit')).toBe('10');
    await data.orderBook('BTCUSD', 100);
    const twenty = await data.orderBook('BTCUSD', 20);
    expect(twenty.asks).toHaveLength(20);
    expect(calls('/api/v3/depth')).toHaveLength(2);
    expect(rest.limiter.stats().totalWeight).toBe(2);
    await expect(data.orderBook('BTCUSD', 6000)).rejects.toThrow(/limit/);
  });

  it('status after the exchange cannot be reached then says unavailable', async () => {
    const clock = new ManualClock(0);
    const rest = new BinanceRestClient({ baseUrl: 'http://127.0.0.1:1', clock, readRetries: 0 });
    const data = new BinanceUsMarketData({ rest, exchangeInfo: new ExchangeInfoCache(rest, clock), clock });
    await expect(data.prices(['BTCUSD'])).rejects.toThrow();
    expect(data.status().state).toBe('unavailable');
  });
});

describe('probeBinanceUs', () => {
  it('a reachable exchange then returns null', async () => {
    server = await startTinyServer();
    server.route('GET', '/api/v3/ping', () => ({ body: {} }));
    await expect(probeBinanceUs(server.url, 1000)).resolves.toBeNull();
  });

  it('an unreachable host then names it and suggests --market synthetic or --market replay:PATH', async () => {
    const message = await probeBinanceUs('http://127.0.0.1:1', 1000);
    expect(message).toContain('127.0.0.1:1');
    expect(message).toContain('--market synthetic');
    expect(message).toContain('--market replay:PATH');
  });

  it('a host that never answers then says it timed out', async () => {
    server = await startTinyServer();
    server.route('GET', '/api/v3/ping', () => ({ hang: true }));
    expect(await probeBinanceUs(server.url, 100)).toMatch(/did not answer within 100 ms/);
  });
});

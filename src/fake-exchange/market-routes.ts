import { isInterval } from '../model/candle.js';
import type { Market } from '../model/market.js';
import { Big } from '../model/money.js';
import type { MarketData } from '../ports/market-data.js';
import { averagePrice } from './avg-price.js';
import type { Params } from './params.js';
import type { FakeRateLimiter } from './rate-limits.js';
import { fixed, type Route } from './routes.js';
import { wireErrors } from './wire-error.js';
import { bookTickerRaw, depthRaw, exchangeInfoRaw, klineRaw, ticker24hRaw } from './wire-format.js';

function depthWeight(params: Params): number {
  const limit = Number(params.peek('limit') ?? 100);
  if (!(limit <= 100)) return limit <= 500 ? 5 : limit <= 1000 ? 10 : 50;
  return 1;
}

function symbolsCount(params: Params): number | undefined {
  if (params.peek('symbol') !== undefined) return 1;
  const list = params.peek('symbols');
  if (list === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(list);
    return Array.isArray(parsed) ? parsed.length : 1;
  } catch {
    return 1;
  }
}

function ticker24hWeight(params: Params): number {
  const n = symbolsCount(params);
  if (n === undefined) return 40;
  return n <= 20 ? 1 : n <= 100 ? 20 : 40;
}

const oneOrAll = (params: Params): number => (params.peek('symbol') !== undefined ? 1 : 2);

/** `symbol` or `symbols`, never both; undefined means all. Unknown symbols are -1121. */
async function requestedSymbols(params: Params, marketData: MarketData): Promise<string[] | undefined> {
  const one = params.optional('symbol');
  const many = params.symbolList('symbols');
  if (one !== undefined && many !== undefined) throw wireErrors.badRequest(-1102, "Parameter 'symbol' and 'symbols' cannot be sent together.");
  const wanted = one !== undefined ? [one] : many;
  if (wanted) await Promise.all(wanted.map((s) => marketData.market(s)));
  return wanted;
}

function limitParam(params: Params, fallback: number, max: number): number {
  const limit = params.integer('limit') ?? fallback;
  if (limit < 1) throw wireErrors.illegalChars('limit', `1 to ${max}`);
  return Math.min(limit, max);
}

/** The public market-data endpoints, answered from the MarketData port. */
export function marketRoutes(marketData: MarketData, limiter: FakeRateLimiter): Route[] {
  return [
    { method: 'GET', path: '/api/v3/ping', security: 'NONE', weight: fixed(1), handle: async () => ({}) },
    { method: 'GET', path: '/api/v3/time', security: 'NONE', weight: fixed(1), handle: async ({ now }) => ({ serverTime: now }) },
    {
      method: 'GET', path: '/api/v3/exchangeInfo', security: 'NONE', weight: fixed(10),
      handle: async ({ params, now }) => {
        params.optional('permissions');
        const wanted = await requestedSymbols(params, marketData);
        const markets: Market[] = wanted ? await Promise.all(wanted.map((s) => marketData.market(s))) : await marketData.markets();
        return exchangeInfoRaw(now, limiter.rules(), markets);
      },
    },
    {
      method: 'GET', path: '/api/v3/depth', security: 'NONE', weight: depthWeight,
      handle: async ({ params }) => {
        const symbol = params.required('symbol');
        const limit = limitParam(params, 100, 5000);
        return depthRaw(await marketData.orderBook(symbol, limit));
      },
    },
    {
      method: 'GET', path: '/api/v3/klines', security: 'NONE', weight: fixed(1),
      handle: async ({ params }) => {
        const symbol = params.required('symbol');
        const interval = params.required('interval');
        if (!isInterval(interval)) throw wireErrors.invalidInterval();
        const startTime = params.integer('startTime');
        const endTime = params.integer('endTime');
        params.optional('timeZone');
        const limit = limitParam(params, 500, 1000);
        const candles = await marketData.candles(symbol, interval, { limit, startTime, endTime });
        return candles.map(klineRaw);
      },
    },
    {
      method: 'GET', path: '/api/v3/ticker/24hr', security: 'NONE', weight: ticker24hWeight,
      handle: async ({ params }) => {
        const single = params.peek('symbol') !== undefined;
        params.oneOf('type', ['FULL'] as const, () => wireErrors.illegalChars('type', 'FULL'));
        const tickers = (await marketData.tickers24h(await requestedSymbols(params, marketData))).map(ticker24hRaw);
        return single ? tickers[0] : tickers;
      },
    },
    {
      method: 'GET', path: '/api/v3/ticker/price', security: 'NONE', weight: oneOrAll,
      handle: async ({ params }) => {
        const single = params.peek('symbol') !== undefined;
        const prices = (await marketData.prices(await requestedSymbols(params, marketData))).map((p) => ({ symbol: p.symbol, price: new Big(p.price).toFixed(8) }));
        return single ? prices[0] : prices;
      },
    },
    {
      method: 'GET', path: '/api/v3/ticker/bookTicker', security: 'NONE', weight: oneOrAll,
      handle: async ({ params }) => {
        const single = params.peek('symbol') !== undefined;
        const books = (await marketData.bookTickers(await requestedSymbols(params, marketData))).map(bookTickerRaw);
        return single ? books[0] : books;
      },
    },
    {
      method: 'GET', path: '/api/v3/avgPrice', security: 'NONE', weight: fixed(1),
      handle: async ({ params }) => {
        const symbol = params.required('symbol');
        const { price, closeTime } = await averagePrice(marketData, symbol);
        return { mins: 5, price, closeTime };
      },
    },
  ];
}

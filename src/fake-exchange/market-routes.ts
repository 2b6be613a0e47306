import { isInterval } from '../model/candle.js';
import type { Market } from '../model/market.js';
import { Big } from '../model/money.js';
import type { MarketData } from '../ports/market-data.js';
import type { Params } from './params.js';
import type { FakeRateLimiter } from './rate-limits.js';
import { fixed, type Route } from './routes.js';
import { wireErrors } from './wire-error.js';
import type { TradeTape } from './trade-tape.js';
import { bookTickerRaw, d8, depthRaw, exchangeInfoRaw, klineRaw, ticker24hRaw } from './wire-format.js';
import type {
  AvgPriceRaw,
  KlineRaw,
  PriceTickerRaw,
  RollingTickerRaw,
  ServerTimeRaw,
} from '../exchanges/binance-us/raw-types.js';
import type { Candle, Interval } from '../model/candle.js';

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
  if (one !== undefined && many !== undefined)
    throw wireErrors.badRequest(-1102, "Parameter 'symbol' and 'symbols' cannot be sent together.");
  const wanted = one !== undefined ? [one] : many;
  if (wanted) await Promise.all(wanted.map((s) => marketData.market(s)));
  return wanted;
}

function limitParam(params: Params, fallback: number, max: number): number {
  const limit = params.integer('limit') ?? fallback;
  if (limit < 1) throw wireErrors.illegalChars('limit', `1 to ${max}`);
  return Math.min(limit, max);
}

const WINDOW_UNIT: Record<string, { max: number; ms: number; interval: Interval }> = {
  m: { max: 59, ms: 60_000, interval: '1m' },
  h: { max: 23, ms: 3_600_000, interval: '1h' },
  d: { max: 7, ms: 86_400_000, interval: '1h' },
};

/** REST "Rolling window price change statistics": windowSize 1m..59m, 1h..23h, 1d..7d (default 1d). */
function windowOf(params: Params): { ms: number; interval: Interval; candles: number } {
  const text = params.optional('windowSize') ?? '1d';
  const match = /^(\d{1,2})([mhd])$/.exec(text);
  const unit = match ? WINDOW_UNIT[match[2]!] : undefined;
  const n = match ? Number(match[1]) : 0;
  if (!unit || n < 1 || n > unit.max) throw wireErrors.illegalChars('windowSize', '1m..59m, 1h..23h, 1d..7d');
  const ms = n * unit.ms;
  return {
    ms,
    interval: unit.interval,
    candles: Math.min(1000, Math.ceil(ms / (unit.interval === '1m' ? 60_000 : 3_600_000))),
  };
}

function rollingTicker(symbol: string, candles: Candle[], now: number, windowMs: number): RollingTickerRaw {
  const first = candles[0];
  const last = candles.at(-1);
  const open = new Big(first?.open ?? '0');
  const close = new Big(last?.close ?? '0');
  const volume = candles.reduce((acc, c) => acc.plus(c.volume), new Big(0));
  const quote = candles.reduce((acc, c) => acc.plus(c.quoteVolume), new Big(0));
  const count = candles.reduce((acc, c) => acc + c.trades, 0);
  return {
    symbol,
    priceChange: d8(close.minus(open).toFixed()),
    priceChangePercent: open.eq(0) ? '0.000' : close.minus(open).div(open).times(100).toFixed(3),
    weightedAvgPrice: d8(volume.eq(0) ? '0' : quote.div(volume).toFixed(8)),
    openPrice: d8(open.toFixed()),
    highPrice: d8(candles.reduce((m, c) => (new Big(c.high).gt(m) ? new Big(c.high) : m), new Big(0)).toFixed()),
    lowPrice: d8(
      candles
        .reduce<Big | undefined>((m, c) => (m === undefined || new Big(c.low).lt(m) ? new Big(c.low) : m), undefined)
        ?.toFixed() ?? '0',
    ),
    lastPrice: d8(close.toFixed()),
    volume: d8(volume.toFixed()),
    quoteVolume: d8(quote.toFixed()),
    openTime: now - windowMs,
    closeTime: now,
    firstId: count > 0 ? 1 : -1,
    lastId: count > 0 ? count : -1,
    count,
  };
}

async function klines(params: Params, marketData: MarketData): Promise<KlineRaw[]> {
  const symbol = params.required('symbol');
  const interval = params.required('interval');
  if (!isInterval(interval)) throw wireErrors.invalidInterval();
  const startTime = params.integer('startTime');
  const endTime = params.integer('endTime');
  params.optional('timeZone');
  const limit = limitParam(params, 500, 1000);
  const candles = await marketData.candles(symbol, interval, { limit, startTime, endTime });
  return candles.map(klineRaw);
}

/** The public market-data endpoints, answered from the MarketData port (and the fake's trade tape). */
export function marketRoutes(marketData: MarketData, limiter: FakeRateLimiter, tape: TradeTape): Route[] {
  return [
    {
      method: 'GET',
      path: '/api/v3/trades',
      security: 'NONE',
      weight: fixed(1),
      handle: async ({ params }) => {
        const symbol = params.required('symbol');
        const limit = limitParam(params, 500, 1000);
        params.assertAllRead();
        await marketData.market(symbol);
        return tape.recent(symbol, limit);
      },
    },
    {
      method: 'GET',
      path: '/api/v3/aggTrades',
      security: 'NONE',
      weight: fixed(1),
      handle: async ({ params }) => {
        const symbol = params.required('symbol');
        const query = {
          fromId: params.integer('fromId'),
          startTime: params.integer('startTime'),
          endTime: params.integer('endTime'),
          limit: limitParam(params, 500, 1000),
        };
        params.assertAllRead();
        await marketData.market(symbol);
        return tape.aggregates(symbol, query);
      },
    },
    {
      // 2 per symbol, at most 100 (REST "Rolling window price change statistics").
      method: 'GET',
      path: '/api/v3/ticker',
      security: 'NONE',
      weight: (p) => Math.min(100, 2 * (symbolsCount(p) ?? 1)),
      handle: async ({ params, now }) => {
        const single = params.peek('symbol') !== undefined;
        const window = windowOf(params);
        const type =
          params.oneOf('type', ['FULL', 'MINI'] as const, () => wireErrors.illegalChars('type', 'FULL, MINI')) ??
          'FULL';
        const wanted = await requestedSymbols(params, marketData);
        if (!wanted) throw wireErrors.eitherMandatory('symbol', 'symbols');
        const tickers = await Promise.all(
          wanted.map(async (symbol) => {
            const candles = (await marketData.candles(symbol, window.interval, { limit: window.candles })).filter(
              (c) => c.closeTime >= now - window.ms,
            );
            const full = rollingTicker(symbol, candles, now, window.ms);
            if (type === 'FULL') return full;
            const { priceChange: _a, priceChangePercent: _b, weightedAvgPrice: _c, ...mini } = full;
            return mini;
          }),
        );
        return single ? tickers[0] : tickers;
      },
    },
    {
      // REST "UIKlines": the klines' parameters and layout, "modified for the presentation of candlestick charts".
      method: 'GET',
      path: '/api/v3/uiKlines',
      security: 'NONE',
      weight: fixed(1),
      handle: ({ params }) => klines(params, marketData),
    },
    { method: 'GET', path: '/api/v3/ping', security: 'NONE', weight: fixed(1), handle: async () => ({}) },
    {
      method: 'GET',
      path: '/api/v3/time',
      security: 'NONE',
      weight: fixed(1),
      handle: async ({ now }) => ({ serverTime: now }) satisfies ServerTimeRaw,
    },
    {
      method: 'GET',
      path: '/api/v3/exchangeInfo',
      security: 'NONE',
      weight: fixed(10),
      handle: async ({ params, now }) => {
        params.optional('permissions');
        const wanted = await requestedSymbols(params, marketData);
        const markets: Market[] = wanted
          ? await Promise.all(wanted.map((s) => marketData.market(s)))
          : await marketData.markets();
        return exchangeInfoRaw(now, limiter.rules(), markets);
      },
    },
    {
      method: 'GET',
      path: '/api/v3/depth',
      security: 'NONE',
      weight: depthWeight,
      handle: async ({ params }) => {
        const symbol = params.required('symbol');
        const limit = limitParam(params, 100, 5000);
        return depthRaw(await marketData.orderBook(symbol, limit));
      },
    },
    {
      method: 'GET',
      path: '/api/v3/klines',
      security: 'NONE',
      weight: fixed(1),
      handle: ({ params }) => klines(params, marketData),
    },
    {
      method: 'GET',
      path: '/api/v3/ticker/24hr',
      security: 'NONE',
      weight: ticker24hWeight,
      handle: async ({ params }) => {
        const single = params.peek('symbol') !== undefined;
        params.oneOf('type', ['FULL'] as const, () => wireErrors.illegalChars('type', 'FULL'));
        const tickers = (await marketData.tickers24h(await requestedSymbols(params, marketData))).map(ticker24hRaw);
        return single ? tickers[0] : tickers;
      },
    },
    {
      method: 'GET',
      path: '/api/v3/ticker/price',
      security: 'NONE',
      weight: oneOrAll,
      handle: async ({ params }) => {
        const single = params.peek('symbol') !== undefined;
        const prices = (await marketData.prices(await requestedSymbols(params, marketData))).map(
          (p): PriceTickerRaw => ({ symbol: p.symbol, price: new Big(p.price).toFixed(8) }),
        );
        return single ? prices[0] : prices;
      },
    },
    {
      method: 'GET',
      path: '/api/v3/ticker/bookTicker',
      security: 'NONE',
      weight: oneOrAll,
      handle: async ({ params }) => {
        const single = params.peek('symbol') !== undefined;
        const books = (await marketData.bookTickers(await requestedSymbols(params, marketData))).map(bookTickerRaw);
        return single ? books[0] : books;
      },
    },
    {
      method: 'GET',
      path: '/api/v3/avgPrice',
      security: 'NONE',
      weight: fixed(1),
      handle: async ({ params }) => {
        const symbol = params.required('symbol');
        const { mins, price, closeTime } = await marketData.averagePrice(symbol);
        return { mins, price: d8(price), closeTime } satisfies AvgPriceRaw;
      },
    },
  ];
}

import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock/manual-clock.js';
import { SyntheticMarketData } from '../../src/exchanges/synthetic/synthetic-market-data.js';
import { FakeRateLimiter, DEFAULT_LIMITS } from '../../src/fake-exchange/rate-limits.js';
import { startFakeExchange, type FakeExchange, type FakeExchangeOptions } from '../../src/fake-exchange/server.js';
import { publicGet, signed } from './wire-client.js';

const START = Date.UTC(2025, 0, 15, 12, 0, 0);
let fake: FakeExchange | undefined;
let market: SyntheticMarketData | undefined;

async function start(clock: ManualClock, options: Partial<FakeExchangeOptions> = {}): Promise<FakeExchange> {
  market = new SyntheticMarketData(clock, { symbols: ['BTCUSD', 'ETHUSD'] });
  fake = await startFakeExchange({ clock, marketData: market, ...options });
  return fake;
}

afterEach(async () => {
  await fake?.close();
  await market?.close();
  fake = undefined;
});

describe('fake exchange request weight', () => {
  it('each response then carries X-MBX-USED-WEIGHT-1M, growing by the endpoint weight from the table', async () => {
    const f = await start(new ManualClock(START));
    const steps: [string, Record<string, string>, number][] = [
      ['/api/v3/ping', {}, 1],
      ['/api/v3/exchangeInfo', {}, 10],
      ['/api/v3/depth', { symbol: 'BTCUSD', limit: '100' }, 1],
      ['/api/v3/depth', { symbol: 'BTCUSD', limit: '500' }, 5],
      ['/api/v3/depth', { symbol: 'BTCUSD', limit: '1000' }, 10],
      ['/api/v3/depth', { symbol: 'BTCUSD', limit: '5000' }, 50],
      ['/api/v3/ticker/24hr', { symbol: 'BTCUSD' }, 1],
      ['/api/v3/ticker/24hr', {}, 40],
      ['/api/v3/ticker/price', { symbol: 'BTCUSD' }, 1],
      ['/api/v3/ticker/price', {}, 2],
      ['/api/v3/ticker/bookTicker', {}, 2],
    ];
    let expected = 0;
    for (const [path, params, weight] of steps) {
      const response = await publicGet(f, path, params);
      expected += weight;
      expect(response.status, path).toBe(200);
      expect(response.headers.get('x-mbx-used-weight-1m'), `${path} ${JSON.stringify(params)}`).toBe(String(expected));
    }
    expect(f.stats.weight).toBe(expected);
  });

  it('a new minute then resets the used weight', async () => {
    const clock = new ManualClock(START);
    const f = await start(clock);
    await publicGet(f, '/api/v3/exchangeInfo');
    clock.advance(60_000);
    const response = await publicGet(f, '/api/v3/ping');
    expect(response.headers.get('x-mbx-used-weight-1m')).toBe('1');
  });

  it('exchangeInfo then publishes the configured limits', async () => {
    const f = await start(new ManualClock(START), {
      limits: { weightPerMinute: 300, ordersPerInterval: 20, ordersIntervalSeconds: 10 },
    });
    const { body } = await publicGet(f, '/api/v3/exchangeInfo', { symbol: 'BTCUSD' });
    expect(body.rateLimits).toEqual([
      { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 300 },
      { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 20 },
      { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: 200_000 },
      { rateLimitType: 'RAW_REQUESTS', interval: 'MINUTE', intervalNum: 5, limit: 61_000 },
    ]);
  });

  it('weight over the limit then 429 with Retry-After to the end of the minute and -1003; ignoring it then 418 with Retry-After', async () => {
    const clock = new ManualClock(START + 45_000);
    const f = await start(clock, { limits: { weightPerMinute: 20, ignoredRetryAfterBeforeBan: 2, banSeconds: 120 } });
    expect((await publicGet(f, '/api/v3/exchangeInfo')).status).toBe(200);
    expect((await publicGet(f, '/api/v3/exchangeInfo')).status).toBe(200);
    const limited = await publicGet(f, '/api/v3/ping');
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe(-1003);
    expect(limited.headers.get('retry-after')).toBe('15');
    expect((await publicGet(f, '/api/v3/ping')).status).toBe(429);
    expect((await publicGet(f, '/api/v3/ping')).status).toBe(429);
    const banned = await publicGet(f, '/api/v3/ping');
    expect(banned.status).toBe(418);
    expect(banned.body.code).toBe(-1003);
    expect(banned.headers.get('retry-after')).toBe('120');
    clock.advance(60_000);
    expect((await publicGet(f, '/api/v3/ping')).status).toBe(418);
    clock.advance(60_000);
    expect((await publicGet(f, '/api/v3/ping')).status).toBe(200);
    expect(f.stats.rateLimited429).toBe(3);
    expect(f.stats.banned418).toBe(2);
  });

  it('a client that waits out Retry-After then is served again and never banned', async () => {
    const clock = new ManualClock(START);
    const f = await start(clock, { limits: { weightPerMinute: 10, ignoredRetryAfterBeforeBan: 0 } });
    expect((await publicGet(f, '/api/v3/exchangeInfo')).status).toBe(200);
    const limited = await publicGet(f, '/api/v3/ping');
    expect(limited.status).toBe(429);
    clock.advance(Number(limited.headers.get('retry-after')) * 1000);
    expect((await publicGet(f, '/api/v3/ping')).status).toBe(200);
    expect(f.stats.banned418).toBe(0);
  });

  it('orders over the ORDERS limit then 429 -1015, and order responses carry X-MBX-ORDER-COUNT-10S and -1D', async () => {
    const f = await start(new ManualClock(START), { limits: { ordersPerInterval: 2, ordersIntervalSeconds: 10 } });
    const order = (id: string) =>
      signed(f, 'POST', '/api/v3/order', {
        symbol: 'BTCUSD',
        side: 'BUY',
        type: 'MARKET',
        quoteOrderQty: '50',
        newClientOrderId: id,
      });
    const first = await order('rl-1');
    expect(first.status).toBe(200);
    expect(first.headers.get('x-mbx-order-count-10s')).toBe('1');
    expect(first.headers.get('x-mbx-order-count-1d')).toBe('1');
    expect((await order('rl-2')).status).toBe(200);
    const third = await order('rl-3');
    expect(third.status).toBe(429);
    expect(third.body.code).toBe(-1015);
    // Binance sends -1015 without Retry-After (binance-us-api.md, hard cases): the message names the interval.
    expect(third.headers.get('retry-after')).toBeNull();
    expect(f.stats.ordersPlaced).toBe(2);
  });
});

describe('FakeRateLimiter', () => {
  it('admitRequest under the limit then ok, and usedWeight sums the window', () => {
    const limiter = new FakeRateLimiter(DEFAULT_LIMITS);
    expect(limiter.admitRequest(START, 10).ok).toBe(true);
    expect(limiter.admitRequest(START + 1, 40).ok).toBe(true);
    expect(limiter.usedWeight(START + 2)).toBe(50);
    expect(limiter.usedWeight(START + 60_000)).toBe(0);
  });
});

/** The fake plays Binance.US's hard cases, each switched on per test. */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../src/clock/manual-clock.js';
import { SyntheticMarketData } from '../../src/exchanges/synthetic/synthetic-market-data.js';
import { startFakeExchange, type FakeExchange } from '../../src/fake-exchange/server.js';
import { signed } from './wire-client.js';

// Real sockets and timers on a shared 2-core machine: room beyond vitest's 5 s default.
vi.setConfig({ testTimeout: 30_000 });

const START = Date.UTC(2025, 0, 15, 12, 0, 0);
const DAY = 86_400_000;

describe('fake exchange hard cases', () => {
  let fake: FakeExchange;
  const clock = new ManualClock(START);
  const market = new SyntheticMarketData(clock, { symbols: ['BTCUSD'] });
  let sequence = 0;
  const nextId = () => `hc-${++sequence}`;
  const buy = (id: string) =>
    signed(fake, 'POST', '/api/v3/order', {
      symbol: 'BTCUSD',
      side: 'BUY',
      type: 'MARKET',
      quoteOrderQty: '20',
      newClientOrderId: id,
    });
  const lookup = (id: string) => signed(fake, 'GET', '/api/v3/order', { symbol: 'BTCUSD', origClientOrderId: id });

  beforeAll(async () => {
    fake = await startFakeExchange({ clock, marketData: market, limits: { ordersPerInterval: 1000 } });
  });
  afterAll(async () => {
    await fake.close();
    await market.close();
  });
  beforeEach(() => {
    fake.faults.reset();
    fake.resetRateLimits();
  });

  it('-1007 with HTTP 400 after processing then the order exists though the answer said "execution status unknown"', async () => {
    fake.faults.failWith5xx({ next: 1, status: 400, code: -1007, when: 'after', path: '/api/v3/order' });
    const id = nextId();
    const response = await buy(id);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      code: -1007,
      msg: 'Timeout waiting for response from backend server. Send status unknown; execution status unknown.',
    });
    expect((await lookup(id)).body.status).toBe('FILLED');
    expect(fake.stats.injectedUnknownCodes).toBe(1);
  });

  it('-1006 with HTTP 408 before processing then no order exists', async () => {
    fake.faults.failWith5xx({ next: 1, status: 408, code: -1006, when: 'before', path: '/api/v3/order' });
    const id = nextId();
    expect((await buy(id)).body.code).toBe(-1006);
    expect((await lookup(id)).body.code).toBe(-2013);
  });

  it('lagging order queries then a new order is invisible to GET /order, openOrders, allOrders and myTrades until the lag has passed', async () => {
    fake.faults.lagQueries(2000);
    const id = nextId();
    expect((await buy(id)).status).toBe(200);
    expect((await lookup(id)).body.code).toBe(-2013);
    const all = await signed(fake, 'GET', '/api/v3/allOrders', { symbol: 'BTCUSD' });
    expect(all.body.map((o: { clientOrderId: string }) => o.clientOrderId)).not.toContain(id);
    const tradesBefore = (await signed(fake, 'GET', '/api/v3/myTrades', { symbol: 'BTCUSD' })).body.length;
    clock.advance(2000);
    expect((await lookup(id)).body.status).toBe('FILLED');
    expect((await signed(fake, 'GET', '/api/v3/myTrades', { symbol: 'BTCUSD' })).body.length).toBeGreaterThan(
      tradesBefore,
    );
    expect(fake.stats.laggedQueries).toBeGreaterThan(0);
  });

  it('-1015 then HTTP 429 without Retry-After, the message naming the interval', async () => {
    const small = await startFakeExchange({
      clock,
      marketData: market,
      limits: { ordersPerInterval: 1, ordersIntervalSeconds: 10 },
    });
    try {
      const post = (id: string) =>
        signed(small, 'POST', '/api/v3/order', {
          symbol: 'BTCUSD',
          side: 'BUY',
          type: 'MARKET',
          quoteOrderQty: '20',
          newClientOrderId: id,
        });
      expect((await post('r-1')).status).toBe(200);
      const refused = await post('r-2');
      expect(refused.status).toBe(429);
      expect(refused.body).toEqual({
        code: -1015,
        msg: 'Too many new orders; current limit is 1 orders per 10 SECOND.',
      });
      expect(refused.headers.get('retry-after')).toBeNull();
      const usage = await signed(small, 'GET', '/api/v3/rateLimit/order');
      expect(usage.body[0]).toMatchObject({
        rateLimitType: 'ORDERS',
        interval: 'SECOND',
        intervalNum: 10,
        limit: 1,
        count: 2,
      });
    } finally {
      await small.close();
    }
  });

  it('archived orders then GET /order answers -2026 for a canceled order with nothing executed', async () => {
    const price = (Number((await market.prices(['BTCUSD']))[0]!.price) * 0.5).toFixed(2);
    const id = nextId();
    expect(
      (
        await signed(fake, 'POST', '/api/v3/order', {
          symbol: 'BTCUSD',
          side: 'BUY',
          type: 'LIMIT',
          timeInForce: 'GTC',
          quantity: '0.001',
          price,
          newClientOrderId: id,
        })
      ).status,
    ).toBe(200);
    await signed(fake, 'DELETE', '/api/v3/order', { symbol: 'BTCUSD', origClientOrderId: id });
    fake.faults.archiveAfter(0);
    expect((await lookup(id)).body).toEqual({
      code: -2026,
      msg: 'Order was canceled or expired with no executed qty over 90 days ago and has been archived.',
    });
  });

  it('trade history then allows at most 24 h between startTime and endTime (-1127), no fromId with a time range (-1128), and startTime alone means its 24 h', async () => {
    const start = clock.now() - 3 * DAY;
    expect(
      (
        await signed(fake, 'GET', '/api/v3/myTrades', {
          symbol: 'BTCUSD',
          startTime: String(start),
          endTime: String(clock.now()),
        })
      ).body.code,
    ).toBe(-1127);
    expect(
      (
        await signed(fake, 'GET', '/api/v3/allOrders', {
          symbol: 'BTCUSD',
          startTime: String(start),
          endTime: String(clock.now()),
        })
      ).body.code,
    ).toBe(-1127);
    expect(
      (await signed(fake, 'GET', '/api/v3/myTrades', { symbol: 'BTCUSD', startTime: String(start), fromId: '1' })).body
        .code,
    ).toBe(-1128);
    expect((await buy(nextId())).status).toBe(200);
    expect(
      (await signed(fake, 'GET', '/api/v3/myTrades', { symbol: 'BTCUSD', startTime: String(start) })).body,
    ).toEqual([]);
    expect(
      (await signed(fake, 'GET', '/api/v3/myTrades', { symbol: 'BTCUSD', startTime: String(clock.now() - DAY + 1) }))
        .body.length,
    ).toBeGreaterThan(0);
  });

  it('DELETE /api/v3/openOrders then cancels every open order on the symbol and answers each', async () => {
    const price = (Number((await market.prices(['BTCUSD']))[0]!.price) * 0.5).toFixed(2);
    for (const id of [nextId(), nextId()]) {
      await signed(fake, 'POST', '/api/v3/order', {
        symbol: 'BTCUSD',
        side: 'BUY',
        type: 'LIMIT',
        timeInForce: 'GTC',
        quantity: '0.001',
        price,
        newClientOrderId: id,
      });
    }
    const answer = await signed(fake, 'DELETE', '/api/v3/openOrders', { symbol: 'BTCUSD' });
    expect(answer.status).toBe(200);
    expect(answer.body.length).toBeGreaterThanOrEqual(2);
    expect(answer.body.every((o: { status: string }) => o.status === 'CANCELED')).toBe(true);
    expect((await signed(fake, 'GET', '/api/v3/openOrders', { symbol: 'BTCUSD' })).body).toEqual([]);
  });
});

/**
 * An independent client, ccxt's binanceus, runs its calls against the fake: a change to the fake
 * that a real Binance.US client would not accept fails here. Loopback only (ccxt's URLs are
 * pointed at the fake; nothing else is reached).
 */
import ccxt from 'ccxt';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startFakeExchange, type FakeExchange } from '../../src/fake-exchange/server.js';

// Real sockets and timers on a shared 2-core machine: room beyond vitest's 5 s default.
vi.setConfig({ testTimeout: 30_000 });

describe('ccxt binanceus against the fake exchange', () => {
  let fake: FakeExchange;
  let exchange: InstanceType<typeof ccxt.binanceus>;

  beforeAll(async () => {
    fake = await startFakeExchange({ limits: { ordersPerInterval: 1000 } });
    exchange = new ccxt.binanceus({
      apiKey: fake.apiKey,
      secret: fake.apiSecret,
      enableRateLimit: false,
      timeout: 5000,
    });
    const api = exchange.urls.api as Record<string, string>;
    api.public = `${fake.url}/api/v3`;
    api.private = `${fake.url}/api/v3`;
    api.v3 = `${fake.url}/api/v3`;
    api.sapi = `${fake.url}/sapi/v1`;
    exchange.options.fetchCurrencies = false;
  });
  afterAll(async () => {
    await exchange?.close();
    await fake?.close();
  });

  it('loads the markets with their precision and limits from exchangeInfo', async () => {
    const markets = await exchange.loadMarkets();
    const btc = markets['BTC/USD'];
    expect(btc).toMatchObject({ id: 'BTCUSD', base: 'BTC', quote: 'USD', spot: true, active: true });
    expect(btc?.precision.amount).toBeGreaterThan(0);
    expect(btc?.limits.amount?.min).toBeGreaterThan(0);
  }, 30_000);

  it('reads the book, candles, the 24 h ticker and recent trades', async () => {
    const book = await exchange.fetchOrderBook('BTC/USD', 5);
    expect(book.bids.length).toBeGreaterThan(0);
    expect(book.asks[0]![0]).toBeGreaterThan(book.bids[0]![0]!);
    const candles = await exchange.fetchOHLCV('BTC/USD', '1m', undefined, 5);
    expect(candles).toHaveLength(5);
    const ticker = await exchange.fetchTicker('BTC/USD');
    expect(ticker.last).toBeGreaterThan(0);
    await expect
      .poll(async () => (await exchange.fetchTrades('BTC/USD', undefined, 5)).length, { timeout: 15_000 })
      .toBeGreaterThan(0);
  }, 30_000);

  it('trades: a market buy, a resting limit, its cancel, then the balance, orders and fills agree', async () => {
    const balanceBefore = await exchange.fetchBalance();
    expect((balanceBefore.total as unknown as Record<string, number>)['USD']).toBe(10000);
    const bought = await exchange.createOrder('BTC/USD', 'market', 'buy', 0.001);
    expect(bought.status).toBe('closed');
    expect(bought.filled).toBe(0.001);
    const last = (await exchange.fetchTicker('BTC/USD')).last!;
    const resting = await exchange.createOrder('BTC/USD', 'limit', 'buy', 0.001, Math.floor(last * 0.5));
    expect(resting.status).toBe('open');
    expect((await exchange.fetchOpenOrders('BTC/USD')).map((o) => o.id)).toContain(resting.id);
    const canceled = await exchange.cancelOrder(resting.id!, 'BTC/USD');
    expect(canceled.status).toBe('canceled');
    expect((await exchange.fetchOrder(resting.id!, 'BTC/USD')).status).toBe('canceled');
    const fills = await exchange.fetchMyTrades('BTC/USD');
    expect(fills.map((f) => f.order)).toContain(bought.id);
    const balance = await exchange.fetchBalance();
    const total = balance.total as unknown as Record<string, number>;
    expect(total['BTC']).toBeGreaterThan(0);
    expect(total['USD']).toBeLessThan(10000);
  }, 30_000);
});

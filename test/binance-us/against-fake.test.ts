import { afterEach, describe, expect, it } from 'vitest';
import { createBinanceUs, type BinanceUsAdapters } from '../../src/exchanges/binance-us/index.js';
import { reconcileWithExchange } from '../../src/exchanges/binance-us/reconcile.js';
import { BinanceRestClient } from '../../src/exchanges/binance-us/rest-client.js';
import { UserDataStream } from '../../src/exchanges/binance-us/user-data-stream.js';
import { startFakeExchange, type FakeExchange } from '../../src/fake-exchange/server.js';
import type { OrderUpdate } from '../../src/ports/broker.js';
import type { Clock } from '../../src/ports/clock.js';
import type { TradeTick } from '../../src/model/market-snapshot.js';
import { OrderOutcomeUnknown } from '../../src/model/errors.js';
import { MemoryJournal } from './memory-journal.js';

let fake: FakeExchange;
let live: BinanceUsAdapters;
afterEach(async () => {
  await live?.close();
  await fake?.close();
});

const realClock: Clock = { now: () => Date.now() };

async function setUp(
  options: { clock?: Clock; weightPerMinute?: number; timeoutMs?: number; recvWindow?: number } = {},
): Promise<void> {
  const clock = options.clock ?? realClock;
  fake = await startFakeExchange({
    clock,
    limits: options.weightPerMinute ? { weightPerMinute: options.weightPerMinute } : undefined,
  });
  live = createBinanceUs({
    baseUrl: fake.url,
    streamUrl: fake.wsUrl,
    clock,
    credentials: { apiKey: fake.apiKey, apiSecret: fake.apiSecret },
    timeoutMs: options.timeoutMs ?? 3000,
    recvWindow: options.recvWindow ?? 1000,
    settleMarginMs: 200,
    lookupIntervalMs: 50,
  });
}

async function btcPrice(): Promise<number> {
  return Number((await live.marketData.prices(['BTCUSD']))[0].price);
}

describe('Binance.US client against the fake exchange', () => {
  it('a market buy, a resting limit and its cancel then match the fake account, and balances agree', async () => {
    await setUp();
    const broker = live.broker!;
    const bought = await broker.placeOrder({
      clientOrderId: 'f-1',
      symbol: 'BTCUSD',
      side: 'BUY',
      type: 'MARKET',
      quantity: '0.00123456',
    });
    expect(bought.order).toMatchObject({ status: 'FILLED', executedQty: '0.00123000' });
    expect(bought.fills.length).toBeGreaterThan(0);
    const limitPrice = (Math.floor((await btcPrice()) * 0.8 * 100) / 100).toFixed(2);
    const resting = await broker.placeOrder({
      clientOrderId: 'f-2',
      symbol: 'BTCUSD',
      side: 'BUY',
      type: 'LIMIT',
      quantity: '0.001',
      price: limitPrice,
    });
    expect(resting.order.status).toBe('NEW');
    expect((await broker.openOrders('BTCUSD')).map((o) => o.clientOrderId)).toEqual(['f-2']);
    expect((await broker.cancelOrder('BTCUSD', { clientOrderId: 'f-2' })).status).toBe('CANCELED');
    expect((await broker.fills({ symbol: 'BTCUSD' })).map((f) => f.clientOrderId)).toEqual(
      bought.fills.map(() => 'f-1'),
    );
    expect(await broker.balances()).toEqual(
      (await fake.broker.balances())
        .filter((b) => Number(b.free) > 0 || Number(b.locked) > 0)
        .map((b) => ({ ...b, free: expect.any(String), locked: expect.any(String) })),
    );
    const mine = Object.fromEntries((await broker.balances()).map((b) => [b.asset, Number(b.free) + Number(b.locked)]));
    const theirs = Object.fromEntries(
      (await fake.broker.balances()).map((b) => [b.asset, Number(b.free) + Number(b.locked)]),
    );
    expect(mine).toEqual(Object.fromEntries(Object.entries(theirs).filter(([, v]) => v > 0)));
    expect(fake.stats.duplicateOrders).toBe(0);
  });

  it('the exchange clock 3 s behind ours then the client resyncs on -1021 and the request succeeds', async () => {
    await setUp();
    await live.broker!.balances();
    fake.faults.skewClock(-3000);
    await expect(live.broker!.balances()).resolves.toBeDefined();
    expect(live.rest.timeOffsetMs).toBeLessThan(-2500);
  });

  it('an order answer lost after the exchange accepted it then is found by client order id and placed once', async () => {
    await setUp({ timeoutMs: 500 });
    fake.faults.timeoutAfterAccept({ next: 1, mode: 'hang' });
    const result = await live.broker!.placeOrder({
      clientOrderId: 'lost-1',
      symbol: 'BTCUSD',
      side: 'BUY',
      type: 'MARKET',
      quantity: '0.001',
    });
    expect(result.order).toMatchObject({ clientOrderId: 'lost-1', status: 'FILLED' });
    expect(result.fills.length).toBeGreaterThan(0);
    expect(fake.stats.acceptedThenTimedOut).toBe(1);
    expect(fake.stats.ordersPlaced).toBe(1);
    expect(fake.stats.duplicateOrders).toBe(0);
  });

  it('a 503 before or after the order was processed then never sends it twice: the first is proved absent, the second found', async () => {
    await setUp({ recvWindow: 300 });
    fake.faults.failWith5xx({ next: 1, when: 'before', path: '/api/v3/order', method: 'POST' });
    const lost = await live
      .broker!.placeOrder({ clientOrderId: 'e-1', symbol: 'BTCUSD', side: 'BUY', type: 'MARKET', quantity: '0.001' })
      .catch((e: unknown) => e);
    expect(lost).toBeInstanceOf(OrderOutcomeUnknown);
    await expect((lost as OrderOutcomeUnknown).resolution).resolves.toMatchObject({ kind: 'absent' });
    fake.faults.failWith5xx({ next: 1, when: 'after', path: '/api/v3/order', method: 'POST' });
    const found = await live.broker!.placeOrder({
      clientOrderId: 'e-2',
      symbol: 'BTCUSD',
      side: 'BUY',
      type: 'MARKET',
      quantity: '0.001',
    });
    expect(found.order.status).toBe('FILLED');
    expect(fake.stats.injected5xx).toBe(2);
    expect(fake.stats.ordersPlaced).toBe(1);
    expect(fake.stats.duplicateOrders).toBe(0);
  });

  it('a 429 storm caused by someone else on our IP then Retry-After is honoured and the exchange never bans us', async () => {
    // Both sides' clock jumps to 58 s into a minute, so the storm's Retry-After (to the minute's end) is short.
    let shift = 0;
    const clock: Clock = { now: () => Date.now() + shift };
    await setUp({ clock, weightPerMinute: 60 });
    shift = (58_000 - (Date.now() % 60_000) + 60_000) % 60_000;
    for (let i = 0; i < 6; i += 1) await fetch(`${fake.url}/api/v3/exchangeInfo`).then((r) => r.body?.cancel());
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        live.marketData.candles(i % 2 ? 'BTCUSD' : 'ETHUSD', '1m', { limit: 5 + i }),
      ),
    );
    expect(answers.every((a) => a.length > 0)).toBe(true);
    expect(fake.stats.rateLimited429).toBeGreaterThan(0);
    expect(fake.stats.banned418).toBe(0);
  }, 20_000);

  it('user-data stream then reports a cancel as it happens, and again after the fake drops the websocket', async () => {
    await setUp();
    const broker = live.broker!;
    const updates: OrderUpdate[] = [];
    broker.onOrderUpdate((u) => updates.push(u));
    await expect.poll(() => fake.stats.websocketConnections, { timeout: 3000 }).toBeGreaterThan(0);
    const price = (Math.floor((await btcPrice()) * 0.8 * 100) / 100).toFixed(2);
    await broker.placeOrder({
      clientOrderId: 'ws-1',
      symbol: 'BTCUSD',
      side: 'BUY',
      type: 'LIMIT',
      quantity: '0.001',
      price,
    });
    await broker.cancelOrder('BTCUSD', { clientOrderId: 'ws-1' });
    await expect
      .poll(() => updates.some((u) => u.order.clientOrderId === 'ws-1' && u.order.status === 'CANCELED'), {
        timeout: 3000,
      })
      .toBe(true);
    fake.faults.dropWebsockets();
    await expect.poll(() => fake.stats.websocketConnections, { timeout: 5000 }).toBeGreaterThan(1);
    await broker.placeOrder({
      clientOrderId: 'ws-2',
      symbol: 'BTCUSD',
      side: 'BUY',
      type: 'LIMIT',
      quantity: '0.001',
      price,
    });
    await broker.cancelOrder('BTCUSD', { clientOrderId: 'ws-2' });
    await expect
      .poll(() => updates.some((u) => u.order.clientOrderId === 'ws-2' && u.order.status === 'CANCELED'), {
        timeout: 5000,
      })
      .toBe(true);
  });

  it('trade stream then delivers trades, and after a dropped connection it resubscribes and delivers again', async () => {
    // The fake's synthetic tape prints in bursts a few seconds apart: the waits allow for that.
    await setUp();
    const trades: TradeTick[] = [];
    const stop = live.marketData.subscribeTrades(['BTCUSD', 'ETHUSD'], (t) => trades.push(t));
    await expect.poll(() => trades.length, { timeout: 15_000 }).toBeGreaterThan(0);
    expect(trades.every((t) => t.symbol === 'BTCUSD' || t.symbol === 'ETHUSD')).toBe(true);
    const connections = fake.stats.websocketConnections;
    expect(fake.faults.dropWebsockets()).toBeGreaterThan(0);
    await expect.poll(() => fake.stats.websocketConnections, { timeout: 5000 }).toBeGreaterThan(connections);
    const before = trades.length;
    await expect.poll(() => trades.length, { timeout: 15_000 }).toBeGreaterThan(before);
    stop();
  }, 40_000);

  it('five symbols of market data then cost one request of weight 1, and a repeat within the cache costs nothing', async () => {
    await setUp();
    const symbols = (await live.marketData.markets()).slice(0, 5).map((m) => m.symbol);
    const before = { ...fake.stats.snapshot() };
    const tickers = await live.marketData.tickers24h(symbols);
    await live.marketData.tickers24h(symbols);
    expect(tickers.map((t) => t.symbol)).toEqual(symbols);
    expect(fake.stats.requests - before.requests).toBe(1);
    expect(fake.stats.weight - before.weight).toBe(1);
  });

  it('reconcile after a restart then resolves what the journal had open, imports the unknown order and agrees on fills and balances', async () => {
    await setUp();
    const broker = live.broker!;
    const journal = new MemoryJournal();
    const price = (Math.floor((await btcPrice()) * 0.8 * 100) / 100).toFixed(2);
    // Sent but never journaled as answered (crash after submit): filled on the exchange.
    journal.intent({ clientOrderId: 'r-filled', type: 'MARKET' });
    await broker.placeOrder({
      clientOrderId: 'r-filled',
      symbol: 'BTCUSD',
      side: 'BUY',
      type: 'MARKET',
      quantity: '0.002',
    });
    // Journaled open, canceled on the exchange behind our back.
    await broker.placeOrder({
      clientOrderId: 'r-canceled',
      symbol: 'BTCUSD',
      side: 'BUY',
      type: 'LIMIT',
      quantity: '0.001',
      price,
    });
    journal.intent({ clientOrderId: 'r-canceled', status: 'NEW', orderId: '1' });
    await fake.broker.cancelOrder('BTCUSD', { clientOrderId: 'r-canceled' });
    // Intent written, never reached the exchange.
    journal.intent({ clientOrderId: 'r-never', status: 'UNKNOWN' });
    // Open on the exchange, unknown to the journal.
    await broker.placeOrder({
      clientOrderId: 'r-stranger',
      symbol: 'BTCUSD',
      side: 'BUY',
      type: 'LIMIT',
      quantity: '0.001',
      price,
    });

    const report = await reconcileWithExchange(broker, journal, { clock: realClock });
    expect(report.imported).toEqual(['r-stranger']);
    expect(Object.fromEntries(report.resolved.map((r) => [r.clientOrderId, r.status]))).toEqual({
      'r-filled': 'FILLED',
      'r-canceled': 'CANCELED',
    });
    expect(report.notFound).toEqual(['r-never']);
    expect(journal.orders.get('r-never')).toMatchObject({ status: 'REJECTED' });
    expect(journal.orders.get('r-stranger')).toMatchObject({ status: 'NEW' });
    const exchangeFills = await broker.fills({ symbol: 'BTCUSD' });
    expect([...journal.fills.keys()].sort()).toEqual(exchangeFills.map((f) => f.tradeId).sort());
    expect(journal.balances).toEqual(await broker.balances());
    expect(fake.stats.duplicateOrders).toBe(0);
  });

  it('user-data stream then keeps its listenKey alive with PUT on schedule and leaves it alone on stop (one key per account: others share it)', async () => {
    await setUp();
    const calls: string[] = [];
    const countingFetch: typeof fetch = (input, init) => {
      calls.push(`${init?.method ?? 'GET'} ${new URL(String(input)).pathname}`);
      return fetch(input, init);
    };
    const rest = new BinanceRestClient({
      baseUrl: fake.url,
      clock: realClock,
      credentials: { apiKey: fake.apiKey, apiSecret: fake.apiSecret },
      fetch: countingFetch,
    });
    let connected = false;
    const stream = new UserDataStream({
      rest,
      streamUrl: fake.wsUrl,
      keepAliveMs: 100,
      onExecutionReport: () => undefined,
      onStateChange: (c) => {
        connected = c;
      },
    });
    stream.start();
    await expect.poll(() => connected, { timeout: 3000 }).toBe(true);
    await expect
      .poll(() => calls.filter((c) => c === 'PUT /api/v3/userDataStream').length, { timeout: 3000 })
      .toBeGreaterThanOrEqual(2);
    expect(connected).toBe(true);
    await stream.stop();
    expect(calls.filter((c) => c.endsWith('/api/v3/userDataStream')).map((c) => c.split(' ')[0])).toEqual(
      expect.arrayContaining(['POST', 'PUT']),
    );
    expect(calls).not.toContain('DELETE /api/v3/userDataStream');
    expect(calls[0]).toBe('POST /api/v3/userDataStream');
    expect(connected).toBe(false);
  });
});

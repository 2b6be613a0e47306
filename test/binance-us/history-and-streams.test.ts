/**
 * Finding 4: trade history in 24 h windows, archived orders (-2026), the user-data stream's
 * liveness and listenKeyExpired, the 5-frames-per-second limit, and a cancel whose answer was lost.
 */
import { INTERVALS } from '../../src/model/candle.js';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocketServer } from 'ws';
import { ExchangeInfoCache } from '../../src/exchanges/binance-us/exchange-info.js';
import { createBinanceUs, type BinanceUsAdapters } from '../../src/exchanges/binance-us/index.js';
import { BinanceUsBroker } from '../../src/exchanges/binance-us/live-broker.js';
import { reconcileWithExchange } from '../../src/exchanges/binance-us/reconcile.js';
import { BinanceRestClient } from '../../src/exchanges/binance-us/rest-client.js';
import { MarketStreams } from '../../src/exchanges/binance-us/streams.js';
import { UserDataStream } from '../../src/exchanges/binance-us/user-data-stream.js';
import { SyntheticMarketData } from '../../src/exchanges/synthetic/synthetic-market-data.js';
import { startFakeExchange, type FakeExchange } from '../../src/fake-exchange/server.js';
import type { OrderUpdate } from '../../src/ports/broker.js';
import type { Clock } from '../../src/ports/clock.js';
import { exchangeInfo, orderRaw } from './fixtures.js';
import { MemoryJournal } from './memory-journal.js';
import { startTinyServer, type TinyServer } from './tiny-server.js';

// Real sockets and timers on a shared 2-core machine: room beyond vitest's 5 s default.
vi.setConfig({ testTimeout: 30_000 });

const DAY = 86_400_000;
let fake: FakeExchange | undefined;
let live: BinanceUsAdapters | undefined;
let tiny: TinyServer | undefined;
const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  await live?.close();
  await fake?.close();
  await tiny?.close();
  fake = live = tiny = undefined;
});

async function setUp(
  clock: Clock = { now: () => Date.now() },
  tuning: { recvWindow?: number; settleMarginMs?: number; pollIntervalMs?: number } = {},
  marketData?: SyntheticMarketData,
) {
  fake = await startFakeExchange({ clock, ...(marketData ? { marketData } : {}) });
  live = createBinanceUs({
    baseUrl: fake.url,
    streamUrl: fake.wsUrl,
    clock,
    credentials: { apiKey: fake.apiKey, apiSecret: fake.apiSecret },
    recvWindow: tuning.recvWindow ?? 1000,
    settleMarginMs: tuning.settleMarginMs ?? 200,
    lookupIntervalMs: 50,
    pollIntervalMs: tuning.pollIntervalMs ?? 100,
  });
  return { fake, live, broker: live.broker! };
}

async function restingPrice(adapters: BinanceUsAdapters): Promise<string> {
  return (Math.floor(Number((await adapters.marketData.prices(['BTCUSD']))[0].price) * 0.5 * 100) / 100).toFixed(2);
}

describe('trade history and reconciliation', () => {
  it('fills from three days ago to now then all come back: the history is walked in 24 h windows (Binance answers -1127 or one day otherwise)', async () => {
    let shift = -3 * DAY;
    const clock: Clock = { now: () => Date.now() + shift };
    // A market that is not pumped: jumping days ahead must not make it print days of trades.
    const market = new SyntheticMarketData(clock, { symbols: ['BTCUSD'] });
    closers.push(() => market.close());
    const { broker } = await setUp(clock, {}, market);
    const since = clock.now() - 60_000;
    await broker.placeOrder({
      clientOrderId: 'old-1',
      symbol: 'BTCUSD',
      side: 'BUY',
      type: 'MARKET',
      quantity: '0.001',
    });
    shift = -1.5 * DAY;
    await broker.placeOrder({
      clientOrderId: 'mid-1',
      symbol: 'BTCUSD',
      side: 'BUY',
      type: 'MARKET',
      quantity: '0.001',
    });
    shift = 0;
    await broker.placeOrder({
      clientOrderId: 'new-1',
      symbol: 'BTCUSD',
      side: 'BUY',
      type: 'MARKET',
      quantity: '0.001',
    });
    const fills = await broker.fills({ symbol: 'BTCUSD', since, limit: 1_000_000 });
    expect(new Set(fills.map((f) => f.clientOrderId))).toEqual(new Set(['old-1', 'mid-1', 'new-1']));
  });

  it('a journaled open order Binance.US has archived (-2026) then reconciliation ends it instead of failing the start', async () => {
    const { fake: f, live: l, broker } = await setUp();
    const placed = await broker.placeOrder({
      clientOrderId: 'arch-1',
      symbol: 'BTCUSD',
      side: 'BUY',
      type: 'LIMIT',
      quantity: '0.001',
      price: await restingPrice(l),
    });
    const journal = new MemoryJournal();
    await journal.recordExecution({ mode: 'live', order: placed.order, fills: [] });
    await f.broker.cancelOrder('BTCUSD', { orderId: placed.order.orderId });
    f.faults.archiveAfter(0);
    const report = await reconcileWithExchange(broker, journal, { clock: { now: () => Date.now() } });
    expect(report.archived).toEqual(['arch-1']);
    expect(journal.orders.get('arch-1')).toMatchObject({ status: 'CANCELED', reason: expect.stringMatching(/-2026/) });
  });

  it('an intent whose order reached Binance.US while order queries lag then reconciliation finds it instead of calling it never placed', async () => {
    const { fake: f, broker } = await setUp(undefined, { recvWindow: 200, settleMarginMs: 1200 });
    f.faults.lagQueries(800);
    const journal = new MemoryJournal();
    journal.intent({ clientOrderId: 'lag-1', type: 'MARKET', status: 'PENDING', createdAt: Date.now() });
    await f.broker.placeOrder({
      clientOrderId: 'lag-1',
      symbol: 'BTCUSD',
      side: 'BUY',
      type: 'MARKET',
      quantity: '0.001',
    });
    const report = await reconcileWithExchange(broker, journal, { clock: { now: () => Date.now() } });
    expect(report.notFound).toEqual([]);
    expect(journal.orders.get('lag-1')).toMatchObject({ status: 'FILLED' });
    expect([...journal.fills.values()].some((fill) => fill.clientOrderId === 'lag-1')).toBe(true);
  });

  it('an order the journal holds NEW (heard from the stream a moment ago) whose query still lags at start then reconciliation keeps looking instead of calling it purged', async () => {
    const { fake: f, live: l, broker } = await setUp(undefined, { recvWindow: 200, settleMarginMs: 1200 });
    const journal = new MemoryJournal();
    const { order } = await f.broker.placeOrder({
      clientOrderId: 'lag-2',
      symbol: 'BTCUSD',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.001',
      price: await restingPrice(l),
    });
    await journal.recordExecution({ mode: 'live', order, fills: [] });
    f.faults.lagQueries(800);
    const report = await reconcileWithExchange(broker, journal, { clock: { now: () => Date.now() } });
    expect(report.notFound).toEqual([]);
    expect(journal.orders.get('lag-2')).toMatchObject({ status: 'NEW' });
  });
});

describe('user-data stream', () => {
  it('listenKeyExpired then a new key and connection, and what happened to an order meanwhile (canceled on the website) is caught up by polling', async () => {
    const { fake: f, live: l, broker } = await setUp();
    const updates: OrderUpdate[] = [];
    broker.onOrderUpdate((u) => updates.push(u));
    await expect.poll(() => f.stats.websocketConnections, { timeout: 10_000 }).toBe(1);
    const resting = await broker.placeOrder({
      clientOrderId: 'exp-1',
      symbol: 'BTCUSD',
      side: 'BUY',
      type: 'LIMIT',
      quantity: '0.001',
      price: await restingPrice(l),
    });
    expect(f.faults.expireListenKeys()).toBe(1);
    await f.broker.cancelOrder('BTCUSD', { orderId: resting.order.orderId });
    await expect.poll(() => f.stats.websocketConnections, { timeout: 10_000 }).toBe(2);
    await expect
      .poll(() => updates.filter((u) => u.order.clientOrderId === 'exp-1').at(-1)?.order.status, { timeout: 10_000 })
      .toBe('CANCELED');
  });

  it('a connection that goes silent (no pong, no frame) then is dropped after two heartbeats and opened again', async () => {
    const { fake: f } = await setUp();
    const silent = new WebSocketServer({ port: 0, host: '127.0.0.1', autoPong: false });
    await new Promise<void>((resolve) => silent.once('listening', () => resolve()));
    closers.push(
      () =>
        new Promise<void>((resolve) => {
          for (const c of silent.clients) c.terminate();
          silent.close(() => resolve());
        }),
    );
    let connections = 0;
    silent.on('connection', () => {
      connections += 1;
    });
    const rest = new BinanceRestClient({
      baseUrl: f.url,
      clock: { now: () => Date.now() },
      credentials: { apiKey: f.apiKey, apiSecret: f.apiSecret },
    });
    const stream = new UserDataStream({
      rest,
      streamUrl: `ws://127.0.0.1:${(silent.address() as AddressInfo).port}`,
      heartbeatMs: 50,
      reconnectBaseMs: 10,
      onExecutionReport: () => undefined,
    });
    closers.push(() => stream.stop());
    stream.start();
    await expect.poll(() => connections, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
  });
});

describe('market stream frames', () => {
  it('streams subscribed and dropped every 30 ms then at most 4 frames leave in any second, and Binance (5 per second) never cuts the connection', async () => {
    const { fake: f } = await setUp();
    const streams = new MarketStreams({ streamUrl: f.wsUrl, controlBatchMs: 20 });
    closers.push(() => streams.close());
    let stop = streams.subscribeTrades('BTCUSD', () => undefined);
    await expect.poll(() => streams.connected, { timeout: 10_000 }).toBe(true);
    const intervals = INTERVALS;
    for (let i = 0; i < 45; i += 1) {
      const next = streams.subscribeKlines(
        i % 2 ? 'BTCUSD' : 'ETHUSD',
        intervals[i % intervals.length]!,
        () => undefined,
      );
      stop();
      stop = next;
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    await expect.poll(() => streams.streams().length).toBe(1);
    expect(streams.peakFramesPerSecond).toBeLessThanOrEqual(4);
    expect(f.stats.websocketFloodDisconnects).toBe(0);
    expect(streams.connections).toBe(1);
  });
});

describe('a cancel whose answer was lost', () => {
  it('-1007 with HTTP 400 on a cancel that went through, then a lagging lookup still showing NEW and a second cancel answered -2011, then reported CANCELED, not rejected', async () => {
    const creds = { apiKey: 'cancel-key-123456', apiSecret: 'cancel-secret-abcdef' };
    tiny = await startTinyServer(creds);
    let status = 'NEW';
    let lookups = 0;
    tiny.route('GET', '/api/v3/exchangeInfo', () => ({ body: exchangeInfo() }));
    tiny.route('DELETE', '/api/v3/order', () => {
      if (status === 'CANCELED') return { status: 400, body: { code: -2011, msg: 'Unknown order sent.' } };
      status = 'CANCELED';
      return {
        status: 400,
        body: {
          code: -1007,
          msg: 'Timeout waiting for response from backend server. Send status unknown; execution status unknown.',
        },
      };
    });
    tiny.route('GET', '/api/v3/order', () => ({
      body: orderRaw({ orderId: 9, clientOrderId: 'c-9', status: ++lookups === 1 ? 'NEW' : status }),
    }));
    const clock = { now: () => Date.now() };
    const rest = new BinanceRestClient({ baseUrl: tiny.url, clock, credentials: creds, retryBaseMs: 5 });
    const broker = new BinanceUsBroker({
      rest,
      exchangeInfo: new ExchangeInfoCache(rest, clock),
      clock,
      settleMarginMs: 2000,
    });
    closers.push(() => broker.close());
    await expect(broker.cancelOrder('BTCUSD', { orderId: '9' })).resolves.toMatchObject({
      status: 'CANCELED',
      clientOrderId: 'c-9',
    });
  });
});

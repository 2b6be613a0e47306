/**
 * The live app (createApp, TRADING_MODE=live) against the fake Binance.US when the exchange pushes
 * back: a 429 storm caused by someone else on our IP, and the exchange's clock 3 s away from ours.
 */
import { pino } from 'pino';
import { afterEach, expect, it } from 'vitest';
import { clientOrderIdFor } from '../../src/app/client-order-id.js';
import type { ComposedApp } from '../../src/compose/app.js';
import type { TradingDesk } from '../../src/app/api.js';
import { SystemClock } from '../../src/clock/system-clock.js';
import { SimulatedBroker } from '../../src/exchanges/simulator/simulated-broker.js';
import { SyntheticMarketData } from '../../src/exchanges/synthetic/synthetic-market-data.js';
import { DEFAULT_LIMITS } from '../../src/fake-exchange/rate-limits.js';
import { startFakeExchange } from '../../src/fake-exchange/server.js';
import type { OrderRequest } from '../../src/model/order.js';
import type { Broker } from '../../src/ports/broker.js';
import type { Clock } from '../../src/ports/clock.js';
import { liveApp, START_BALANCES, startLiveVenue, type LiveAppHandle, type LiveVenue } from './live-venue.js';

let venue: LiveVenue | undefined;
let handle: LiveAppHandle | undefined;
let app: ComposedApp | undefined;
afterEach(async () => {
  await app?.close();
  await venue?.close();
  await handle?.remove();
  app = venue = handle = undefined;
});

const MINUTE = 60_000;

async function usedWeight(url: string): Promise<number> {
  const response = await fetch(`${url}/api/v3/ping`);
  await response.body?.cancel();
  return Number(response.headers.get('x-mbx-used-weight-1m'));
}

it('a 429 storm through the live app when someone else used up the minute then Retry-After is honoured, every call succeeds, the order is placed once, never a 418', async () => {
  // The exchange's minute is 53 s old when it starts, so the storm's Retry-After (to the minute's end) is a few seconds.
  // The exchange's clock then stands still from before the weight is spent until the client has read the 429: however
  // slow this machine, the minute cannot end between the spending and the storm (events, not wall time).
  const shift = (53_000 - (Date.now() % MINUTE) + MINUTE) % MINUTE;
  let heldAt: number | undefined;
  const exchangeClock: Clock = { now: () => heldAt ?? Date.now() + shift };
  venue = await startLiveVenue({ clock: exchangeClock });
  handle = await liveApp(venue.fake, {});
  const clientSawRateLimit = pino(
    { level: 'warn' },
    {
      write: (line: string) => {
        if (line.includes('binance-us rate limit hit')) heldAt = undefined;
      },
    },
  );
  app = await handle.open({ logger: clientSawRateLimit });
  const desk = app.desks.live as TradingDesk;
  const { fake } = venue;
  await desk.account();

  // Held between 53 s and 59 s of a minute; later than now if the start took that long (only unsigned reads run meanwhile).
  const now = exchangeClock.now();
  const intoMinute = now % MINUTE;
  heldAt =
    intoMinute >= 53_000 && intoMinute <= 59_000 ? now : now - intoMinute + 57_000 + (intoMinute > 59_000 ? MINUTE : 0);
  // Someone else on our IP spends the minute's weight, exactly up to the limit.
  const limit = 1200;
  let used = await usedWeight(fake.url);
  while (used + 10 <= limit) {
    const response = await fetch(`${fake.url}/api/v3/exchangeInfo`);
    await response.body?.cancel();
    used = Number(response.headers.get('x-mbx-used-weight-1m'));
  }
  while (used < limit) used = await usedWeight(fake.url);
  expect(fake.stats.rateLimited429).toBe(0);

  const started = Date.now();
  const [placed, ...reads] = await Promise.all([
    desk.placeOrder({
      symbol: 'BTCUSD',
      side: 'BUY',
      orderType: 'MARKET',
      quoteQuantity: '50',
      actionId: 'storm-1',
      origin: 'test',
    }),
    app.market.candles('ETHUSD', '1m', { limit: 20 }),
    app.market.candles('SOLUSD', '5m', { limit: 20 }),
    app.market.orderBook('ETHUSD', 20),
    app.market.quotes(['SOLUSD', 'ADAUSD']),
  ]);
  const waitedMs = Date.now() - started;
  console.log(
    `429 storm: ${fake.stats.rateLimited429} answers 429, ${fake.stats.banned418} answers 418, the app's calls waited ${waitedMs} ms`,
  );

  expect(placed.status).toBe('placed');
  expect(reads.every((r) => r !== undefined)).toBe(true);
  expect(fake.stats.rateLimited429).toBeGreaterThan(0);
  // Only requests already in flight when the first 429 came back were refused: a client that kept sending past
  // Retry-After would have been banned after 10 (the fake's DEFAULT_LIMITS.ignoredRetryAfterBeforeBan).
  expect(fake.stats.rateLimited429).toBeLessThanOrEqual(DEFAULT_LIMITS.ignoredRetryAfterBeforeBan);
  expect(fake.stats.banned418).toBe(0);
  expect(waitedMs).toBeGreaterThanOrEqual(900);
  expect(fake.stats.ordersPlaced).toBe(1);
  expect(fake.stats.duplicateOrders).toBe(0);
  expect((await app.store.findOrder('live', clientOrderIdFor('storm-1')))?.status).toBe('FILLED');
}, 90_000);

it('the exchange clock 3 s behind then 3 s ahead of ours when orders go through the live app then it resyncs and every order is placed once', async () => {
  venue = await startLiveVenue();
  handle = await liveApp(venue.fake, {});
  app = await handle.open();
  const desk = app.desks.live as TradingDesk;
  const { fake } = venue;
  const buy = (actionId: string) =>
    desk.placeOrder({
      symbol: 'ETHUSD',
      side: 'BUY',
      orderType: 'MARKET',
      quoteQuantity: '30',
      actionId,
      origin: 'test',
    });

  expect((await buy('skew-0')).status).toBe('placed');
  fake.faults.skewClock(-3000);
  const behind = await buy('skew-behind');
  expect(behind.status).toBe('placed');
  expect(fake.stats.authFailures).toBeGreaterThan(0);
  fake.faults.skewClock(3000);
  expect((await buy('skew-ahead')).status).toBe('placed');
  expect((await desk.account()).balances.map((b) => b.asset)).toContain('ETH');

  expect(fake.stats.ordersPlaced).toBe(3);
  expect(fake.stats.duplicateOrders).toBe(0);
  console.log(
    `clock skew: ${fake.stats.authFailures} requests refused with -1021, then resynced; ${fake.stats.ordersPlaced} orders placed once each`,
  );
  const journal = await app.store.listOrders({ mode: 'live' });
  expect(journal.map((o) => [o.clientOrderId, o.status]).sort()).toEqual([
    ['bma-skew-0', 'FILLED'],
    ['bma-skew-ahead', 'FILLED'],
    ['bma-skew-behind', 'FILLED'],
  ]);
}, 30_000);

it('a market order the exchange filled when reading the balances right after it fails then the outcome is placed with its fills and the journal has them', async () => {
  // The venue's own broker, observed: once an order is in, every balance read fails (5xx before processing, past the read retries).
  let armed = false;
  const clock = new SystemClock();
  const market = new SyntheticMarketData(clock, { seed: 7 });
  const simulated = new SimulatedBroker({ marketData: market, clock, balances: START_BALANCES });
  const observed: Broker = Object.assign(Object.create(simulated) as Broker, {
    placeOrder: async (request: OrderRequest) => {
      const result = await simulated.placeOrder(request);
      armed = true;
      return result;
    },
  });
  const fake = await startFakeExchange({ broker: observed, marketData: market, clock, random: () => (armed ? 0 : 1) });
  try {
    handle = await liveApp(fake, { retryBaseMs: 5 });
    app = await handle.open();
    fake.faults.failWith5xx({ probability: 0.5, path: '/api/v3/account', method: 'GET', when: 'before' });
    const outcome = await app.desks.live!.placeOrder({
      symbol: 'BTCUSD',
      side: 'BUY',
      orderType: 'MARKET',
      quoteQuantity: '40',
      actionId: 'answered-1',
      origin: 'test',
    });
    armed = false;
    expect(fake.stats.injected5xx).toBeGreaterThan(0);
    expect(outcome).toMatchObject({ status: 'placed', order: { status: 'FILLED' } });
    expect(outcome.fills.length).toBeGreaterThan(0);
    const venueFills = await simulated.fills();
    await expect
      .poll(async () => (await app!.store.listFills({ mode: 'live' })).map((f) => f.tradeId).sort(), { timeout: 3000 })
      .toEqual(venueFills.map((f) => f.tradeId).sort());
    expect((await app.store.findOrder('live', clientOrderIdFor('answered-1')))?.status).toBe('FILLED');
    expect(fake.stats.ordersPlaced).toBe(1);
  } finally {
    await app?.close();
    app = undefined;
    await fake.close();
    await simulated.close();
    await market.close();
  }
}, 30_000);

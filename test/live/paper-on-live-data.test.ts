/**
 * Paper trading on live public data: the market comes from (the fake) Binance.US over REST and the
 * trade stream; orders go to the simulated exchange only. A resting paper order fills, in real time,
 * when a public trade on the exchange's stream goes through its price.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComposedApp } from '../../src/compose/app.js';
import { ManualClock } from '../../src/clock/manual-clock.js';
import { Big } from '../../src/model/money.js';
import { liveApp, startLiveVenue, type LiveAppHandle, type LiveVenue } from './live-venue.js';

let venue: LiveVenue;
let handle: LiveAppHandle;
let app: ComposedApp;

beforeAll(async () => {
  // The venue's clock stands still: its synthetic market does not move while the test runs.
  venue = await startLiveVenue({ clock: new ManualClock(Date.now()) });
  handle = await liveApp(
    venue.fake,
    { recvWindow: 2000, timeoutMs: 3000 },
    { TRADING_MODE: 'paper', BINANCE_API_KEY: '', BINANCE_API_SECRET: '' },
  );
  app = await handle.open();
}, 60_000);
afterAll(async () => {
  await app?.close();
  await venue?.close();
  await handle?.remove();
});

/** Reads the journal until the condition holds; the test's own timeout bounds the wait. */
async function until(condition: () => Promise<boolean>): Promise<boolean> {
  while (!(await condition())) await new Promise((r) => setTimeout(r, 10));
  return true;
}

describe('paper trading on live public data', () => {
  it("a resting paper LIMIT BUY fills as maker when the exchange's trade stream goes through its price, and no order reaches the exchange", async () => {
    expect(app.market.source).toBe('live');
    expect(app.desks.live).toBeUndefined();
    const last = (await app.market.quotes(['BTCUSD']))[0]!.price;
    const price = new Big(last).times('0.99').round(2, Big.roundDown).toFixed(2);
    const placed = await app.desks.paper.placeOrder({
      symbol: 'BTCUSD',
      side: 'BUY',
      orderType: 'LIMIT',
      quantity: '0.01',
      price,
      origin: 'test',
    });
    expect(placed.status).toBe('placed');
    expect(placed.order?.status).toBe('NEW');

    // Once the stream subscription for BTCUSD is up on the venue, print a trade through the limit.
    await venue.tradesSubscribed('BTCUSD');
    await venue.printTrade('BTCUSD', new Big(price).times('0.998').toFixed(2), '0.5');
    const filled = await until(
      async () => (await app.store.findOrder('paper', placed.clientOrderId))?.status === 'FILLED',
    );
    expect(filled).toBe(true);
    const fills = await app.store.listFills({ mode: 'paper', clientOrderId: placed.clientOrderId });
    expect(fills.length).toBeGreaterThan(0);
    // Compared as numbers: the journal writes decimals without trailing zeros (67,890.10 is "67890.1").
    expect(fills.map((f) => ({ maker: f.isMaker, atLimit: new Big(f.price).eq(price) }))).toEqual(
      fills.map(() => ({ maker: true, atLimit: true })),
    );
    expect(venue.fake.stats.ordersPlaced).toBe(0);
  }, 30_000);
});

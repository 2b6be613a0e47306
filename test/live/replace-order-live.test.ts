/**
 * Cancel-replace on the one road in LIVE mode: the real application (createApp, TRADING_MODE=live)
 * over REST and the user-data stream to the fake Binance.US (POST /api/v3/order/cancelReplace).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { TradingDesk } from '../../src/app/api.js';
import type { ComposedApp } from '../../src/compose/app.js';
import { Big } from '../../src/model/money.js';
import { liveApp, startLiveVenue, type LiveAppHandle, type LiveVenue } from './live-venue.js';

let venue: LiveVenue | undefined;
let handle: LiveAppHandle | undefined;
let app: ComposedApp | undefined;
afterEach(async () => {
  await app?.close();
  await venue?.close();
  await handle?.remove();
  app = venue = handle = undefined;
});

const TUNING = {
  recvWindow: 300,
  timeoutMs: 1000,
  retryBaseMs: 5,
  settleMarginMs: 900,
  lookupIntervalMs: 50,
  pollIntervalMs: 100,
};

async function liveDesk(): Promise<TradingDesk> {
  venue = await startLiveVenue({ balances: [{ asset: 'USD', free: '100000', locked: '0' }] });
  handle = await liveApp(venue.fake, TUNING);
  app = await handle.open();
  return app.desks.live as TradingDesk;
}

async function restingBuy(desk: TradingDesk) {
  const p = new Big((await venue!.market.prices(['BTCUSD']))[0]!.price);
  const out = await desk.placeOrder({
    symbol: 'BTCUSD',
    side: 'BUY',
    orderType: 'LIMIT',
    quantity: '0.01',
    price: p.times('0.9').toFixed(2),
    actionId: 'live-rest',
    origin: 'test',
  });
  expect(out.status, JSON.stringify(out)).toBe('placed');
  return { order: out.order!, price: p };
}

const venueOpen = async () => (await venue!.broker.openOrders('BTCUSD')).map((o) => o.clientOrderId).sort();
const journaled = async (clientOrderId: string) => (await app!.store.findOrder('live', clientOrderId))?.status;

describe('cancel-replace in live mode over the fake Binance.US', () => {
  it('replaceOrder live then the venue cancels the old order and rests the new one, both journaled with the venue ids', async () => {
    const desk = await liveDesk();
    const { order: old, price: p } = await restingBuy(desk);
    const out = await desk.replaceOrder({
      symbol: 'BTCUSD',
      price: p.times('0.91').toFixed(2),
      cancelOrderId: old.orderId!,
      actionId: 'live-moved',
      origin: 'test',
    });
    expect(out.status, JSON.stringify(out)).toBe('placed');
    expect(out.canceled).toMatchObject({ status: 'canceled', order: { orderId: old.orderId, status: 'CANCELED' } });
    expect(await venueOpen()).toEqual(['bma-live-moved']);
    const onVenue = (await venue!.broker.openOrders('BTCUSD'))[0]!;
    expect(out.order).toMatchObject({ orderId: onVenue.orderId, status: 'NEW', side: 'BUY', type: 'LIMIT' });
    expect(await journaled(old.clientOrderId)).toBe('CANCELED');
  }, 30_000);

  it('replaceOrder live when the answer is lost (-1007 after processing, lagging queries) then both halves are unknown, the new order is looked up by client id and never sent again, and the journal catches up with the venue', async () => {
    const desk = await liveDesk();
    const { order: old, price: p } = await restingBuy(desk);
    venue!.fake.faults.lagQueries(600);
    venue!.fake.faults.failWith5xx({
      next: 1,
      status: 400,
      code: -1007,
      when: 'after',
      path: '/api/v3/order/cancelReplace',
      method: 'POST',
    });
    const input = {
      symbol: 'BTCUSD',
      price: p.times('0.91').toFixed(2),
      cancelOrderId: old.orderId!,
      actionId: 'live-lost',
      origin: 'test',
    };
    const out = await desk.replaceOrder(input);
    expect(out.status, JSON.stringify(out)).toBe('unknown');
    expect(out.canceled.status).toBe('unknown');
    expect(out.order?.status).toBe('UNKNOWN');
    expect(out.reason).toMatch(/looking it up by client order id.*never sends it again/);
    const placedBefore = venue!.fake.stats.ordersPlaced;
    const retry = await desk.replaceOrder(input);
    expect(retry).toMatchObject({ duplicate: true, clientOrderId: 'bma-live-lost' });

    await expect.poll(() => journaled('bma-live-lost'), { timeout: 10_000, interval: 50 }).toBe('NEW');
    await expect.poll(() => journaled(old.clientOrderId), { timeout: 10_000, interval: 50 }).toBe('CANCELED');
    expect(await venueOpen()).toEqual(['bma-live-lost']);
    expect(venue!.fake.stats.ordersPlaced).toBe(placedBefore);
    expect(venue!.fake.stats.duplicateOrders).toBe(0);
  }, 30_000);
});

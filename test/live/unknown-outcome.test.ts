/**
 * The live app against the fake Binance.US when an order's answer says "execution status
 * unknown" (-1007 with HTTP 400) and order queries lag: the journal and the model hear UNKNOWN and
 * what is being done, a new order on the same symbol and side is refused until it resolves, and it
 * resolves to what the exchange did, never by sending the order again.
 */
import { expect, it } from 'vitest';
import { liveAppPerTest } from './live-app-per-test.js';

const open = liveAppPerTest({
  recvWindow: 300,
  timeoutMs: 1000,
  retryBaseMs: 5,
  settleMarginMs: 900,
  lookupIntervalMs: 50,
  pollIntervalMs: 100,
});
const buy = (actionId: string) => ({
  symbol: 'BTCUSD',
  side: 'BUY' as const,
  orderType: 'MARKET' as const,
  quantity: '0.001',
  actionId,
  origin: 'test',
});

it('-1007 with HTTP 400 on an order that filled, while order queries lag, then UNKNOWN (never REJECTED), then FILLED (user-data stream or lookup), sent once', async () => {
  const { desk, venue: v, app: a } = await open();
  v.fake.faults.lagQueries(600);
  v.fake.faults.failWith5xx({
    next: 1,
    status: 400,
    code: -1007,
    when: 'after',
    path: '/api/v3/order',
    method: 'POST',
  });

  const first = await desk.placeOrder(buy('uo-1'));
  expect(first.status).toBe('unknown');
  expect(first.order?.status).toBe('UNKNOWN');
  expect(first.order?.reason).toMatch(/-1007.*looking it up by client order id.*never sends it again/);

  await expect
    .poll(async () => (await a.store.findOrder('live', first.clientOrderId))?.status, { timeout: 10_000 })
    .toBe('FILLED');
  expect((await a.store.listFills({ mode: 'live', clientOrderId: first.clientOrderId })).length).toBeGreaterThan(0);
  const after = await desk.placeOrder(buy('uo-2'));
  expect(after.status).toBe('placed');
  expect(v.fake.stats.ordersPlaced).toBe(2);
  expect(v.fake.stats.duplicateOrders).toBe(0);
  expect(v.fake.stats.reusedClientIds).toBe(0);
}, 20_000);

it('-1007 with HTTP 408 on an order that never reached the engine then UNKNOWN, a same-side order refused meanwhile, proved absent past recvWindow and the lag allowance, journaled REJECTED with why, and the side is free again', async () => {
  const { desk, venue: v, app: a } = await open();
  v.fake.faults.failWith5xx({
    next: 1,
    status: 408,
    code: -1007,
    when: 'before',
    path: '/api/v3/order',
    method: 'POST',
  });
  const first = await desk.placeOrder(buy('ua-1'));
  expect(first.status).toBe('unknown');
  const meanwhile = await desk.placeOrder(buy('ua-2'));
  expect(meanwhile.status).toBe('denied');
  expect(meanwhile.denial).toMatchObject({ code: 'ORDER_OUTCOME_UNKNOWN', limitValue: first.clientOrderId });
  expect(meanwhile.denial?.message).toMatch(/Do not place it again under a new action_id/);
  const otherSide = await desk.placeOrder({ ...buy('ua-3'), side: 'SELL', quantity: '0.0001' });
  expect(otherSide.denial?.code).not.toBe('ORDER_OUTCOME_UNKNOWN');
  expect((await a.store.listRiskEvents('live')).some((e) => e.code === 'ORDER_OUTCOME_UNKNOWN')).toBe(true);
  await expect
    .poll(async () => (await a.store.findOrder('live', first.clientOrderId))?.status, { timeout: 10_000 })
    .toBe('REJECTED');
  const record = await a.store.findOrder('live', first.clientOrderId);
  expect(record?.reason).toMatch(/never reached Binance\.US/);
  const repeat = await desk.placeOrder(buy('ua-1'));
  expect(repeat).toMatchObject({ status: 'rejected', duplicate: true, rejection: { code: -2013 } });
  expect((await desk.placeOrder(buy('ua-2'))).status).toBe('placed');
  expect(v.fake.stats.ordersPlaced).toBe(1);
}, 20_000);

/**
 * A live bracket whose entry's answer was lost (-1007 after the engine filled it, order queries
 * lagging): the bracket is UNKNOWN while its entry is; once the lookups show the entry FILLED, the
 * running process protects the fill with its OCO and the bracket works, without waiting for a
 * restart. An entry proved never placed ends the bracket, and nothing is placed for it.
 */
import { expect, it } from 'vitest';
import type { TradingDesk } from '../../src/app/api.js';
import { bracketEntryId, bracketOcoId } from '../../src/app/list-client-ids.js';
import { Big, str } from '../../src/model/money.js';
import type { OrderListJournal } from '../../src/ports/order-list-journal.js';
import { liveAppPerTest } from './live-app-per-test.js';
import type { LiveVenue } from './live-venue.js';

const openApp = liveAppPerTest({
  recvWindow: 300,
  timeoutMs: 1000,
  retryBaseMs: 5,
  settleMarginMs: 900,
  lookupIntervalMs: 50,
  pollIntervalMs: 100,
});

async function open() {
  const { desk, venue, app } = await openApp();
  return { desk, v: venue, app, lists: app.store as unknown as OrderListJournal };
}

async function bracket(desk: TradingDesk, v: LiveVenue, actionId: string) {
  const last = new Big((await v.market.prices(['BTCUSD']))[0]!.price);
  return desk.placeBracket({
    symbol: 'BTCUSD',
    side: 'BUY',
    orderType: 'MARKET',
    quantity: '0.001',
    takeProfitPrice: str(last.times(1.01).round(2)),
    stopPrice: str(last.times(0.99).round(2)),
    stopLimitPrice: str(last.times(0.989).round(2)),
    actionId,
    origin: 'test',
  });
}

it('a bracket whose MARKET entry filled but whose answer was lost then, once the entry is found FILLED, gets its OCO for the fill and works, without a restart', async () => {
  const { desk, v, app, lists } = await open();
  v.fake.faults.lagQueries(600);
  v.fake.faults.failWith5xx({
    next: 1,
    status: 400,
    code: -1007,
    when: 'after',
    path: '/api/v3/order',
    method: 'POST',
  });

  const first = await bracket(desk, v, 'bu-1');
  expect(first.status, JSON.stringify(first)).toBe('unknown');
  expect(first.list?.status).toBe('UNKNOWN');

  await expect
    .poll(async () => (await lists.findList('live', first.listClientOrderId))?.status, { timeout: 10_000 })
    .toBe('EXECUTING');
  const entry = await app.store.findOrder('live', bracketEntryId(first.listClientOrderId));
  expect(entry?.status).toBe('FILLED');
  await expect
    .poll(
      async () =>
        (await v.broker.getOrderList({ listClientOrderId: bracketOcoId(first.listClientOrderId, 1) }))?.listOrderStatus,
      {
        timeout: 10_000,
      },
    )
    .toBe('EXECUTING');
  const oco = (await v.broker.getOrderList({ listClientOrderId: bracketOcoId(first.listClientOrderId, 1) }))!;
  // The fill less its commission in BTC, on the lot step.
  const fills = (await v.broker.fills()).filter((f) => f.clientOrderId === entry!.clientOrderId);
  const received = fills.reduce(
    (q, f) => q.plus(f.qty).minus(f.commissionAsset === 'BTC' ? f.commission : '0'),
    new Big(0),
  );
  expect(new Big(oco.orders[0]!.origQty).lte(received)).toBe(true);
  expect(received.minus(oco.orders[0]!.origQty).lt('0.00001')).toBe(true);
  expect(v.fake.stats.duplicateOrders).toBe(0);
}, 30_000);

it('a bracket whose entry never reached the engine then, once the entry is proved absent, ends without placing anything', async () => {
  const { desk, v, lists } = await open();
  v.fake.faults.failWith5xx({
    next: 1,
    status: 408,
    code: -1007,
    when: 'before',
    path: '/api/v3/order',
    method: 'POST',
  });

  const first = await bracket(desk, v, 'bu-2');
  expect(first.status, JSON.stringify(first)).toBe('unknown');
  await expect
    .poll(async () => (await lists.findList('live', first.listClientOrderId))?.status, { timeout: 10_000 })
    .not.toMatch(/UNKNOWN|PENDING/);
  const ended = (await lists.findList('live', first.listClientOrderId))!;
  expect(ended.status).not.toBe('EXECUTING');
  expect(v.fake.stats.ordersPlaced).toBe(0);
}, 30_000);

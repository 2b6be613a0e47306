/**
 * A live OCO whose answer was lost, through the real application over the fake Binance.US: it is
 * looked up by its list client id and both legs' client ids until Binance.US shows the list or its
 * answers prove it absent (past recvWindow and the lag allowance), in the process and across a
 * restart; it is never sent again, and while it is unknown its symbol and side take no new order.
 */
import { afterEach, expect, it } from 'vitest';
import type { PlaceOcoInput, TradingDesk } from '../../src/app/api.js';
import type { ComposedApp } from '../../src/compose/app.js';
import { Big } from '../../src/model/money.js';
import type { OrderListJournal } from '../../src/ports/order-list-journal.js';
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

/** Proof of absence 300 + 5000 ms after the send: room for the checks made while the outcome is unknown. */
const PROOF_MS = 300 + 5000;
const TUNING = {
  recvWindow: 300,
  timeoutMs: 1000,
  retryBaseMs: 5,
  settleMarginMs: 5000,
  lookupIntervalMs: 50,
  pollIntervalMs: 100,
};
const BALANCES = [
  { asset: 'USD', free: '100000', locked: '0' },
  { asset: 'BTC', free: '1', locked: '0' },
];
const OCO_PATH = { path: '/api/v3/order/oco', method: 'POST' };

/** Every query that could show an order or an order list. */
const ORDER_QUERIES = [
  '/api/v3/order',
  '/api/v3/openOrders',
  '/api/v3/allOrders',
  '/api/v3/orderList',
  '/api/v3/openOrderList',
];

const lists = () => app!.store as unknown as OrderListJournal;

async function open(tuning: object = TUNING, settings: Record<string, string> = {}): Promise<TradingDesk> {
  venue = await startLiveVenue({ balances: BALANCES });
  handle = await liveApp(venue.fake, tuning, settings);
  app = await handle.open();
  return app.desks.live as TradingDesk;
}

async function ocoInput(actionId: string): Promise<PlaceOcoInput> {
  const p = new Big((await venue!.market.prices(['BTCUSD']))[0]!.price);
  return {
    symbol: 'BTCUSD',
    side: 'SELL',
    quantity: '0.01',
    price: p.times('1.05').toFixed(2),
    stopPrice: p.times('0.95').toFixed(2),
    stopLimitPrice: p.times('0.949').toFixed(2),
    actionId,
    origin: 'test',
  };
}

async function oco(desk: TradingDesk, actionId: string) {
  return desk.placeOco(await ocoInput(actionId));
}

const sell = (actionId: string) => ({
  symbol: 'BTCUSD',
  side: 'SELL' as const,
  orderType: 'MARKET' as const,
  quantity: '0.001',
  actionId,
  origin: 'test',
});

async function journaled(listClientOrderId: string) {
  const list = await lists().findList('live', listClientOrderId);
  const legs = await Promise.all(
    [list?.limitClientOrderId, list?.stopClientOrderId].map((id) => app!.store.findOrder('live', id!)),
  );
  return { list, legs };
}

async function listStatusOf(listClientOrderId: string) {
  const { list, legs } = await journaled(listClientOrderId);
  return { list: list?.status, legs: legs.map((l) => l?.status) };
}

it('an OCO that never reached Binance.US (-1007 with HTTP 408) then UNKNOWN, same-side orders and OCOs refused meanwhile, proved absent past recvWindow and the lag allowance, the list REJECT and its legs REJECTED with why, and the side free again', async () => {
  const desk = await open();
  venue!.fake.faults.failWith5xx({ next: 1, status: 408, code: -1007, when: 'before', ...OCO_PATH });
  const input = await ocoInput('lost-oco-1');
  const first = await desk.placeOco(input);
  expect(first.status, JSON.stringify(first)).toBe('unknown');
  expect(first.list?.status).toBe('UNKNOWN');
  expect(first.orders.map((o) => o.status)).toEqual(['UNKNOWN', 'UNKNOWN']);

  const order = await desk.placeOrder(sell('lost-oco-sell'));
  expect(order.denial?.code).toBe('ORDER_OUTCOME_UNKNOWN');
  const second = await oco(desk, 'lost-oco-2');
  expect(second.status, JSON.stringify(second)).toBe('denied');
  expect(second.denial?.code).toBe('ORDER_OUTCOME_UNKNOWN');

  await expect
    .poll(() => listStatusOf(first.listClientOrderId), { timeout: 15_000, interval: 50 })
    .toEqual({ list: 'REJECT', legs: ['REJECTED', 'REJECTED'] });
  const { list, legs } = await journaled(first.listClientOrderId);
  expect(list?.reason).toMatch(/never reached Binance\.US/);
  for (const leg of legs) expect(leg?.reason).toMatch(/never reached Binance\.US/);
  const repeat = await desk.placeOco(input);
  expect(repeat).toMatchObject({ status: 'rejected', duplicate: true });
  expect((await desk.placeOrder(sell('lost-oco-sell-2'))).status).toBe('placed');
  expect(venue!.fake.stats.ordersPlaced).toBe(1);
  expect(await venue!.broker.openOrderLists('BTCUSD')).toHaveLength(0);
}, 30_000);

/** A user-data stream that never connects (nothing listens on the discard port): the app learns by its lookups alone. */
const NO_STREAM = { BINANCE_STREAM_URL: 'ws://127.0.0.1:9' };

it.each([
  ['with the user-data stream', {}],
  ['with the user-data stream down', NO_STREAM],
])(
  'an OCO placed whose answer was lost (-1007 with HTTP 400) while list and order queries lag, and whose take-profit fills before it shows, %s, then the list ends ALL_DONE in the journal with both legs and the fill, sent once',
  async (_, settings) => {
    const desk = await open(TUNING, settings);
    venue!.fake.faults.lagQueries(1500);
    venue!.fake.faults.failWith5xx({ next: 1, status: 400, code: -1007, when: 'after', ...OCO_PATH });
    const first = await oco(desk, 'lost-oco-3');
    expect(first.status, JSON.stringify(first)).toBe('unknown');
    const [onVenue] = await venue!.broker.openOrderLists('BTCUSD');
    expect(onVenue?.listClientOrderId).toBe(first.listClientOrderId);
    const p = new Big((await venue!.market.prices(['BTCUSD']))[0]!.price);
    await venue!.printTrade('BTCUSD', p.times('1.06').toFixed(2), '1');

    await expect
      .poll(() => listStatusOf(first.listClientOrderId), { timeout: 15_000, interval: 50 })
      .toEqual({ list: 'ALL_DONE', legs: ['FILLED', 'EXPIRED'] });
    const { list, legs } = await journaled(first.listClientOrderId);
    expect(list?.orderListId).toBe(onVenue!.orderListId);
    expect(legs.map((l) => l?.orderId)).toEqual(onVenue!.orders.map((o) => o.orderId));
    const fills = await app!.store.listFills({ mode: 'live', clientOrderId: list!.limitClientOrderId! });
    expect(fills.reduce((sum, f) => sum.plus(f.qty), new Big(0)).eq('0.01')).toBe(true);
    expect(venue!.fake.stats.ordersPlaced).toBe(2);
    expect(venue!.fake.stats.duplicateOrders).toBe(0);
  },
  30_000,
);

it('an OCO that never reached Binance.US whose lookups then fail (network down) then it stays UNKNOWN past the proof time, is never sent again and blocks its side, and once Binance.US answers again it is proved absent', async () => {
  const desk = await open();
  venue!.fake.faults.failWith5xx({ next: 1, status: 503, code: -1001, when: 'before', ...OCO_PATH });
  const first = await oco(desk, 'lost-oco-4');
  expect(first.status, JSON.stringify(first)).toBe('unknown');
  venue!.fake.faults.failWith5xx({ probability: 1, status: 503, method: 'GET', paths: ORDER_QUERIES });
  const failedBefore = venue!.fake.stats.injected5xx;
  const sentAt = Date.now();
  // Past the proof time, with lookups failing all along.
  await expect
    .poll(() => venue!.fake.stats.injected5xx > failedBefore + 3 && Date.now() > sentAt + PROOF_MS + 500, {
      timeout: 20_000,
      interval: 50,
    })
    .toBe(true);
  expect(await listStatusOf(first.listClientOrderId)).toEqual({ list: 'UNKNOWN', legs: ['UNKNOWN', 'UNKNOWN'] });
  expect((await oco(desk, 'lost-oco-5')).denial?.code).toBe('ORDER_OUTCOME_UNKNOWN');
  expect((await desk.placeOrder(sell('lost-oco-sell-3'))).denial?.code).toBe('ORDER_OUTCOME_UNKNOWN');

  venue!.fake.faults.failWith5xx(null);
  await expect
    .poll(() => listStatusOf(first.listClientOrderId), { timeout: 20_000, interval: 50 })
    .toEqual({ list: 'REJECT', legs: ['REJECTED', 'REJECTED'] });
  expect(venue!.fake.stats.ordersPlaced).toBe(0);
}, 45_000);

it("a bracket's OCO placed on Binance.US whose answer was lost, then a restart while list and order queries still lag, then the next start finds the OCO and places no second one (no BTC sold that the bracket does not own)", async () => {
  // A lag allowance long enough that no search proves absence while the queries lag here.
  const desk = await open({ ...TUNING, settleMarginMs: 120_000 });
  const p = new Big((await venue!.market.prices(['BTCUSD']))[0]!.price);
  venue!.fake.faults.lagQueries(1e9);
  venue!.fake.faults.failWith5xx({ next: 1, status: 400, code: -1007, when: 'after', ...OCO_PATH });
  const bracket = await desk.placeBracket({
    symbol: 'BTCUSD',
    side: 'BUY',
    quantity: '0.02',
    takeProfitPrice: p.times('1.05').toFixed(2),
    stopPrice: p.times('0.95').toFixed(2),
    actionId: 'lost-oco-bracket',
    origin: 'test',
  });
  expect(bracket.status, JSON.stringify(bracket)).toBe('placed');
  const [child] = await lists().listLists({ mode: 'live', parentListClientOrderId: bracket.listClientOrderId });
  expect(child?.status).toBe('UNKNOWN');
  expect(await venue!.broker.openOrderLists('BTCUSD')).toHaveLength(1);
  await app!.close();
  app = undefined;

  // The next start decides with the queries still lagging: it either starts without waiting for them, or it
  // keeps looking (more lagged queries than a start without a search makes) until the lag ends.
  const laggedBefore = venue!.fake.stats.laggedQueries;
  const opening = handle!.open();
  await Promise.race([
    opening,
    expect
      .poll(() => venue!.fake.stats.laggedQueries > laggedBefore + 10, { timeout: 40_000, interval: 20 })
      .toBe(true),
  ]);
  venue!.fake.faults.lagQueries(0);
  app = await opening;

  const onVenue = await venue!.broker.openOrderLists('BTCUSD');
  expect(onVenue.map((l) => l.listClientOrderId)).toEqual([child!.listClientOrderId]);
  const children = await lists().listLists({ mode: 'live', parentListClientOrderId: bracket.listClientOrderId });
  expect(children.map((c) => [c.listClientOrderId, c.status, c.orderListId])).toEqual([
    [child!.listClientOrderId, 'EXECUTING', onVenue[0]!.orderListId],
  ]);
  expect((await listStatusOf(child!.listClientOrderId)).legs).toEqual(['NEW', 'NEW']);
  expect(venue!.fake.stats.ordersPlaced).toBe(3);
}, 60_000);

it("a bracket's OCO that never reached Binance.US then the bracket counts it as covering while it is unknown, and once it is proved absent the bracket is protected again by one new OCO, in the same process", async () => {
  const desk = await open();
  const p = new Big((await venue!.market.prices(['BTCUSD']))[0]!.price);
  venue!.fake.faults.failWith5xx({ next: 1, status: 408, code: -1007, when: 'before', ...OCO_PATH });
  const bracket = await desk.placeBracket({
    symbol: 'BTCUSD',
    side: 'BUY',
    quantity: '0.02',
    takeProfitPrice: p.times('1.05').toFixed(2),
    stopPrice: p.times('0.95').toFixed(2),
    actionId: 'lost-oco-bracket-2',
    origin: 'test',
  });
  expect(bracket.status, JSON.stringify(bracket)).toBe('placed');
  const children = () => lists().listLists({ mode: 'live', parentListClientOrderId: bracket.listClientOrderId });
  const [lost] = await children();
  expect(lost?.status).toBe('UNKNOWN');
  expect(await venue!.broker.openOrderLists('BTCUSD')).toHaveLength(0);

  await expect
    .poll(async () => (await children()).map((c) => c.status).sort(), { timeout: 15_000, interval: 50 })
    .toEqual(['EXECUTING', 'REJECT']);
  const onVenue = await venue!.broker.openOrderLists('BTCUSD');
  const again = (await children()).find((c) => c.status === 'EXECUTING')!;
  expect(onVenue.map((l) => l.listClientOrderId)).toEqual([again.listClientOrderId]);
  expect(new Big(again.quantity).eq(lost!.quantity)).toBe(true);
  expect((await lists().findList('live', lost!.listClientOrderId))?.reason).toMatch(/never reached Binance\.US/);
  expect(venue!.fake.stats.ordersPlaced).toBe(3);
}, 30_000);

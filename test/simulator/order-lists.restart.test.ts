/**
 * A restart in the middle of an OCO: the paper venue is rebuilt from what the journal holds (open
 * orders, the open lists, balances). The pair comes back linked and holding its funds once; a
 * list the process left half-ended (one leg executed, the other still open in the journal) ends
 * at the restore, as the venue would have ended it.
 */
import { describe, expect, it } from 'vitest';
import { SimulatedBroker } from '../../src/exchanges/simulator/simulated-broker.js';
import type { Balance } from '../../src/model/balance.js';
import { cmp } from '../../src/model/money.js';
import type { Order } from '../../src/model/order.js';
import type { OcoRequest } from '../../src/model/order-list.js';
import type { OrderUpdate } from '../../src/ports/broker.js';
import { btcUsd } from './fixtures.js';
import { ladder, ManualClock, ScriptedMarketData } from './scripted-market-data.js';

const START: Balance[] = [
  { asset: 'USD', free: '1000', locked: '0' },
  { asset: 'BTC', free: '0.01', locked: '0' },
];

function venue() {
  const clock = new ManualClock();
  const marketData = new ScriptedMarketData(clock, [btcUsd()]);
  const book = ladder(30000, 0.5, '0.5');
  marketData.setBook('BTCUSD', book.bids, book.asks);
  marketData.setLastPrice('BTCUSD', '30000.25');
  return { clock, marketData, open: (balances: Balance[]) => new SimulatedBroker({ marketData, clock, balances }) };
}

const sell: OcoRequest = {
  listClientOrderId: 'r-list',
  limitClientOrderId: 'r-tp',
  stopClientOrderId: 'r-sl',
  symbol: 'BTCUSD',
  side: 'SELL',
  quantity: '0.01',
  price: '30500',
  stopPrice: '29500',
  stopLimitPrice: '29400',
  stopLimitTimeInForce: 'GTC',
};

const btc = async (b: SimulatedBroker) => (await b.balances()).find((x) => x.asset === 'BTC')!;

describe('SimulatedBroker restart in the middle of an OCO', () => {
  it('an executing SELL pair comes back linked: the whole base held once, and a fill of the limit leg expires the stop leg', async () => {
    const v = venue();
    const before = v.open(START);
    const { list } = await before.placeOco(sell);
    const state = {
      balances: await before.balances(),
      openOrders: await before.openOrders(),
      orderLists: await before.openOrderLists(),
    };
    await before.close();

    const after = v.open([]);
    const updates: OrderUpdate[] = [];
    after.onOrderUpdate((u) => updates.push(u));
    await after.restore(state);
    expect(updates).toEqual([]);
    const restored = await after.getOrderList({ listClientOrderId: 'r-list' });
    expect(restored).toMatchObject({ orderListId: list.orderListId, listOrderStatus: 'EXECUTING' });
    expect(cmp((await btc(after)).locked, '0.01')).toBe(0);
    expect(cmp((await btc(after)).free, '0')).toBe(0);

    v.marketData.trade('BTCUSD', '30600', '1');
    await after.idle();
    const done = (await after.getOrderList({ orderListId: list.orderListId }))!;
    expect(done.orders.map((o) => o.status)).toEqual(['FILLED', 'EXPIRED']);
    expect(updates.find((u) => u.order.clientOrderId === 'r-sl')?.list?.listOrderStatus).toBe('ALL_DONE');
    expect(cmp((await btc(after)).locked, '0')).toBe(0);

    // Order numbers go on past the list's and its legs'.
    const next = await after.placeOrder({
      clientOrderId: 'after',
      symbol: 'BTCUSD',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.001',
      price: '29000',
    });
    const used = [list.orderListId, ...list.orders.map((o) => o.orderId)].map(Number);
    expect(Number(next.order.orderId)).toBeGreaterThan(Math.max(...used));
    await after.close();
  });

  it('a BUY pair restored without its journaled list is paired by orderListId and holds the dearer leg once; the stop then triggers', async () => {
    const v = venue();
    const before = v.open(START);
    const { list } = await before.placeOco({
      ...sell,
      side: 'BUY',
      price: '29500',
      stopPrice: '30500',
      stopLimitPrice: '30600',
    });
    const state = { balances: await before.balances(), openOrders: await before.openOrders() };
    await before.close();
    const after = v.open([]);
    await after.restore(state);
    const usd = (await after.balances()).find((b) => b.asset === 'USD')!;
    expect(cmp(usd.locked, '306')).toBe(0); // 30600 × 0.01
    expect((await after.getOrderList({ orderListId: list.orderListId }))?.listOrderStatus).toBe('EXECUTING');
    v.marketData.trade('BTCUSD', '30500', '1');
    await after.idle();
    const done = (await after.getOrderList({ orderListId: list.orderListId }))!;
    expect(done.orders[0]!.status).toBe('EXPIRED');
    expect(done.orders[1]).toMatchObject({ status: 'FILLED', triggered: true });
    await after.close();
  });

  it('the journal shows the limit leg filled but the stop leg still open (stopped in between): the restore expires the stop leg and says so', async () => {
    const v = venue();
    const before = v.open(START);
    const { list } = await before.placeOco(sell);
    const stopLeg = list.orders.find((o) => o.type === 'STOP_LOSS_LIMIT') as Order;
    await before.close();
    const after = v.open([]);
    const updates: OrderUpdate[] = [];
    after.onOrderUpdate((u) => updates.push(u));
    // What the journal would hold: the base sold (USD received), only the stop leg open.
    await after.restore({
      balances: [
        { asset: 'USD', free: '1304.695', locked: '0' },
        { asset: 'BTC', free: '0', locked: '0' },
      ],
      openOrders: [stopLeg],
      orderLists: [list],
    });
    expect(updates.map((u) => [u.order.clientOrderId, u.order.status])).toEqual([['r-sl', 'EXPIRED']]);
    expect(await after.openOrders()).toEqual([]);
    expect(await after.openOrderLists()).toEqual([]);
    expect(await btc(after)).toMatchObject({ free: '0', locked: '0' });
    await after.close();
  });
});

/**
 * The order-list contract (OrderListVenue, part of the Broker port): OCO placement, the price
 * relations refused before anything is placed, one leg executing or triggering ending the other,
 * cancels, idempotent listClientOrderIds, the order counts, and trailing stops. Run against the
 * simulated broker and the live broker over the fake Binance.US with the same harness as the
 * Broker contract (broker.contract.ts).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExchangeRejection } from '../../src/model/errors.js';
import { add, cmp, type Decimal, ZERO } from '../../src/model/money.js';
import type { Order } from '../../src/model/order.js';
import type { OcoRequest, OrderList } from '../../src/model/order-list.js';
import type { OrderUpdate } from '../../src/ports/broker.js';
import type { BrokerHarness } from './broker.contract.js';

async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function rejectionOf(promise: Promise<unknown>): Promise<ExchangeRejection> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ExchangeRejection) return error;
    throw error;
  }
  throw new Error('expected an ExchangeRejection, got success');
}

const limitLeg = (list: OrderList): Order => list.orders.find((o) => o.type === 'LIMIT_MAKER')!;
const stopLeg = (list: OrderList): Order => list.orders.find((o) => o.type === 'STOP_LOSS_LIMIT')!;

let counter = 0;
function ids(prefix: string): Pick<OcoRequest, 'listClientOrderId' | 'limitClientOrderId' | 'stopClientOrderId'> {
  counter += 1;
  const tag = `${prefix}${counter}${Math.random().toString(36).slice(2, 8)}`;
  return { listClientOrderId: `L${tag}`, limitClientOrderId: `A${tag}`, stopClientOrderId: `S${tag}` };
}

/** The harness's symbol must be BTCUSD-like around 30,000 (last 30000.25, bids from 30000 down, asks from 30000.50 up). */
export function runOrderListContract(name: string, make: () => Promise<BrokerHarness>): void {
  describe(`Order-list contract: ${name}`, () => {
    let h: BrokerHarness;
    const updates: OrderUpdate[] = [];

    beforeEach(async () => {
      h = await make();
      updates.length = 0;
      h.broker.onOrderUpdate((u) => updates.push(u));
    });
    afterEach(async () => {
      await h.cleanup();
    });

    async function baseHeld(): Promise<{ free: Decimal; locked: Decimal }> {
      const b = (await h.broker.balances()).find((x) => x.asset === 'BTC');
      return { free: b?.free ?? ZERO, locked: b?.locked ?? ZERO };
    }

    async function buyBase(qty: Decimal): Promise<void> {
      const { order } = await h.broker.placeOrder({
        clientOrderId: `buy${Math.random().toString(36).slice(2, 10)}`,
        symbol: h.symbol,
        side: 'BUY',
        type: 'MARKET',
        quantity: qty,
      });
      expect(order.status).toBe('FILLED');
    }

    function sellOco(overrides: Partial<OcoRequest> = {}): OcoRequest {
      return {
        ...ids('s'),
        symbol: h.symbol,
        side: 'SELL',
        quantity: '0.002',
        price: '30500',
        stopPrice: '29500',
        stopLimitPrice: '29400',
        stopLimitTimeInForce: 'GTC',
        ...overrides,
      };
    }

    async function listNow(orderListId: string): Promise<OrderList> {
      const list = await h.broker.getOrderList({ orderListId });
      expect(list).toBeDefined();
      return list!;
    }

    it('placeOco SELL then a list EXECUTING of a LIMIT_MAKER and a STOP_LOSS_LIMIT leg, same quantity, the base locked once', async () => {
      await buyBase('0.003');
      const before = await baseHeld();
      const request = sellOco();
      const { list, fills } = await h.broker.placeOco(request);
      expect(fills).toEqual([]);
      expect(list).toMatchObject({
        listClientOrderId: request.listClientOrderId,
        symbol: h.symbol,
        contingencyType: 'OCO',
        listStatusType: 'EXEC_STARTED',
        listOrderStatus: 'EXECUTING',
      });
      expect(list.orders.map((o) => o.type)).toEqual(['LIMIT_MAKER', 'STOP_LOSS_LIMIT']);
      for (const leg of list.orders) {
        expect(leg.status).toBe('NEW');
        expect(cmp(leg.origQty, '0.002')).toBe(0);
        expect(leg.orderListId).toBe(list.orderListId);
      }
      expect(limitLeg(list).clientOrderId).toBe(request.limitClientOrderId);
      expect(cmp(limitLeg(list).price!, '30500')).toBe(0);
      expect(stopLeg(list).clientOrderId).toBe(request.stopClientOrderId);
      expect(cmp(stopLeg(list).stopPrice!, '29500')).toBe(0);
      expect(cmp(stopLeg(list).price!, '29400')).toBe(0);
      const after = await baseHeld();
      expect(cmp(after.locked, add(before.locked, '0.002'))).toBe(0);
      expect(cmp(add(after.free, after.locked), add(before.free, before.locked))).toBe(0);

      const open = await h.broker.openOrderLists(h.symbol);
      expect(open.map((l) => l.orderListId)).toEqual([list.orderListId]);
      expect((await h.broker.getOrderList({ listClientOrderId: request.listClientOrderId }))?.orderListId).toBe(
        list.orderListId,
      );
      expect((await h.broker.openOrders(h.symbol)).length).toBe(2);
    });

    it('placeOco breaking SELL limit > last > stop then -2010 "The relationship of the prices for the orders is not correct." and nothing placed', async () => {
      await buyBase('0.003');
      for (const bad of [{ price: '29000' }, { stopPrice: '30100', stopLimitPrice: '30000' }]) {
        const rejection = await rejectionOf(h.broker.placeOco(sellOco(bad)));
        expect(rejection.code).toBe(-2010);
        expect(rejection.message).toBe('The relationship of the prices for the orders is not correct.');
      }
      expect(await h.broker.openOrders(h.symbol)).toEqual([]);
      expect(await h.broker.openOrderLists()).toEqual([]);
      expect(cmp((await baseHeld()).locked, '0')).toBe(0);
    });

    it('placeOco BUY breaking limit < last < stop then -2010, and a BUY within them is placed holding the dearer leg', async () => {
      const bad = await rejectionOf(
        h.broker.placeOco({ ...sellOco(), side: 'BUY', price: '29500', stopPrice: '29900', stopLimitPrice: '30000' }),
      );
      expect(bad.code).toBe(-2010);
      const usdBefore = (await h.broker.balances()).find((b) => b.asset === 'USD')!;
      const { list } = await h.broker.placeOco({
        ...sellOco(),
        side: 'BUY',
        price: '29500',
        stopPrice: '30500',
        stopLimitPrice: '30600',
      });
      expect(list.listOrderStatus).toBe('EXECUTING');
      const usdAfter = (await h.broker.balances()).find((b) => b.asset === 'USD')!;
      // Locked once, for the dearer leg: 30600 × 0.002.
      expect(cmp(usdAfter.locked, add(usdBefore.locked, '61.2'))).toBe(0);
    });

    it('the limit leg filling then the stop leg EXPIRED and the list ALL_DONE, both seen in updates', async () => {
      await buyBase('0.003');
      const { list } = await h.broker.placeOco(sellOco());
      await h.tradeAt(h.symbol, '30600');
      const done = await eventually(async () => {
        const l = await listNow(list.orderListId);
        return l.listOrderStatus === 'ALL_DONE' ? l : undefined;
      }, 'the list to end');
      expect(done.listStatusType).toBe('ALL_DONE');
      expect(limitLeg(done).status).toBe('FILLED');
      expect(stopLeg(done).status).toBe('EXPIRED');
      await eventually(
        async () =>
          updates.some((u) => u.order.orderId === stopLeg(list).orderId && u.order.status === 'EXPIRED') || undefined,
        'the stop leg expiry to be reported',
      );
      const withList = updates.find((u) => u.order.orderId === stopLeg(list).orderId && u.order.status === 'EXPIRED');
      expect(withList?.list?.listOrderStatus).toBe('ALL_DONE');
      expect(await h.broker.openOrderLists()).toEqual([]);
      expect(cmp((await baseHeld()).locked, '0')).toBe(0);
    });

    it('the stop triggering then the limit leg EXPIRED, the list ALL_DONE and the stop leg worked', async () => {
      await buyBase('0.003');
      const { list } = await h.broker.placeOco(sellOco());
      await h.tradeAt(h.symbol, '29500');
      const done = await eventually(async () => {
        const l = await listNow(list.orderListId);
        return l.listOrderStatus === 'ALL_DONE' && stopLeg(l).status === 'FILLED' ? l : undefined;
      }, 'the stop leg to fill');
      expect(limitLeg(done).status).toBe('EXPIRED');
      expect(cmp(limitLeg(done).executedQty, '0')).toBe(0);
      expect(cmp(stopLeg(done).executedQty, '0.002')).toBe(0);
      expect(cmp((await baseHeld()).locked, '0')).toBe(0);
    });

    it('cancelOrderList then both legs CANCELED, the list ALL_DONE and the base free again; a second cancel -2011', async () => {
      await buyBase('0.003');
      const before = await baseHeld();
      const { list } = await h.broker.placeOco(sellOco());
      const canceled = await h.broker.cancelOrderList(h.symbol, { orderListId: list.orderListId });
      expect(canceled.listOrderStatus).toBe('ALL_DONE');
      expect(canceled.orders.map((o) => o.status)).toEqual(['CANCELED', 'CANCELED']);
      expect(await h.broker.openOrders(h.symbol)).toEqual([]);
      const after = await baseHeld();
      expect(cmp(after.locked, before.locked)).toBe(0);
      const again = await rejectionOf(h.broker.cancelOrderList(h.symbol, { orderListId: list.orderListId }));
      expect(again.code).toBe(-2011);
    });

    it('canceling one leg with cancelOrder then the whole list canceled', async () => {
      await buyBase('0.003');
      const { list } = await h.broker.placeOco(sellOco());
      await h.broker.cancelOrder(h.symbol, { orderId: stopLeg(list).orderId });
      const done = await eventually(async () => {
        const l = await listNow(list.orderListId);
        return l.listOrderStatus === 'ALL_DONE' ? l : undefined;
      }, 'the list to end');
      expect(done.orders.map((o) => o.status)).toEqual(['CANCELED', 'CANCELED']);
      expect(await h.broker.openOrders(h.symbol)).toEqual([]);
    });

    it('placeOco with a listClientOrderId already used then the existing list, nothing new placed', async () => {
      await buyBase('0.003');
      const request = sellOco();
      const first = await h.broker.placeOco(request);
      const second = await h.broker.placeOco({ ...request, price: '31000' });
      expect(second.list.orderListId).toBe(first.list.orderListId);
      expect((await h.broker.openOrders(h.symbol)).length).toBe(2);
    });

    it('the stop leg counts against MAX_NUM_ALGO_ORDERS (5 on BTCUSDT): a sixth stop is -1013 Filter failure: MAX_NUM_ALGO_ORDERS', async () => {
      await buyBase('0.015');
      for (let i = 0; i < 5; i += 1) await h.broker.placeOco(sellOco());
      const rejection = await rejectionOf(h.broker.placeOco(sellOco()));
      expect(rejection.code).toBe(-1013);
      expect(rejection.message).toBe('Filter failure: MAX_NUM_ALGO_ORDERS');
      expect((await h.broker.openOrderLists(h.symbol)).length).toBe(5);
    });

    it('a trailing STOP_LOSS_LIMIT SELL without stop price then tracks the highest trade and triggers 100 BIPS below it', async () => {
      await buyBase('0.003');
      const { order } = await h.broker.placeOrder({
        clientOrderId: `trail${Math.random().toString(36).slice(2, 8)}`,
        symbol: h.symbol,
        side: 'SELL',
        type: 'STOP_LOSS_LIMIT',
        timeInForce: 'GTC',
        quantity: '0.002',
        price: '29000',
        trailingDelta: 100,
      });
      expect(order.status).toBe('NEW');
      expect(order.trailingDelta).toBe(100);
      await h.tradeAt(h.symbol, '30300');
      // 30300 × 0.99 = 29997: 29997.01 does not trigger, 29997 does.
      await h.tradeAt(h.symbol, '29997.01');
      expect((await h.broker.getOrder(h.symbol, { orderId: order.orderId }))?.status).toBe('NEW');
      await h.tradeAt(h.symbol, '29997');
      const filled = await eventually(async () => {
        const o = await h.broker.getOrder(h.symbol, { orderId: order.orderId });
        return o?.status === 'FILLED' ? o : undefined;
      }, 'the trailing stop to trigger and fill');
      expect(filled.triggered).toBe(true);
    });

    it('a trailingDelta outside TRAILING_DELTA (10-2000) then -1013 Filter failure: TRAILING_DELTA', async () => {
      await buyBase('0.003');
      const rejection = await rejectionOf(
        h.broker.placeOrder({
          clientOrderId: `trailbad${Math.random().toString(36).slice(2, 8)}`,
          symbol: h.symbol,
          side: 'SELL',
          type: 'STOP_LOSS_LIMIT',
          timeInForce: 'GTC',
          quantity: '0.002',
          price: '29000',
          trailingDelta: 5,
        }),
      );
      expect(rejection.code).toBe(-1013);
      expect(rejection.message).toBe('Filter failure: TRAILING_DELTA');
    });
  });
}

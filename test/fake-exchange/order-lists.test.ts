/**
 * The fake's order-list and cancel-replace endpoints on the wire, checked against rest-api.md
 * ("New OCO", "Cancel OCO", "Query OCO", "Query Open OCO", "Cancel an Existing Order and Send a
 * New Order") and user-data-stream.md ("ListStatus"). The venue is a SimulatedBroker over
 * scripted prices, so every trigger is the test's doing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock/manual-clock.js';
import { SystemClock } from '../../src/clock/system-clock.js';
import { SimulatedBroker } from '../../src/exchanges/simulator/simulated-broker.js';
import { startFakeExchange, type FakeExchange } from '../../src/fake-exchange/server.js';
import { btcUsd } from '../simulator/fixtures.js';
import { ladder, ScriptedMarketData } from '../simulator/scripted-market-data.js';
import { FrameQueue, signed, withKey } from './wire-client.js';

describe('fake exchange order lists and cancel-replace', () => {
  let fake: FakeExchange;
  let venue: SimulatedBroker;
  let market: ScriptedMarketData;
  const sockets: FrameQueue[] = [];

  beforeEach(async () => {
    const clock = new SystemClock();
    market = new ScriptedMarketData(clock, [btcUsd()]);
    const book = ladder(30000, 0.5, '0.5');
    market.setBook('BTCUSD', book.bids, book.asks);
    market.setLastPrice('BTCUSD', '30000.25');
    venue = new SimulatedBroker({
      marketData: market,
      clock,
      balances: [
        { asset: 'USD', free: '10000', locked: '0' },
        { asset: 'BTC', free: '1', locked: '0' },
      ],
    });
    fake = await startFakeExchange({ broker: venue, marketData: market, clock });
  });
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.ws.close();
    await fake.close();
    await venue.close();
  });

  const oco = (params: Record<string, string> = {}) =>
    signed(fake, 'POST', '/api/v3/order/oco', {
      symbol: 'BTCUSD',
      side: 'SELL',
      quantity: '0.01',
      price: '30500',
      stopPrice: '29500',
      stopLimitPrice: '29400',
      stopLimitTimeInForce: 'GTC',
      ...params,
    });

  async function userStream(): Promise<FrameQueue> {
    const { body } = await withKey(fake, 'POST', '/api/v3/userDataStream');
    const ws = await FrameQueue.open(`${fake.wsUrl}/ws/${body.listenKey}`);
    sockets.push(ws);
    return ws;
  }

  it('POST /api/v3/order/oco then the documented list shape: stop leg first, orderReports with orderListId, weight 1', async () => {
    const { status, body, headers } = await oco({
      listClientOrderId: 'list-1',
      limitClientOrderId: 'lim-1',
      stopClientOrderId: 'stp-1',
    });
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(
      [
        'orderListId',
        'contingencyType',
        'listStatusType',
        'listOrderStatus',
        'listClientOrderId',
        'transactionTime',
        'symbol',
        'orders',
        'orderReports',
      ].sort(),
    );
    expect(body).toMatchObject({
      contingencyType: 'OCO',
      listStatusType: 'EXEC_STARTED',
      listOrderStatus: 'EXECUTING',
      listClientOrderId: 'list-1',
      symbol: 'BTCUSD',
    });
    expect(typeof body.orderListId).toBe('number');
    expect(body.orders.map((o: any) => o.clientOrderId)).toEqual(['stp-1', 'lim-1']);
    expect(body.orders[0].orderId).toBeLessThan(body.orders[1].orderId);
    const [stop, limit] = body.orderReports;
    expect(stop).toMatchObject({
      type: 'STOP_LOSS_LIMIT',
      side: 'SELL',
      price: '29400.00000000',
      stopPrice: '29500.00000000',
      origQty: '0.01000000',
      status: 'NEW',
      orderListId: body.orderListId,
      workingTime: -1,
    });
    expect(limit).toMatchObject({ type: 'LIMIT_MAKER', price: '30500.00000000', orderListId: body.orderListId });
    expect(headers.get('x-mbx-used-weight-1m')).toBeDefined();
    // GET /api/v3/order shows each leg with its orderListId.
    const leg = await signed(fake, 'GET', '/api/v3/order', { symbol: 'BTCUSD', origClientOrderId: 'lim-1' });
    expect(leg.body.orderListId).toBe(body.orderListId);
  });

  it('an OCO counts 2 against the ORDERS limit: with 5 per interval, two OCOs then a third is -1015', async () => {
    const tight = await startFakeExchange({
      broker: venue,
      marketData: market,
      // A still clock: all three requests fall in one 10 s window.
      clock: new ManualClock(Date.UTC(2025, 0, 15, 12, 0, 1)),
      limits: { ordersPerInterval: 5 },
    });
    try {
      const send = () =>
        signed(tight, 'POST', '/api/v3/order/oco', {
          symbol: 'BTCUSD',
          side: 'SELL',
          quantity: '0.01',
          price: '30500',
          stopPrice: '29500',
          stopLimitPrice: '29400',
          stopLimitTimeInForce: 'GTC',
        });
      const first = await send();
      expect(first.headers.get('x-mbx-order-count-10s')).toBe('2');
      const second = await send();
      expect(second.headers.get('x-mbx-order-count-10s')).toBe('4');
      const third = await send();
      expect(third.status).toBe(429);
      expect(third.body.code).toBe(-1015);
    } finally {
      await tight.close();
    }
  });

  it('prices out of relation then -2010 with Binance\'s message; no stopLimitPrice then -2010 "Stop loss orders are not supported"', async () => {
    const bad = await oco({ price: '29900' });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ code: -2010, msg: 'The relationship of the prices for the orders is not correct.' });
    const market = await signed(fake, 'POST', '/api/v3/order/oco', {
      symbol: 'BTCUSD',
      side: 'SELL',
      quantity: '0.01',
      price: '30500',
      stopPrice: '29500',
    });
    expect(market.body).toEqual({ code: -2010, msg: 'Stop loss orders are not supported for this symbol.' });
    const noStop = await signed(fake, 'POST', '/api/v3/order/oco', {
      symbol: 'BTCUSD',
      side: 'SELL',
      quantity: '0.01',
      price: '30500',
    });
    expect(noStop.body.code).toBe(-1102);
    const open = await signed(fake, 'GET', '/api/v3/openOrders', { symbol: 'BTCUSD' });
    expect(open.body).toEqual([]);
  });

  it('a listClientOrderId in use is -2010 "Duplicate order sent." while the list executes and accepted once it is over', async () => {
    expect((await oco({ listClientOrderId: 'same' })).status).toBe(200);
    expect((await oco({ listClientOrderId: 'same' })).body).toEqual({ code: -2010, msg: 'Duplicate order sent.' });
    const canceled = await signed(fake, 'DELETE', '/api/v3/orderList', { symbol: 'BTCUSD', listClientOrderId: 'same' });
    expect(canceled.status).toBe(200);
    const again = await oco({ listClientOrderId: 'same' });
    expect(again.status).toBe(200);
    expect(again.body.listClientOrderId).toBe('same');
    const query = await signed(fake, 'GET', '/api/v3/orderList', { origClientOrderId: 'same' });
    expect(query.body.orderListId).toBe(again.body.orderListId);
    expect(query.body.listOrderStatus).toBe('EXECUTING');
  });

  it('with order queries lagging, a new list is -2013 on GET orderList and missing from openOrderList until the lag has passed, like its legs', async () => {
    const placed = await oco({ listClientOrderId: 'lag-1' });
    expect(placed.status).toBe(200);
    fake.faults.lagQueries(60_000);
    const hidden = await signed(fake, 'GET', '/api/v3/orderList', { origClientOrderId: 'lag-1' });
    expect(hidden.body).toEqual({ code: -2013, msg: 'Order list does not exist.' });
    expect((await signed(fake, 'GET', '/api/v3/openOrderList')).body).toEqual([]);
    const leg = await signed(fake, 'GET', '/api/v3/order', {
      symbol: 'BTCUSD',
      orderId: String(placed.body.orders[0].orderId),
    });
    expect(leg.body.code).toBe(-2013);
    fake.faults.lagQueries(0);
    const seen = await signed(fake, 'GET', '/api/v3/orderList', { origClientOrderId: 'lag-1' });
    expect(seen.body.orderListId).toBe(placed.body.orderListId);
    expect((await signed(fake, 'GET', '/api/v3/openOrderList')).body).toHaveLength(1);
  });

  it("DELETE /api/v3/orderList then both legs CANCELED with the cancel's client id; GET orderList and openOrderList follow", async () => {
    const placed = await oco({ listClientOrderId: 'del-1' });
    const open = await signed(fake, 'GET', '/api/v3/openOrderList');
    expect(open.body.map((l: any) => l.orderListId)).toEqual([placed.body.orderListId]);
    expect(Object.keys(open.body[0])).not.toContain('orderReports');
    const canceled = await signed(fake, 'DELETE', '/api/v3/orderList', {
      symbol: 'BTCUSD',
      orderListId: String(placed.body.orderListId),
      newClientOrderId: 'cancel-me',
    });
    expect(canceled.body).toMatchObject({ listStatusType: 'ALL_DONE', listOrderStatus: 'ALL_DONE' });
    for (const report of canceled.body.orderReports) {
      expect(report).toMatchObject({ status: 'CANCELED', clientOrderId: 'cancel-me' });
      expect(typeof report.origClientOrderId).toBe('string');
    }
    expect((await signed(fake, 'GET', '/api/v3/openOrderList')).body).toEqual([]);
    const gone = await signed(fake, 'DELETE', '/api/v3/orderList', {
      symbol: 'BTCUSD',
      orderListId: String(placed.body.orderListId),
    });
    expect(gone.body.code).toBe(-2011);
    const unknown = await signed(fake, 'GET', '/api/v3/orderList', { orderListId: '987654' });
    expect(unknown.body.code).toBe(-2013);
  });

  it('user data: listStatus EXEC_STARTED at placement, then the limit leg TRADE, the stop leg EXPIRED and listStatus ALL_DONE', async () => {
    const ws = await userStream();
    const placed = await oco({ listClientOrderId: 'ws-list' });
    const started = await ws.next((f) => f.e === 'listStatus' && f.C === 'ws-list');
    expect(started).toMatchObject({
      s: 'BTCUSD',
      g: placed.body.orderListId,
      c: 'OCO',
      l: 'EXEC_STARTED',
      L: 'EXECUTING',
      r: 'NONE',
    });
    expect(started.O.map((o: any) => o.i)).toEqual(placed.body.orders.map((o: any) => o.orderId));
    const [stop, limit] = placed.body.orders;
    market.trade('BTCUSD', '30600', '5');
    await venue.idle();
    const trade = await ws.next((f) => f.e === 'executionReport' && f.i === limit.orderId && f.x === 'TRADE');
    expect(trade).toMatchObject({ X: 'FILLED', g: placed.body.orderListId, o: 'LIMIT_MAKER' });
    const expired = await ws.next((f) => f.e === 'executionReport' && f.i === stop.orderId && f.x === 'EXPIRED');
    expect(expired.g).toBe(placed.body.orderListId);
    const done = await ws.next((f) => f.e === 'listStatus' && f.C === 'ws-list' && f.L === 'ALL_DONE');
    expect(done.l).toBe('ALL_DONE');
  });

  it('trailingDelta on POST /api/v3/order is accepted, echoed, and bounded by TRAILING_DELTA', async () => {
    const placed = await signed(fake, 'POST', '/api/v3/order', {
      symbol: 'BTCUSD',
      side: 'SELL',
      type: 'STOP_LOSS_LIMIT',
      timeInForce: 'GTC',
      quantity: '0.01',
      price: '29000',
      trailingDelta: '250',
      newOrderRespType: 'RESULT',
    });
    expect(placed.status).toBe(200);
    expect(placed.body.trailingDelta).toBe(250);
    const queried = await signed(fake, 'GET', '/api/v3/order', {
      symbol: 'BTCUSD',
      orderId: String(placed.body.orderId),
    });
    expect(queried.body.trailingDelta).toBe(250);
    const tooSmall = await signed(fake, 'POST', '/api/v3/order', {
      symbol: 'BTCUSD',
      side: 'SELL',
      type: 'STOP_LOSS_LIMIT',
      timeInForce: 'GTC',
      quantity: '0.01',
      price: '29000',
      trailingDelta: '5',
    });
    expect(tooSmall.body).toEqual({ code: -1013, msg: 'Filter failure: TRAILING_DELTA' });
    const onLimit = await signed(fake, 'POST', '/api/v3/order', {
      symbol: 'BTCUSD',
      side: 'SELL',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.01',
      price: '31000',
      trailingDelta: '100',
    });
    expect(onLimit.body.code).toBe(-1106);
  });

  describe('POST /api/v3/order/cancelReplace', () => {
    const limit = (id: string, price: string) =>
      signed(fake, 'POST', '/api/v3/order', {
        symbol: 'BTCUSD',
        side: 'BUY',
        type: 'LIMIT',
        timeInForce: 'GTC',
        quantity: '0.01',
        price,
        newClientOrderId: id,
      });
    const replace = (params: Record<string, string>) =>
      signed(fake, 'POST', '/api/v3/order/cancelReplace', {
        symbol: 'BTCUSD',
        side: 'BUY',
        type: 'LIMIT',
        timeInForce: 'GTC',
        quantity: '0.02',
        price: '29000',
        ...params,
      });

    it('both halves succeed then cancelResult/newOrderResult SUCCESS with the cancel and the new order', async () => {
      await limit('cr-1', '28000');
      const { status, body } = await replace({
        cancelReplaceMode: 'STOP_ON_FAILURE',
        cancelOrigClientOrderId: 'cr-1',
        newClientOrderId: 'cr-1-new',
      });
      expect(status).toBe(200);
      expect(body).toMatchObject({ cancelResult: 'SUCCESS', newOrderResult: 'SUCCESS' });
      expect(body.cancelResponse).toMatchObject({ origClientOrderId: 'cr-1', status: 'CANCELED', orderListId: -1 });
      expect(body.newOrderResponse).toMatchObject({
        clientOrderId: 'cr-1-new',
        status: 'NEW',
        price: '29000.00000000',
      });
    });

    it('an unknown order with STOP_ON_FAILURE then -2022 with NOT_ATTEMPTED and no new order', async () => {
      const { status, body } = await replace({
        cancelReplaceMode: 'STOP_ON_FAILURE',
        cancelOrigClientOrderId: 'nope',
        newClientOrderId: 'never',
      });
      expect(status).toBe(400);
      expect(body).toEqual({
        code: -2022,
        msg: 'Order cancel-replace failed.',
        data: {
          cancelResult: 'FAILURE',
          newOrderResult: 'NOT_ATTEMPTED',
          cancelResponse: { code: -2011, msg: 'Unknown order sent.' },
          newOrderResponse: null,
        },
      });
      expect((await signed(fake, 'GET', '/api/v3/openOrders', { symbol: 'BTCUSD' })).body).toEqual([]);
    });

    it('cancelRestrictions the order does not meet then -2022 with -2011 "cancel restrictions" and the order still open; an unknown value is -1145', async () => {
      await limit('cr-r', '28000');
      const { status, body } = await replace({
        cancelReplaceMode: 'STOP_ON_FAILURE',
        cancelOrigClientOrderId: 'cr-r',
        cancelRestrictions: 'ONLY_PARTIALLY_FILLED',
        newClientOrderId: 'cr-r-new',
      });
      expect(status).toBe(400);
      expect(body).toMatchObject({
        code: -2022,
        data: {
          newOrderResult: 'NOT_ATTEMPTED',
          cancelResponse: { code: -2011, msg: 'Order was not canceled due to cancel restrictions.' },
        },
      });
      const open = (await signed(fake, 'GET', '/api/v3/openOrders', { symbol: 'BTCUSD' })).body as {
        clientOrderId: string;
      }[];
      expect(open.map((o) => o.clientOrderId)).toEqual(['cr-r']);
      const bad = await replace({
        cancelReplaceMode: 'STOP_ON_FAILURE',
        cancelOrigClientOrderId: 'cr-r',
        cancelRestrictions: 'NEVER',
      });
      expect(bad.body).toEqual({ code: -1145, msg: 'Invalid cancelRestrictions' });
    });

    it('an unknown order with ALLOW_FAILURE then -2021 and the new order placed', async () => {
      const { body } = await replace({
        cancelReplaceMode: 'ALLOW_FAILURE',
        cancelOrigClientOrderId: 'nope',
        newClientOrderId: 'placed-anyway',
      });
      expect(body.code).toBe(-2021);
      expect(body.msg).toBe('Order cancel-replace partially failed.');
      expect(body.data).toMatchObject({ cancelResult: 'FAILURE', newOrderResult: 'SUCCESS' });
      expect(body.data.cancelResponse).toEqual({ code: -2011, msg: 'Unknown order sent.' });
      expect(body.data.newOrderResponse.clientOrderId).toBe('placed-anyway');
    });

    it("the cancel done and the new order refused then -2021 with the engine's refusal in newOrderResponse", async () => {
      await limit('cr-2', '28000');
      const { body } = await replace({
        cancelReplaceMode: 'STOP_ON_FAILURE',
        cancelOrigClientOrderId: 'cr-2',
        type: 'LIMIT_MAKER',
        timeInForce: '',
        price: '30100',
      });
      expect(body.code).toBe(-2021);
      expect(body.data).toMatchObject({ cancelResult: 'SUCCESS', newOrderResult: 'FAILURE' });
      expect(body.data.cancelResponse.status).toBe('CANCELED');
      expect(body.data.newOrderResponse).toEqual({ code: -2010, msg: 'Order would immediately match and take.' });
    });

    it('a new order failing its filters then that filter error and nothing canceled ("Filters are evaluated before the cancel")', async () => {
      await limit('cr-3', '28000');
      const { body } = await replace({
        cancelReplaceMode: 'ALLOW_FAILURE',
        cancelOrigClientOrderId: 'cr-3',
        quantity: '0.000001',
      });
      expect(body.code).toBe(-1013);
      const order = await signed(fake, 'GET', '/api/v3/order', { symbol: 'BTCUSD', origClientOrderId: 'cr-3' });
      expect(order.body.status).toBe('NEW');
    });
  });
});

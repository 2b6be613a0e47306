import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock/manual-clock.js';
import { SyntheticMarketData } from '../../src/exchanges/synthetic/synthetic-market-data.js';
import { startFakeExchange, type FakeExchange } from '../../src/fake-exchange/server.js';
import { signed } from './wire-client.js';

const START = Date.UTC(2025, 0, 15, 12, 0, 0);
const DECIMAL_8 = /^\d+\.\d{8}$/;

function expectDecimals(object: Record<string, unknown>, fields: string[]): void {
  for (const field of fields) expect(object[field], field).toMatch(DECIMAL_8);
}

describe('fake exchange orders', () => {
  let fake: FakeExchange;
  const clock = new ManualClock(START);
  const market = new SyntheticMarketData(clock, { symbols: ['BTCUSD', 'ETHUSD'] });
  let lastPrice = 0;

  beforeAll(async () => {
    fake = await startFakeExchange({ clock, marketData: market });
    lastPrice = Number((await market.prices(['BTCUSD']))[0]!.price);
  });
  afterAll(async () => {
    await fake.close();
    await market.close();
  });

  const post = (params: Record<string, string>) => signed(fake, 'POST', '/api/v3/order', params);

  it('MARKET BUY by quoteOrderQty then FULL response with Binance fields, decimals as 8-place strings and ids/times as numbers', async () => {
    const { status, body } = await post({
      symbol: 'BTCUSD',
      side: 'BUY',
      type: 'MARKET',
      quoteOrderQty: '100',
      newClientOrderId: 'full-1',
    });
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(
      [
        'symbol',
        'orderId',
        'orderListId',
        'clientOrderId',
        'transactTime',
        'price',
        'origQty',
        'executedQty',
        'origQuoteOrderQty',
        'cummulativeQuoteQty',
        'status',
        'timeInForce',
        'type',
        'side',
        'workingTime',
        'selfTradePreventionMode',
        'fills',
      ].sort(),
    );
    expect(body).toMatchObject({
      symbol: 'BTCUSD',
      orderListId: -1,
      clientOrderId: 'full-1',
      status: 'FILLED',
      type: 'MARKET',
      side: 'BUY',
      timeInForce: 'GTC',
      selfTradePreventionMode: 'EXPIRE_MAKER',
    });
    expect(typeof body.orderId).toBe('number');
    expect(typeof body.transactTime).toBe('number');
    expect(typeof body.workingTime).toBe('number');
    expectDecimals(body, ['price', 'origQty', 'executedQty', 'cummulativeQuoteQty', 'origQuoteOrderQty']);
    expect(body.fills.length).toBeGreaterThan(0);
    for (const fill of body.fills) {
      expect(Object.keys(fill).sort()).toEqual(['commission', 'commissionAsset', 'price', 'qty', 'tradeId']);
      expectDecimals(fill, ['price', 'qty', 'commission']);
      expect(typeof fill.tradeId).toBe('number');
      expect(fill.commissionAsset).toBe('BTC');
    }
    expect(Number(body.cummulativeQuoteQty)).toBeLessThanOrEqual(100);
    expect(Number(body.cummulativeQuoteQty)).toBeGreaterThan(99);
  });

  it('LIMIT resting order then RESULT/ACK shapes on request, and it is found by orderId and by clientOrderId', async () => {
    const price = (Math.floor(lastPrice * 0.9 * 100) / 100).toFixed(2);
    const result = await post({
      symbol: 'BTCUSD',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.01',
      price,
      newClientOrderId: 'rest-1',
      newOrderRespType: 'RESULT',
    });
    expect(result.status).toBe(200);
    expect(result.body.fills).toBeUndefined();
    expect(result.body.status).toBe('NEW');
    expect(result.body.price).toBe(`${price}000000`);
    const ack = await post({
      symbol: 'BTCUSD',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.01',
      price,
      newClientOrderId: 'rest-2',
      newOrderRespType: 'ACK',
    });
    expect(Object.keys(ack.body).sort()).toEqual(['clientOrderId', 'orderId', 'orderListId', 'symbol', 'transactTime']);

    const byId = await signed(fake, 'GET', '/api/v3/order', { symbol: 'BTCUSD', orderId: String(result.body.orderId) });
    const byClient = await signed(fake, 'GET', '/api/v3/order', { symbol: 'BTCUSD', origClientOrderId: 'rest-1' });
    expect(byId.body).toEqual(byClient.body);
    expect(byId.body).toMatchObject({
      clientOrderId: 'rest-1',
      status: 'NEW',
      isWorking: true,
      stopPrice: '0.00000000',
      icebergQty: '0.00000000',
    });
    expect(typeof byId.body.time).toBe('number');
    expect(typeof byId.body.updateTime).toBe('number');

    const open = await signed(fake, 'GET', '/api/v3/openOrders', { symbol: 'BTCUSD' });
    expect(open.body.map((o: { clientOrderId: string }) => o.clientOrderId)).toEqual(['rest-1', 'rest-2']);

    const account = await signed(fake, 'GET', '/api/v3/account');
    const usd = account.body.balances.find((b: { asset: string }) => b.asset === 'USD');
    expect(Number(usd.locked)).toBeCloseTo(2 * 0.01 * Number(price), 2);
  });

  it('DELETE order then the CANCELED order with origClientOrderId and the cancel id; again then -2011', async () => {
    const canceled = await signed(fake, 'DELETE', '/api/v3/order', {
      symbol: 'BTCUSD',
      origClientOrderId: 'rest-2',
      newClientOrderId: 'cancel-2',
    });
    expect(canceled.status).toBe(200);
    expect(canceled.body).toMatchObject({
      symbol: 'BTCUSD',
      origClientOrderId: 'rest-2',
      clientOrderId: 'cancel-2',
      status: 'CANCELED',
      orderListId: -1,
    });
    const again = await signed(fake, 'DELETE', '/api/v3/order', { symbol: 'BTCUSD', origClientOrderId: 'rest-2' });
    expect(again.status).toBe(400);
    expect(again.body).toEqual({ code: -2011, msg: 'Unknown order sent.' });
    expect(fake.stats.ordersCanceled).toBe(1);
  });

  it('a used newClientOrderId then -2010 Duplicate order sent while its order is open, and accepted as a new order once that one is done (Binance: unique among open orders only)', async () => {
    const before = fake.stats.ordersPlaced;
    const price = (Math.floor(lastPrice * 0.5 * 100) / 100).toFixed(2);
    const resting = {
      symbol: 'BTCUSD',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.001',
      price,
      newClientOrderId: 'reuse-1',
    };
    expect((await post(resting)).status).toBe(200);
    const again = await post(resting);
    expect(again.status).toBe(400);
    expect(again.body).toEqual({ code: -2010, msg: 'Duplicate order sent.' });
    expect(fake.stats.duplicateOrders).toBe(1);
    expect(fake.stats.ordersPlaced).toBe(before + 1);
    expect(
      (await signed(fake, 'DELETE', '/api/v3/order', { symbol: 'BTCUSD', origClientOrderId: 'reuse-1' })).status,
    ).toBe(200);
    const second = await post(resting);
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ clientOrderId: 'reuse-1', status: 'NEW' });
    const filledAgain = await post({
      symbol: 'BTCUSD',
      side: 'BUY',
      type: 'MARKET',
      quoteOrderQty: '100',
      newClientOrderId: 'full-1',
    });
    expect(filledAgain.status).toBe(200);
    expect(fake.stats.reusedClientIds).toBe(2);
    const all = await signed(fake, 'GET', '/api/v3/allOrders', { symbol: 'BTCUSD' });
    const reused = all.body.filter((o: { clientOrderId: string }) => o.clientOrderId === 'reuse-1');
    expect(reused.map((o: { status: string }) => o.status)).toEqual(['CANCELED', 'NEW']);
    const latest = await signed(fake, 'GET', '/api/v3/order', { symbol: 'BTCUSD', origClientOrderId: 'reuse-1' });
    expect(latest.body).toMatchObject({ clientOrderId: 'reuse-1', status: 'NEW', orderId: second.body.orderId });
    expect(
      (await signed(fake, 'DELETE', '/api/v3/order', { symbol: 'BTCUSD', origClientOrderId: 'reuse-1' })).body,
    ).toMatchObject({ origClientOrderId: 'reuse-1', status: 'CANCELED' });
  });

  it('order the broker rejects (insufficient balance) then -2010 with Binance message, and its client id stays usable', async () => {
    const rejected = await post({
      symbol: 'BTCUSD',
      side: 'SELL',
      type: 'MARKET',
      quantity: '5',
      newClientOrderId: 'poor-1',
    });
    expect(rejected.status).toBe(400);
    expect(rejected.body).toEqual({ code: -2010, msg: 'Account has insufficient balance for requested action.' });
    const retried = await post({
      symbol: 'BTCUSD',
      side: 'SELL',
      type: 'MARKET',
      quantity: '0.0001',
      newClientOrderId: 'poor-1',
    });
    expect(retried.status).toBe(200);
  });

  it('parameter mistakes then Binance codes: -1102 missing, -1106 not required, -1100 illegal, -1116 type, -1121 symbol, -1013 filter, -1104 unknown', async () => {
    const base = { symbol: 'BTCUSD', side: 'BUY' };
    expect((await post({ ...base, type: 'LIMIT', quantity: '0.01', price: '100' })).body).toEqual({
      code: -1102,
      msg: "Mandatory parameter 'timeInForce' was not sent, was empty/null, or malformed.",
    });
    expect((await post({ ...base, type: 'MARKET', quantity: '0.01', price: '100' })).body).toEqual({
      code: -1106,
      msg: "Parameter 'price' sent when not required.",
    });
    expect((await post({ ...base, type: 'MARKET', quantity: '1e-3' })).body.code).toBe(-1100);
    expect((await post({ ...base, type: 'MARKET' })).body.code).toBe(-1102);
    expect((await post({ ...base, type: 'STOP_MARKET', quantity: '0.01' })).body).toEqual({
      code: -1116,
      msg: 'Invalid orderType.',
    });
    expect((await post({ ...base, side: 'HOLD', type: 'MARKET', quantity: '0.01' })).body.code).toBe(-1117);
    expect((await post({ symbol: 'NOPEUSD', side: 'BUY', type: 'MARKET', quantity: '0.01' })).body).toEqual({
      code: -1121,
      msg: 'Invalid symbol.',
    });
    expect((await post({ ...base, type: 'MARKET', quantity: '0.000001' })).body).toEqual({
      code: -1013,
      msg: 'Filter failure: LOT_SIZE',
    });
    expect((await post({ ...base, type: 'MARKET', quantity: '0.01', colour: 'red' })).body.code).toBe(-1104);
    expect((await post({ ...base, type: 'MARKET', quantity: '0.01', newClientOrderId: 'has space' })).body.code).toBe(
      -1100,
    );
  });

  it('GET order that does not exist then -2013; without orderId and origClientOrderId then -1102', async () => {
    const missing = await signed(fake, 'GET', '/api/v3/order', { symbol: 'BTCUSD', origClientOrderId: 'never-placed' });
    expect(missing.body).toEqual({ code: -2013, msg: 'Order does not exist.' });
    expect((await signed(fake, 'GET', '/api/v3/order', { symbol: 'BTCUSD' })).body.code).toBe(-1102);
  });

  it('myTrades then the fills with Binance fields; account then commissionRates as decimal strings', async () => {
    const trades = await signed(fake, 'GET', '/api/v3/myTrades', { symbol: 'BTCUSD' });
    expect(trades.body.length).toBeGreaterThan(0);
    expect(Object.keys(trades.body[0]).sort()).toEqual(
      [
        'commission',
        'commissionAsset',
        'id',
        'isBestMatch',
        'isBuyer',
        'isMaker',
        'orderId',
        'orderListId',
        'price',
        'qty',
        'quoteQty',
        'symbol',
        'time',
      ].sort(),
    );
    const account = await signed(fake, 'GET', '/api/v3/account');
    expect(account.body.commissionRates).toEqual({
      maker: '0.00100000',
      taker: '0.00100000',
      buyer: '0.00000000',
      seller: '0.00000000',
    });
    expect(account.body).toMatchObject({
      makerCommission: 10,
      takerCommission: 10,
      canTrade: true,
      accountType: 'SPOT',
      permissions: ['SPOT'],
    });
    const fees = await signed(fake, 'GET', '/sapi/v1/asset/query/trading-fee', { symbol: 'BTCUSD' });
    expect(fees.body).toEqual([{ symbol: 'BTCUSD', makerCommission: '0.001', takerCommission: '0.001' }]);
  });

  it('order parameters in a form body then accepted like the query string', async () => {
    const response = await signed(
      fake,
      'POST',
      '/api/v3/order',
      { symbol: 'ETHUSD', side: 'BUY', type: 'MARKET', quoteOrderQty: '20', newClientOrderId: 'body-1' },
      { inBody: true },
    );
    expect(response.status).toBe(200);
    expect(response.body.clientOrderId).toBe('body-1');
  });

  it('POST order/test then {} without placing anything; a filter failure then -1013', async () => {
    const placed = fake.stats.ordersPlaced;
    const ok = await signed(fake, 'POST', '/api/v3/order/test', {
      symbol: 'BTCUSD',
      side: 'BUY',
      type: 'MARKET',
      quoteOrderQty: '50',
    });
    expect(ok.body).toEqual({});
    const bad = await signed(fake, 'POST', '/api/v3/order/test', {
      symbol: 'BTCUSD',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.01',
      price: '100.001',
    });
    expect(bad.body).toEqual({ code: -1013, msg: 'Filter failure: PRICE_FILTER' });
    expect(fake.stats.ordersPlaced).toBe(placed);
  });
});

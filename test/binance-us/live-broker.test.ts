import { afterEach, describe, expect, it } from 'vitest';
import { ExchangeInfoCache } from '../../src/exchanges/binance-us/exchange-info.js';
import { BinanceUsBroker } from '../../src/exchanges/binance-us/live-broker.js';
import type { MyTradeRaw, QueryOrderRaw } from '../../src/exchanges/binance-us/raw-types.js';
import { BinanceRestClient } from '../../src/exchanges/binance-us/rest-client.js';
import { ExchangeRejection, OrderOutcomeUnknown } from '../../src/model/errors.js';
import type { OrderUpdate } from '../../src/ports/broker.js';
import { exchangeInfo, marketFillRaw, orderRaw } from './fixtures.js';
import { startTinyServer, type TinyRequest, type TinyServer } from './tiny-server.js';

const clock = { now: () => Date.now() };
const creds = { apiKey: 'broker-key-123456', apiSecret: 'broker-secret-abcdef' };
let server: TinyServer;
let broker: BinanceUsBroker;
afterEach(async () => {
  await broker?.close();
  await server?.close();
});

/** A scripted exchange that keeps its orders and trades, so duplicates would show. */
async function exchange() {
  server = await startTinyServer(creds);
  const orders = new Map<string, QueryOrderRaw>();
  const trades: MyTradeRaw[] = [];
  let nextId = 100;
  server.route('GET', '/api/v3/exchangeInfo', () => ({ body: exchangeInfo() }));
  const accept = (req: TinyRequest, status = 'NEW'): QueryOrderRaw => {
    const p = req.params;
    const id = nextId++;
    const filled = status === 'FILLED';
    const raw = orderRaw({
      orderId: id,
      clientOrderId: p.get('newClientOrderId') ?? '',
      symbol: p.get('symbol') ?? '',
      side: p.get('side') ?? '',
      type: p.get('type') ?? '',
      price: p.get('price') ?? '0.00000000',
      origQty: p.get('quantity') ?? '0',
      status,
      executedQty: filled ? (p.get('quantity') ?? '0') : '0.00000000',
      cummulativeQuoteQty: filled ? '300.0000' : '0.0000',
    });
    orders.set(raw.clientOrderId, raw);
    if (filled) trades.push(marketFillRaw(raw, id));
    return raw;
  };
  const full = (raw: QueryOrderRaw) => ({
    body: {
      ...raw,
      transactTime: Date.now(),
      fills: trades
        .filter((t) => t.orderId === raw.orderId)
        .map((t) => ({
          price: t.price,
          qty: t.qty,
          commission: t.commission,
          commissionAsset: t.commissionAsset,
          tradeId: t.id,
        })),
    },
  });
  server.route('GET', '/api/v3/order', (req) => {
    const raw =
      orders.get(req.params.get('origClientOrderId') ?? '') ??
      [...orders.values()].find((o) => String(o.orderId) === req.params.get('orderId'));
    return raw ? { body: raw } : { status: 400, body: { code: -2013, msg: 'Order does not exist.' } };
  });
  server.route('GET', '/api/v3/myTrades', (req) => ({
    body: trades.filter(
      (t) =>
        t.symbol === req.params.get('symbol') &&
        (!req.params.get('orderId') || String(t.orderId) === req.params.get('orderId')),
    ),
  }));
  server.route('GET', '/api/v3/allOrders', (req) => ({
    body: [...orders.values()].filter(
      (o) => o.symbol === req.params.get('symbol') && o.orderId >= Number(req.params.get('orderId') ?? 0),
    ),
  }));
  server.route('GET', '/api/v3/openOrders', (req) => ({
    body: [...orders.values()].filter(
      (o) =>
        (o.status === 'NEW' || o.status === 'PARTIALLY_FILLED') &&
        (!req.params.get('symbol') || o.symbol === req.params.get('symbol')),
    ),
  }));
  return {
    orders,
    trades,
    accept,
    full,
    posts: () => server.requests.filter((r) => r.method === 'POST' && r.path === '/api/v3/order'),
  };
}

function makeBroker(
  options: { timeoutMs?: number; recvWindow?: number; pollIntervalMs?: number } = {},
): BinanceUsBroker {
  const rest = new BinanceRestClient({
    baseUrl: server.url,
    clock,
    credentials: creds,
    timeoutMs: options.timeoutMs ?? 2000,
    recvWindow: options.recvWindow ?? 5000,
    retryBaseMs: 10,
    readRetries: 1,
  });
  broker = new BinanceUsBroker({
    rest,
    exchangeInfo: new ExchangeInfoCache(rest, clock),
    clock,
    settleMarginMs: 50,
    pollIntervalMs: options.pollIntervalMs,
  });
  return broker;
}

const marketBuy = {
  clientOrderId: 'mcp-abc-1',
  symbol: 'BTCUSD',
  side: 'BUY' as const,
  type: 'MARKET' as const,
  quantity: '0.01',
};

describe('BinanceUsBroker', () => {
  it('placeOrder when the answer times out after the order was accepted then finds it by client order id and places no duplicate', async () => {
    const ex = await exchange();
    server.route('POST', '/api/v3/order', (req) => {
      ex.accept(req, 'FILLED');
      return { hang: true };
    });
    const result = await makeBroker({ timeoutMs: 300 }).placeOrder(marketBuy);
    expect(result.order).toMatchObject({ clientOrderId: 'mcp-abc-1', status: 'FILLED', executedQty: '0.01' });
    expect(result.fills).toHaveLength(1);
    expect(result.fills[0]).toMatchObject({ clientOrderId: 'mcp-abc-1', price: '30000.00' });
    expect(ex.posts()).toHaveLength(1);
    expect(ex.orders.size).toBe(1);
    expect(
      server.requests.find((r) => r.path === '/api/v3/order' && r.method === 'GET')?.params.get('origClientOrderId'),
    ).toBe('mcp-abc-1');
  });

  it('placeOrder when a 503 came before the order was processed then waits out recvWindow, proves it absent and never sends it again', async () => {
    const ex = await exchange();
    server.route('POST', '/api/v3/order', () => ({
      status: 503,
      body: { code: -1001, msg: 'Internal error; unable to process your request. Please try again.' },
    }));
    const started = Date.now();
    const error = await makeBroker({ recvWindow: 400 })
      .placeOrder(marketBuy)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OrderOutcomeUnknown);
    await expect((error as OrderOutcomeUnknown).resolution).resolves.toMatchObject({ kind: 'absent' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(ex.posts()).toHaveLength(1);
    expect(ex.orders.size).toBe(0);
  });

  it('placeOrder when neither the order nor its lookup get an answer then throws OrderOutcomeUnknown and sends no second order', async () => {
    const ex = await exchange();
    server.route('POST', '/api/v3/order', () => ({ hang: true }));
    server.route('GET', '/api/v3/order', () => ({ status: 503, body: { code: -1001, msg: 'down' } }));
    const error = await makeBroker({ timeoutMs: 200 })
      .placeOrder(marketBuy)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OrderOutcomeUnknown);
    expect((error as OrderOutcomeUnknown).clientOrderId).toBe('mcp-abc-1');
    expect(ex.posts()).toHaveLength(1);
  });

  it('placeOrder then rounds quantity and price to the filters and sends every field Binance needs', async () => {
    const ex = await exchange();
    server.route('POST', '/api/v3/order', (req) => ex.full(ex.accept(req)));
    const result = await makeBroker().placeOrder({
      clientOrderId: 'c-2',
      symbol: 'BTCUSD',
      side: 'BUY',
      type: 'LIMIT',
      quantity: '0.123456789',
      price: '30000.019',
    });
    const sent = ex.posts()[0].params;
    expect(
      Object.fromEntries([...sent].filter(([k]) => !['timestamp', 'signature', 'recvWindow'].includes(k))),
    ).toEqual({
      symbol: 'BTCUSD',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.12345',
      price: '30000.01',
      newClientOrderId: 'c-2',
      newOrderRespType: 'FULL',
    });
    expect(result.order.status).toBe('NEW');
  });

  it('a MARKET order by quote amount then sends quoteOrderQty and no quantity; a STOP_LOSS_LIMIT sends stopPrice', async () => {
    const ex = await exchange();
    server.route('POST', '/api/v3/order', (req) => ex.full(ex.accept(req)));
    const b = makeBroker();
    await b.placeOrder({
      clientOrderId: 'q-1',
      symbol: 'BTCUSD',
      side: 'BUY',
      type: 'MARKET',
      quoteOrderQty: '25.123456',
    });
    await b.placeOrder({
      clientOrderId: 's-1',
      symbol: 'BTCUSD',
      side: 'SELL',
      type: 'STOP_LOSS_LIMIT',
      quantity: '0.01',
      price: '29000',
      stopPrice: '29100',
    });
    const [quote, stop] = ex.posts().map((r) => r.params);
    expect(quote.get('quoteOrderQty')).toBe('25.1234');
    expect(quote.has('quantity')).toBe(false);
    expect(stop.get('stopPrice')).toBe('29100');
    expect(stop.get('timeInForce')).toBe('GTC');
  });

  it('placeOrder rejected by the exchange then throws ExchangeRejection with its code and message', async () => {
    await exchange();
    server.route('POST', '/api/v3/order', () => ({
      status: 400,
      body: { code: -2010, msg: 'Account has insufficient balance for requested action.' },
    }));
    await expect(makeBroker().placeOrder(marketBuy)).rejects.toEqual(
      new ExchangeRejection(-2010, 'Account has insufficient balance for requested action.'),
    );
  });

  it('placeOrder twice with one client order id then returns the first order without a second POST', async () => {
    const ex = await exchange();
    server.route('POST', '/api/v3/order', (req) => ex.full(ex.accept(req, 'FILLED')));
    const b = makeBroker();
    const first = await b.placeOrder(marketBuy);
    const again = await b.placeOrder(marketBuy);
    expect(again.order.orderId).toBe(first.order.orderId);
    expect(ex.posts()).toHaveLength(1);
  });

  it('cancelOrder when the answer is lost then looks the order up and returns it canceled', async () => {
    const ex = await exchange();
    server.route('POST', '/api/v3/order', (req) => ex.full(ex.accept(req)));
    server.route('DELETE', '/api/v3/order', (req) => {
      const raw = ex.orders.get(req.params.get('origClientOrderId') ?? '');
      if (raw) raw.status = 'CANCELED';
      return { hang: true };
    });
    const b = makeBroker({ timeoutMs: 200 });
    await b.placeOrder({
      clientOrderId: 'x-1',
      symbol: 'BTCUSD',
      side: 'BUY',
      type: 'LIMIT',
      quantity: '0.01',
      price: '20000',
    });
    const canceled = await b.cancelOrder('BTCUSD', { clientOrderId: 'x-1' });
    expect(canceled.status).toBe('CANCELED');
    expect(server.requests.filter((r) => r.method === 'DELETE')).toHaveLength(1);
  });

  it('getOrder for an unknown order then returns undefined', async () => {
    await exchange();
    await expect(makeBroker().getOrder('BTCUSD', { clientOrderId: 'nope' })).resolves.toBeUndefined();
  });

  it('fills of one order this broker never saw then learn its client order id by one order lookup', async () => {
    const ex = await exchange();
    server.route('POST', '/api/v3/order', (req) => ex.full(ex.accept(req, 'FILLED')));
    await makeBroker().placeOrder(marketBuy);
    const fills = await makeBroker().fills({ symbol: 'BTCUSD' });
    expect(fills).toEqual([expect.objectContaining({ clientOrderId: 'mcp-abc-1', side: 'BUY', symbol: 'BTCUSD' })]);
    expect(server.requests.filter((r) => r.path === '/api/v3/allOrders')).toHaveLength(0);
    expect(
      server.requests
        .filter((r) => r.path === '/api/v3/order' && r.method === 'GET')
        .map((r) => r.params.get('orderId')),
    ).toEqual([fills[0].orderId]);
  });

  it('fills of many unknown orders then learn their client order ids from one allOrders call', async () => {
    const ex = await exchange();
    server.route('POST', '/api/v3/order', (req) => ex.full(ex.accept(req, 'FILLED')));
    const first = makeBroker();
    for (let i = 0; i < 6; i += 1) await first.placeOrder({ ...marketBuy, clientOrderId: `many-${i}` });
    const fills = await makeBroker().fills({ symbol: 'BTCUSD' });
    expect(fills.map((f) => f.clientOrderId)).toEqual(['many-0', 'many-1', 'many-2', 'many-3', 'many-4', 'many-5']);
    expect(server.requests.filter((r) => r.path === '/api/v3/allOrders')).toHaveLength(1);
  });

  it('tradingFees when the trading-fee endpoint is missing then falls back to the account commission rates', async () => {
    await exchange();
    server.route('GET', '/api/v3/account', () => ({
      body: {
        makerCommission: 10,
        takerCommission: 10,
        commissionRates: { maker: '0.00000000', taker: '0.00010000', buyer: '0', seller: '0' },
        canTrade: true,
        canWithdraw: true,
        canDeposit: true,
        updateTime: 0,
        accountType: 'SPOT',
        balances: [
          { asset: 'USD', free: '100.00', locked: '0.00' },
          { asset: 'BTC', free: '0.00000000', locked: '0.00000000' },
        ],
        permissions: ['SPOT'],
      },
    }));
    const b = makeBroker();
    await expect(b.tradingFees(['BTCUSD'])).resolves.toEqual([
      { symbol: 'BTCUSD', maker: '0.00000000', taker: '0.00010000' },
    ]);
    await expect(b.balances()).resolves.toEqual([{ asset: 'USD', free: '100.00', locked: '0.00' }]);
  });

  it('tradingFees from the trading-fee endpoint then uses the per-symbol rates', async () => {
    await exchange();
    server.route('GET', '/sapi/v1/asset/query/trading-fee', () => ({
      body: [
        { symbol: 'BTCUSD', makerCommission: '0.001', takerCommission: '0.002' },
        { symbol: 'ETHUSD', makerCommission: '0.003', takerCommission: '0.004' },
      ],
    }));
    await expect(makeBroker().tradingFees()).resolves.toEqual([
      { symbol: 'BTCUSD', maker: '0.001', taker: '0.002' },
      { symbol: 'ETHUSD', maker: '0.003', taker: '0.004' },
    ]);
  });

  it('onOrderUpdate without a user-data stream then reports a resting order that filled, by polling', async () => {
    const ex = await exchange();
    server.route('POST', '/api/v3/order', (req) => ex.full(ex.accept(req)));
    const b = makeBroker({ pollIntervalMs: 50 });
    const updates: OrderUpdate[] = [];
    b.onOrderUpdate((u) => updates.push(u));
    const placed = await b.placeOrder({
      clientOrderId: 'rest-1',
      symbol: 'BTCUSD',
      side: 'BUY',
      type: 'LIMIT',
      quantity: '0.01',
      price: '29000',
    });
    const raw = ex.orders.get('rest-1') as QueryOrderRaw;
    Object.assign(raw, { status: 'FILLED', executedQty: '0.01000000', cummulativeQuoteQty: '290.0000' });
    ex.trades.push({
      symbol: 'BTCUSD',
      id: 555,
      orderId: Number(placed.order.orderId),
      orderListId: -1,
      price: '29000.00',
      qty: '0.01000000',
      quoteQty: '290.0000',
      commission: '0.29',
      commissionAsset: 'USD',
      time: Date.now(),
      isBuyer: true,
      isMaker: true,
      isBestMatch: true,
    });
    await expect.poll(() => updates.length, { timeout: 3000 }).toBeGreaterThan(0);
    expect(updates[0].order).toMatchObject({ clientOrderId: 'rest-1', status: 'FILLED' });
    expect(updates[0].fills).toEqual([
      expect.objectContaining({ tradeId: '555', isMaker: true, clientOrderId: 'rest-1' }),
    ]);
  });
});

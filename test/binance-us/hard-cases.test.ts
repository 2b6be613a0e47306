/**
 * Binance.US's hard cases against a scripted server that plays them as the documentation says:
 * unknown outcomes whatever the HTTP status, client ids reusable once the first order is done,
 * order queries that lag behind the matching engine, -1015 without Retry-After.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ERROR_CODES, classifyCode } from '../../src/exchanges/binance-us/error-codes.js';
import { ExchangeInfoCache } from '../../src/exchanges/binance-us/exchange-info.js';
import { BinanceUsBroker } from '../../src/exchanges/binance-us/live-broker.js';
import type { MyTradeRaw, QueryOrderRaw } from '../../src/exchanges/binance-us/raw-types.js';
import { RateLimiter } from '../../src/exchanges/binance-us/rate-limiter.js';
import { BinanceRestClient, TransportError } from '../../src/exchanges/binance-us/rest-client.js';
import { ExchangeRejection, OrderOutcomeUnknown, type UnknownOutcomeResolution } from '../../src/model/errors.js';
import type { OrderUpdate } from '../../src/ports/broker.js';
import { exchangeInfo, marketFillRaw, orderRaw } from './fixtures.js';
import { startTinyServer, type TinyRequest, type TinyServer } from './tiny-server.js';

// Real sockets and timers on a shared 2-core machine: room beyond vitest's 5 s default.
vi.setConfig({ testTimeout: 30_000 });

const clock = { now: () => Date.now() };
const creds = { apiKey: 'hard-key-123456', apiSecret: 'hard-secret-abcdef' };
let server: TinyServer;
let broker: BinanceUsBroker | undefined;
afterEach(async () => {
  await broker?.close();
  broker = undefined;
  await server?.close();
});

/**
 * A scripted Binance.US: a client id is refused only while an order under it is open; order
 * queries see an order only `lagMs` after it was created (Binance's order database lags).
 */
async function exchange(options: { lagMs?: number } = {}) {
  server = await startTinyServer(creds);
  const orders: (QueryOrderRaw & { createdAt: number })[] = [];
  const trades: MyTradeRaw[] = [];
  let nextId = 100;
  const visible = () => orders.filter((o) => Date.now() - o.createdAt >= (options.lagMs ?? 0));
  const open = (o: QueryOrderRaw) => o.status === 'NEW' || o.status === 'PARTIALLY_FILLED';
  server.route('GET', '/api/v3/exchangeInfo', () => ({ body: exchangeInfo() }));
  const accept = (req: TinyRequest): QueryOrderRaw | undefined => {
    const p = req.params;
    const clientOrderId = p.get('newClientOrderId') ?? '';
    if (orders.some((o) => o.clientOrderId === clientOrderId && open(o))) return undefined;
    const id = nextId++;
    const market = p.get('type') === 'MARKET';
    const raw = {
      ...orderRaw({
        orderId: id,
        clientOrderId,
        symbol: p.get('symbol') ?? '',
        side: p.get('side') ?? '',
        type: p.get('type') ?? '',
        price: p.get('price') ?? '0.00000000',
        origQty: p.get('quantity') ?? '0',
        status: market ? 'FILLED' : 'NEW',
        executedQty: market ? (p.get('quantity') ?? '0') : '0.00000000',
        cummulativeQuoteQty: market ? '300.0000' : '0.0000',
      }),
      createdAt: Date.now(),
    };
    orders.push(raw);
    if (market) trades.push(marketFillRaw(raw, id));
    return raw;
  };
  server.route('GET', '/api/v3/order', (req) => {
    const cid = req.params.get('origClientOrderId');
    const raw = visible()
      .filter((o) => (cid ? o.clientOrderId === cid : String(o.orderId) === req.params.get('orderId')))
      .at(-1);
    return raw ? { body: raw } : { status: 400, body: { code: -2013, msg: 'Order does not exist.' } };
  });
  server.route('GET', '/api/v3/openOrders', (req) => ({
    body: visible().filter((o) => open(o) && o.symbol === req.params.get('symbol')),
  }));
  server.route('GET', '/api/v3/allOrders', (req) => {
    const start = Number(req.params.get('startTime') ?? 0);
    const end = Number(req.params.get('endTime') ?? Number.MAX_SAFE_INTEGER);
    if (end - start > 86_400_000)
      return { status: 400, body: { code: -1127, msg: 'More than 24 hours between startTime and endTime.' } };
    return { body: visible().filter((o) => o.symbol === req.params.get('symbol') && o.time >= start && o.time <= end) };
  });
  server.route('GET', '/api/v3/myTrades', (req) => ({
    body: trades.filter(
      (t) =>
        t.symbol === req.params.get('symbol') &&
        (!req.params.get('orderId') || String(t.orderId) === req.params.get('orderId')),
    ),
  }));
  return {
    orders,
    trades,
    accept,
    posts: () => server.requests.filter((r) => r.method === 'POST' && r.path === '/api/v3/order'),
  };
}

function makeBroker(options: { timeoutMs?: number; recvWindow?: number; queryLagMs?: number } = {}): BinanceUsBroker {
  const rest = new BinanceRestClient({
    baseUrl: server.url,
    clock,
    credentials: creds,
    timeoutMs: options.timeoutMs ?? 2000,
    recvWindow: options.recvWindow ?? 300,
    retryBaseMs: 10,
    readRetries: 1,
  });
  broker = new BinanceUsBroker({
    rest,
    exchangeInfo: new ExchangeInfoCache(rest, clock),
    clock,
    settleMarginMs: options.queryLagMs ?? 200,
    lookupIntervalMs: 50,
  });
  return broker;
}

const marketBuy = {
  clientOrderId: 'hard-1',
  symbol: 'BTCUSD',
  side: 'BUY' as const,
  type: 'MARKET' as const,
  quantity: '0.01',
};

async function unknownOutcome(
  promise: Promise<unknown>,
): Promise<{ error: OrderOutcomeUnknown; resolution: UnknownOutcomeResolution }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OrderOutcomeUnknown);
  const resolution = await (error as OrderOutcomeUnknown).resolution;
  expect(resolution).toBeDefined();
  return { error: error as OrderOutcomeUnknown, resolution: resolution! };
}

describe('finding 1: -1006 / -1007 mean "execution status unknown" whatever the HTTP status', () => {
  it.each([
    [400, -1007],
    [408, -1007],
    [400, -1006],
    [503, -1001],
    [400, -1000],
  ])(
    'an order answered HTTP %i with %i while it filled then is found by client order id at once, never REJECTED, sent once',
    async (status, code) => {
      const ex = await exchange();
      server.route('POST', '/api/v3/order', (req) => {
        ex.accept(req);
        return {
          status,
          body: {
            code,
            msg: 'Timeout waiting for response from backend server. Send status unknown; execution status unknown.',
          },
        };
      });
      const result = await makeBroker().placeOrder(marketBuy);
      expect(result.order).toMatchObject({ clientOrderId: 'hard-1', status: 'FILLED' });
      expect(result.fills).toHaveLength(1);
      expect(ex.posts()).toHaveLength(1);
    },
  );

  it.each([
    [400, -1007],
    [408, -1007],
    [400, -1006],
  ])(
    'an order answered HTTP %i with %i while its query lags then is UNKNOWN, found later by client order id, never REJECTED, never sent twice',
    async (status, code) => {
      const ex = await exchange({ lagMs: 300 });
      server.route('POST', '/api/v3/order', (req) => {
        ex.accept(req);
        return {
          status,
          body: {
            code,
            msg: 'Timeout waiting for response from backend server. Send status unknown; execution status unknown.',
          },
        };
      });
      const b = makeBroker();
      const updates: OrderUpdate[] = [];
      b.onOrderUpdate((u) => updates.push(u));
      const { error, resolution } = await unknownOutcome(b.placeOrder(marketBuy));
      expect(error.message).toMatch(/looking it up by client order id/);
      expect(resolution).toMatchObject({ kind: 'found', order: { clientOrderId: 'hard-1', status: 'FILLED' } });
      expect(updates.map((u) => u.order.status)).toContain('FILLED');
      expect(updates.flatMap((u) => u.fills)).toHaveLength(1);
      expect(ex.posts()).toHaveLength(1);
    },
  );

  it('a read answered HTTP 400 -1007 then is retried, not failed', async () => {
    server = await startTinyServer();
    let calls = 0;
    server.route('GET', '/api/v3/depth', () =>
      ++calls === 1
        ? { status: 400, body: { code: -1007, msg: 'Timeout waiting for response from backend server.' } }
        : { body: { lastUpdateId: 1, bids: [], asks: [] } },
    );
    const rest = new BinanceRestClient({ baseUrl: server.url, clock, retryBaseMs: 5 });
    await expect(rest.get('/api/v3/depth', { symbol: 'BTCUSD' }, 1)).resolves.toMatchObject({ lastUpdateId: 1 });
    expect(calls).toBe(2);
  });

  it('a signed write answered 400 -1007 then throws a TransportError, not an ExchangeRejection', async () => {
    server = await startTinyServer(creds);
    server.route('DELETE', '/api/v3/order', () => ({
      status: 400,
      body: { code: -1007, msg: 'Timeout waiting for response from backend server.' },
    }));
    const rest = new BinanceRestClient({ baseUrl: server.url, clock, credentials: creds });
    const error = await rest
      .signedWrite('DELETE', '/api/v3/order', { symbol: 'BTCUSD', orderId: 1 }, 1)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).not.toBeInstanceOf(ExchangeRejection);
  });

  it('the classification table names a class and a documentation source for every code, and an unlisted code is unknown', () => {
    for (const [code, info] of Object.entries(ERROR_CODES)) {
      expect(['rejected', 'unknown', 'retry-safe', 'ban'], code).toContain(info.class);
      expect(info.source.length, code).toBeGreaterThan(0);
    }
    expect(classifyCode(-1006)).toBe('unknown');
    expect(classifyCode(-1007)).toBe('unknown');
    expect(classifyCode(-2010)).toBe('rejected');
    expect(classifyCode(-1015)).toBe('ban');
    expect(classifyCode(-9999)).toBe('unknown');
  });
});

describe('finding 2: no second send after a lost answer, even when order queries lag', () => {
  it('a MARKET order whose answer was lost while order queries lag 1 s behind then is found by lookup and placed once (a reused id would be accepted: the first order is done)', async () => {
    const ex = await exchange({ lagMs: 1000 });
    server.route('POST', '/api/v3/order', (req) => {
      const raw = ex.accept(req);
      return raw
        ? {
            status: 503,
            body: { code: -1001, msg: 'Internal error; unable to process your request. Please try again.' },
          }
        : { status: 400, body: { code: -2010, msg: 'Duplicate order sent.' } };
    });
    const b = makeBroker({ recvWindow: 200, queryLagMs: 1500 });
    const { resolution } = await unknownOutcome(b.placeOrder(marketBuy));
    expect(resolution).toMatchObject({ kind: 'found', order: { status: 'FILLED' } });
    expect(ex.posts()).toHaveLength(1);
    expect(ex.orders).toHaveLength(1);
  });

  it('an order refused before processing (503) then is proved absent by open orders and all orders past recvWindow and the lag allowance, and is not sent again', async () => {
    const ex = await exchange();
    server.route('POST', '/api/v3/order', () => ({
      status: 503,
      body: { code: -1001, msg: 'Internal error; unable to process your request. Please try again.' },
    }));
    const b = makeBroker({ recvWindow: 200, queryLagMs: 300 });
    const started = Date.now();
    const { resolution } = await unknownOutcome(b.placeOrder(marketBuy));
    expect(resolution.kind).toBe('absent');
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    expect(ex.posts()).toHaveLength(1);
    const after = server.requests.filter((r) => r.at >= started + 500);
    expect(after.some((r) => r.path === '/api/v3/openOrders')).toBe(true);
    expect(after.some((r) => r.path === '/api/v3/allOrders')).toBe(true);
  });

  it('an order placed again under the same client order id while the first is UNKNOWN then is not sent: the lookup answers', async () => {
    const ex = await exchange({ lagMs: 400 });
    let firstPost = true;
    server.route('POST', '/api/v3/order', (req) => {
      ex.accept(req);
      if (firstPost) {
        firstPost = false;
        return { hang: true };
      }
      return { status: 400, body: { code: -2010, msg: 'Duplicate order sent.' } };
    });
    const b = makeBroker({ timeoutMs: 200 });
    const first = await b.placeOrder(marketBuy).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(OrderOutcomeUnknown);
    const during = await b.placeOrder(marketBuy).catch((e: unknown) => e);
    expect(during).toBeInstanceOf(OrderOutcomeUnknown);
    await (first as OrderOutcomeUnknown).resolution;
    const again = await b.placeOrder(marketBuy);
    expect(again.order.status).toBe('FILLED');
    expect(ex.posts()).toHaveLength(1);
  });
});

describe('finding 3: -1015 without Retry-After', () => {
  it('an order refused with 429 -1015 and no Retry-After then is rejected at once, not re-sent, and only orders wait the 10 s interval: cancels and reads go on', async () => {
    const ex = await exchange();
    server.route('POST', '/api/v3/order', () => ({
      status: 429,
      body: { code: -1015, msg: 'Too many new orders; current limit is 100 orders per 10 SECOND.' },
    }));
    server.route('DELETE', '/api/v3/order', () => ({
      body: {
        ...orderRaw({ orderId: 7, clientOrderId: 'cxl', status: 'CANCELED' }),
        origClientOrderId: 'rest-7',
        transactTime: Date.now(),
      },
    }));
    const b = makeBroker();
    const started = Date.now();
    await expect(b.placeOrder(marketBuy)).rejects.toMatchObject({ name: 'ExchangeRejection', code: -1015 });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(ex.posts()).toHaveLength(1);
    await expect(b.cancelOrder('BTCUSD', { orderId: '7' })).resolves.toMatchObject({ status: 'CANCELED' });
    await expect(b.openOrders('BTCUSD')).resolves.toEqual([]);
    expect(Date.now() - started).toBeLessThan(5000);
    await expect(b.placeOrder({ ...marketBuy, clientOrderId: 'hard-2' })).rejects.toMatchObject({
      name: 'ExchangeRejection',
      code: -1015,
    });
    expect(ex.posts()).toHaveLength(1);
  });

  it('the limiter tracks order counts and weight apart: orders waiting for the order window hold no read or cancel', async () => {
    const t = { now: 1_000_000 };
    const limiter = new RateLimiter({
      clock: { now: () => t.now },
      limits: { weightPerMinute: 1200, orders: [{ intervalMs: 10_000, limit: 2 }] },
      headroom: 1,
      trustServerWeight: false,
    });
    const a = await limiter.acquire(1, 1);
    const b = await limiter.acquire(1, 1);
    limiter.settle(a);
    limiter.settle(b);
    let thirdOrder = false;
    void limiter.acquire(1, 1).then(
      () => {
        thirdOrder = true;
      },
      () => undefined,
    );
    const read = await limiter.acquire(10, 0);
    limiter.settle(read);
    expect(thirdOrder).toBe(false);
    limiter.close();
  });
});

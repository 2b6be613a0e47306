import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientOrderIdFor } from '../../src/app/client-order-id.js';
import { generateToken } from '../../src/http/auth.js';
import { type RunningHttpServer } from '../../src/http/server.js';
import { serveHttp } from '../../src/compose/http.js';
import { fakeApp, type FakeApp } from '../support/fake-app.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function json(response: Response): Promise<any> {
  return response.json();
}

let app: FakeApp;
let server: RunningHttpServer;
let url: string;
const token = generateToken();

beforeAll(async () => {
  app = fakeApp();
  server = await serveHttp(app, { host: '127.0.0.1', port: 0, token, maxBodyBytes: 64 * 1024 });
  url = server.url!;
});
afterAll(async () => {
  await server.close();
});

function post(path: string, body: unknown, headers: Record<string, string> = { Authorization: `Bearer ${token}` }) {
  return fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('REST API', () => {
  it('generateToken when called then gives 64 hex characters', () => {
    expect(generateToken()).toMatch(/^[0-9a-f]{64}$/);
  });

  it('GET /health without a token then answers status, mode, market source, version and uptime', async () => {
    const response = await fetch(`${url}/health`);
    expect(response.status).toBe(200);
    expect(await json(response)).toMatchObject({
      status: 'ok',
      mode: 'paper',
      market_source: 'fake',
      version: '0.0.0-test',
      uptime_seconds: expect.any(Number),
    });
  });

  it.each([
    ['POST', '/mcp/contexts'],
    ['POST', '/mcp/actions'],
    ['POST', '/mcp'],
    ['GET', '/mcp'],
  ])('%s %s when the token is missing or wrong then 401', async (method, path) => {
    for (const headers of [
      {},
      { Authorization: 'Bearer nope' },
      { Authorization: `Bearer ${token}x` },
      { Authorization: token },
    ] as Record<string, string>[]) {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: { 'Content-Type': 'application/json', ...headers },
        ...(method === 'POST' ? { body: '{}' } : {}),
      });
      expect(response.status, JSON.stringify(headers)).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
  });

  it('POST /mcp/actions when auth_token in the body is wrong then 401 and nothing runs', async () => {
    const response = await post(
      '/mcp/actions',
      {
        actions: [
          { action_id: 'x1', action: { action_type: 'trade_order', symbol: 'BTCUSD', side: 'BUY', quantity: 0.01 } },
        ],
        auth_token: 'wrong',
      },
      {},
    );
    expect(response.status).toBe(401);
    expect(app.desks.paper.orders_).toHaveLength(0);
  });

  it('POST /mcp/contexts when the original request is sent then answers every context type asked', async () => {
    const response = await post('/mcp/contexts', {
      context_types: ['market_data', 'account_state', 'technical_indicators'],
      symbols: ['BTCUSD'],
      timeframe: '1h',
    });
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body.mode).toBe('paper');
    expect(Object.keys(body.contexts).sort()).toEqual(['account_state', 'market_data', 'technical_indicators']);
  });

  it('POST /mcp/contexts when all_markets, fee_structure and ticker_24h have no symbols then answers for all symbols', async () => {
    const response = await post('/mcp/contexts', { context_types: ['all_markets', 'fee_structure', 'ticker_24h'] });
    const body = await json(response);
    expect(body.contexts.all_markets.total).toBe(2);
    expect(body.contexts.fee_structure).toHaveLength(2);
  });

  it.each([
    [{ context_types: ['prices'] }, 'context_types[0]'],
    [{ context_types: [] }, 'context_types'],
    [{ context_types: ['candlestick_data'], symbols: ['BTCUSD'], timeframe: '2y' }, 'timeframe'],
    [{ context_types: ['order_book'], symbols: ['BTCUSD'], limit: 0 }, 'limit'],
    [{ context_types: ['market_data'] }, 'symbols'],
    [{ context_types: ['market_data'], symbols: ['BTCUSD', 'NOPEUSD'] }, 'symbols[1]'],
    [{ context_types: ['market_data'], symbols: 'BTCUSD' }, 'symbols'],
    [{ context_type: ['market_data'] }, 'context_type'],
  ])('POST /mcp/contexts when the body is %j then 400 naming %s', async (body, field) => {
    const response = await post('/mcp/contexts', body);
    expect(response.status).toBe(400);
    const answer = await json(response);
    expect(answer.fields.map((f: { field: string }) => f.field)).toContain(field);
  });

  it('POST /mcp/contexts when the body is not JSON then 400 naming body', async () => {
    const response = await post('/mcp/contexts', '{"context_types": [');
    expect(response.status).toBe(400);
    expect((await json(response)).fields[0].field).toBe('body');
  });

  it('POST /mcp/contexts when the body is over the limit then 413', async () => {
    const response = await post('/mcp/contexts', {
      context_types: ['market_data'],
      symbols: ['BTCUSD'],
      pad: 'x'.repeat(100_000),
    });
    expect(response.status).toBe(413);
  });

  it('POST /mcp/actions when a trade order is repeated with the same action_id then the first result returns and one order exists', async () => {
    const request = {
      actions: [
        {
          action_id: 'action_123',
          action: { action_type: 'trade_order', symbol: 'BTCUSD', side: 'buy', order_type: 'MARKET', quantity: 0.01 },
        },
      ],
      auth_token: token,
    };
    const first = await json(await post('/mcp/actions', request, {}));
    const second = await json(await post('/mcp/actions', request, {}));
    expect(first.results[0]).toMatchObject({
      action_id: 'action_123',
      status: 'placed',
      success: true,
      duplicate: false,
      mode: 'paper',
    });
    expect(second.results[0]).toMatchObject({ action_id: 'action_123', status: 'placed', duplicate: true });
    expect(second.results[0].order.orderId).toBe(first.results[0].order.orderId);
    expect(app.desks.paper.orders_.filter((o) => o.clientOrderId === clientOrderIdFor('action_123'))).toHaveLength(1);
  });

  it('POST /mcp/actions when a cancel is repeated then the first result returns', async () => {
    const request = {
      actions: [{ action_id: 'c-1', action: { action_type: 'cancel_order', symbol: 'BTCUSD', order_id: '999' } }],
    };
    const first = await json(await post('/mcp/actions', request));
    const second = await json(await post('/mcp/actions', request));
    expect(first.results[0]).toMatchObject({
      status: 'rejected',
      duplicate: false,
      error: { code: 'EXCHANGE_REJECTED', binance_code: -2011 },
    });
    expect(second.results[0]).toMatchObject({ status: 'rejected', duplicate: true });
  });

  it.each([
    [
      {
        actions: [
          { action_id: 'a', action: { action_type: 'trade_order', symbol: 'BTCUSD', side: 'HOLD', quantity: 1 } },
        ],
      },
      'actions[0].action.side',
    ],
    [
      {
        actions: [
          { action_id: 'a', action: { action_type: 'trade_order', symbol: 'BTCUSD', side: 'BUY', quantity: -1 } },
        ],
      },
      'actions[0].action.quantity',
    ],
    [
      { actions: [{ action_id: 'a', action: { action_type: 'teleport', symbol: 'BTCUSD' } }] },
      'actions[0].action.action_type',
    ],
    [
      { actions: [{ action: { action_type: 'cancel_order', symbol: 'BTCUSD', order_id: '1' } }] },
      'actions[0].action_id',
    ],
    [{ actions: [] }, 'actions'],
    [{ actions: 'buy' }, 'actions'],
  ])('POST /mcp/actions when the body is %j then 400 naming %s and nothing runs', async (body, field) => {
    const before = app.desks.paper.orders_.length;
    const response = await post('/mcp/actions', body);
    expect(response.status).toBe(400);
    const answer = await json(response);
    expect(answer.fields.map((f: { field: string }) => f.field)).toContain(field);
    expect(app.desks.paper.orders_).toHaveLength(before);
  });

  it('any route when the Host header is foreign then 403 (DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${url}/health`, { headers: { Host: 'evil.example.com' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });

  it('any route when a browser Origin is foreign then 403, and a localhost Origin passes', async () => {
    expect((await fetch(`${url}/health`, { headers: { Origin: 'https://evil.example.com' } })).status).toBe(403);
    expect((await fetch(`${url}/health`, { headers: { Origin: 'http://localhost:3000' } })).status).toBe(200);
  });

  it('serveHttp when the port is taken then warns and returns no url instead of crashing', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const port = (blocker.address() as { port: number }).port;
    const second = await serveHttp(app, { host: '127.0.0.1', port, token });
    expect(second.url).toBeNull();
    expect(second.error).toMatch(new RegExp(`port ${port} .* already in use`));
    await second.close();
    await new Promise<void>((resolve) => blocker.close(() => resolve()));
  });

  it('an unknown route when called with the token then 404 naming the routes', async () => {
    const response = await post('/mcp/things', {});
    expect(response.status).toBe(404);
  });
});

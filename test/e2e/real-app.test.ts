/**
 * The MCP and REST surfaces against the real application (createApp on the synthetic market, paper
 * mode, a temporary SQLite journal), with real clients: SDK v2 in both eras and the v1 SDK client,
 * in memory and over Streamable HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { type RunningHttpServer } from '../../src/http/server.js';
import { serveHttp } from '../../src/compose/http.js';
import { createMcpServerFactory } from '../../src/mcp/server.js';
import { TOOL_NAMES } from '../../src/mcp/tools/index.js';
import {
  connectHttp,
  connectInMemory,
  connectV1Http,
  connectV1InMemory,
  structured,
  textOf,
} from '../support/mcp-clients.js';
import { realApp, type RealApp } from '../support/real-app.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Data = Record<string, any>;

const token = 'c'.repeat(64);
let real: RealApp;
let server: RunningHttpServer;

beforeAll(async () => {
  real = await realApp();
  server = await serveHttp(real.app, { host: '127.0.0.1', port: 0, token });
}, 60_000);
afterAll(async () => {
  await server?.close();
  await real?.close();
});

function rows(sql: string): Data[] {
  const db = new Database(real.dbPath, { readonly: true });
  try {
    return db.prepare(sql).all() as Data[];
  } finally {
    db.close();
  }
}

const readOnlyCalls: [string, Data][] = [
  ['get_trading_mode', {}],
  ['list_markets', { quote_asset: 'USD', limit: 5 }],
  ['get_market_data', { symbols: ['BTCUSD', 'ETHUSD'] }],
  ['get_ticker_24h', { symbols: ['BTCUSD'] }],
  ['get_ticker_24h', { limit: 3 }],
  ['get_order_book', { symbol: 'BTCUSD' }],
  ['get_order_book', { symbol: 'BTCUSD', limit: 5000, full: true }],
  ['get_candles', { symbol: 'BTCUSD', timeframe: '1h', limit: 1000 }],
  ['get_fees', {}],
  ['get_indicators', { symbol: 'ETHUSD', timeframe: '4h' }],
  [
    'get_contexts',
    {
      context_types: [
        'market_data',
        'all_markets',
        'fee_structure',
        'candlestick_data',
        'order_book',
        'ticker_24h',
        'technical_indicators',
        'account_state',
        'trade_history',
      ],
      symbols: ['BTCUSD'],
    },
  ],
  ['get_account', {}],
  ['get_orders', {}],
  ['get_trade_history', {}],
  ['get_risk_status', {}],
  ['preview_order', { symbol: 'BTCUSD', side: 'BUY', order_type: 'LIMIT', quantity: '0.001', price: '1000' }],
];

describe.each(['modern', 'legacy'] as const)('real app in memory, %s era', (era) => {
  it.each(readOnlyCalls)(
    '%s when called with valid arguments then answers in paper mode within the size cap',
    async (name, args) => {
      const client = await connectInMemory(createMcpServerFactory(real.app), { era });
      try {
        const result = await client.callTool({ name, arguments: args });
        expect(result.isError, textOf(result)).toBeFalsy();
        expect(structured(result).mode).toBe('paper');
        expect(textOf(result).length).toBeLessThanOrEqual(40_000);
      } finally {
        await client.close();
      }
    },
  );

  it('place_order then get_orders and cancel_order when a limit order rests then it is journaled with its rationale and canceled', async () => {
    const client = await connectInMemory(createMcpServerFactory(real.app), { era });
    try {
      const actionId = `rest-${era}`;
      const quote = structured<Data>(
        await client.callTool({ name: 'get_market_data', arguments: { symbols: ['BTCUSD'] } }),
      ).quotes[0];
      const price = String(Math.floor(Number(quote.price) * 0.9));
      const placed = structured<Data>(
        await client.callTool({
          name: 'place_order',
          arguments: {
            symbol: 'BTCUSD',
            side: 'BUY',
            order_type: 'LIMIT',
            quantity: '0.001',
            price,
            time_in_force: 'GTC',
            action_id: actionId,
            rationale: `far below the market (${era})`,
          },
        }),
      );
      expect(placed).toMatchObject({ mode: 'paper', status: 'placed', duplicate: false, order: { status: 'NEW' } });
      const open = structured<Data>(
        await client.callTool({ name: 'get_orders', arguments: { open_only: true, symbol: 'BTCUSD' } }),
      );
      expect(open.orders.map((o: Data) => o.clientOrderId)).toContain(placed.clientOrderId);
      const canceled = structured<Data>(
        await client.callTool({ name: 'cancel_order', arguments: { symbol: 'BTCUSD', action_id: actionId } }),
      );
      expect(canceled).toMatchObject({ mode: 'paper', status: 'canceled' });
      expect(JSON.stringify(rows('SELECT * FROM decisions'))).toContain(`far below the market (${era})`);
    } finally {
      await client.close();
    }
  });

  it('place_order when quantity breaks the lot size then the venue rules answer without a 5xx or a crash', async () => {
    const client = await connectInMemory(createMcpServerFactory(real.app), { era });
    try {
      const result = await client.callTool({
        name: 'place_order',
        arguments: {
          symbol: 'BTCUSD',
          side: 'BUY',
          order_type: 'MARKET',
          quantity: '0.000000001',
          action_id: `tiny-${era}`,
        },
      });
      expect(textOf(result)).toMatch(/paper/i);
    } finally {
      await client.close();
    }
  });
});

describe('real app with the v1 SDK client', () => {
  it('in memory and over HTTP when listing and calling then works', async () => {
    for (const client of [
      await connectV1InMemory(createMcpServerFactory(real.app)),
      await connectV1Http(server.url!, token),
    ]) {
      try {
        expect((await client.listTools()).tools).toHaveLength(TOOL_NAMES.length);
        const result = await client.callTool({ name: 'get_market_data', arguments: { symbols: ['BTCUSD'] } });
        expect((result.structuredContent as Data).quotes[0].symbol).toBe('BTCUSD');
      } finally {
        await client.close();
      }
    }
  });
});

describe.each(['modern', 'legacy'] as const)('real app over Streamable HTTP, %s era', (era) => {
  it('a market buy when placed twice with one action_id then one order and one fill exist', async () => {
    const client = await connectHttp(server.url!, token, { era });
    try {
      const args = {
        symbol: 'BTCUSD',
        side: 'BUY',
        order_type: 'MARKET',
        quote_quantity: '50',
        action_id: `http-buy-${era}`,
        rationale: 'e2e',
      };
      const first = structured<Data>(await client.callTool({ name: 'place_order', arguments: args }));
      const second = structured<Data>(await client.callTool({ name: 'place_order', arguments: args }));
      expect(first).toMatchObject({ status: 'placed', duplicate: false, mode: 'paper' });
      expect(second).toMatchObject({ status: 'placed', duplicate: true });
      expect(rows(`SELECT * FROM orders WHERE client_order_id = 'bma-http-buy-${era}'`)).toHaveLength(1);
    } finally {
      await client.close();
    }
  });
});

describe('real app REST', () => {
  const post = (path: string, body: unknown) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('POST /mcp/contexts when every context type is asked then each is answered and a snapshot is journaled', async () => {
    const before = rows('SELECT COUNT(*) AS n FROM context_snapshots')[0]!.n;
    const response = await post('/mcp/contexts', {
      context_types: [
        'market_data',
        'all_markets',
        'fee_structure',
        'candlestick_data',
        'order_book',
        'ticker_24h',
        'technical_indicators',
        'account_state',
        'trade_history',
      ],
      symbols: ['BTCUSD', 'ETHUSD'],
      timeframe: '1h',
      limit: 100,
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Data;
    expect(Object.keys(body.contexts)).toHaveLength(9);
    expect(body.contexts.candlestick_data.BTCUSD).toHaveLength(100);
    expect(body.contexts.order_book.ETHUSD.bids.length).toBeGreaterThan(0);
    expect(rows('SELECT COUNT(*) AS n FROM context_snapshots')[0]!.n).toBe(before + 1);
  });

  it('POST /mcp/actions when the original request is sent twice then one order, and the second result is the first', async () => {
    const request = {
      actions: [
        {
          action_id: 'action_123',
          action: { action_type: 'trade_order', symbol: 'BTCUSD', side: 'BUY', order_type: 'MARKET', quantity: 0.001 },
        },
      ],
      auth_token: token,
    };
    const first = (await (await post('/mcp/actions', request)).json()) as Data;
    const second = (await (await post('/mcp/actions', request)).json()) as Data;
    expect(first.results[0]).toMatchObject({ action_id: 'action_123', status: 'placed', success: true, mode: 'paper' });
    expect(second.results[0]).toMatchObject({
      status: 'placed',
      duplicate: true,
      order: { orderId: first.results[0].order.orderId },
    });
    const journaled = rows("SELECT * FROM orders WHERE client_order_id = 'bma-action_123'");
    expect(journaled).toHaveLength(1);
    expect(JSON.stringify(journaled[0])).toContain('rest');
  });

  it('POST /mcp/actions when a cancel names an unknown order then the result carries the Binance code', async () => {
    const response = await post('/mcp/actions', {
      actions: [
        { action_id: 'cancel-x', action: { action_type: 'cancel_order', symbol: 'BTCUSD', order_id: '987654321' } },
      ],
    });
    const body = (await response.json()) as Data;
    expect(body.results[0]).toMatchObject({
      status: 'rejected',
      success: false,
      error: { code: 'EXCHANGE_REJECTED', binance_code: expect.any(Number) },
    });
  });
});

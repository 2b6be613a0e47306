/**
 * Fuzz: thousands of random and malformed REST bodies and tool arguments against the real app.
 * No 5xx, no crash, every refusal names the problem, and refused requests leave the journal as it was.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/client';
import { type RunningHttpServer } from '../../src/http/server.js';
import { serveHttp } from '../../src/compose/http.js';
import { createMcpServerFactory } from '../../src/mcp/server.js';
import { TOOL_NAMES } from '../../src/mcp/tools/index.js';
import { connectInMemory, textOf } from '../support/mcp-clients.js';
import { realApp, type RealApp } from '../support/real-app.js';

const token = 'f'.repeat(64);
let real: RealApp;
let server: RunningHttpServer;
let client: Client;

beforeAll(async () => {
  real = await realApp();
  server = await serveHttp(real.app, { host: '127.0.0.1', port: 0, token, maxBodyBytes: 32 * 1024 });
  client = await connectInMemory(createMcpServerFactory(real.app), { era: 'modern' });
}, 60_000);
afterAll(async () => {
  await client?.close();
  await server?.close();
  await real?.close();
});

const plausible = fc.oneof(
  fc.constantFrom('BTCUSD', 'btcusd', 'NOPEUSD', 'ETHUSD', '', ' ', 'BTC/USD', 'x'.repeat(300)),
  fc.constantFrom(
    'BUY',
    'SELL',
    'buy',
    'HOLD',
    'MARKET',
    'LIMIT',
    'STOP',
    'TAKE_PROFIT',
    'GTC',
    'IOC',
    '1h',
    '1d',
    '7x',
  ),
  fc.constantFrom('0.001', '-1', '0', '1e-3', 'NaN', '1'.repeat(50), '0.0000000001', '100000000'),
  fc.constantFrom(0, -1, 1, 0.5, 1e308, -0, 5000, 5001, 1001, Number.MAX_SAFE_INTEGER),
  fc.constantFrom(null, true, false, [], {}, ['BTCUSD'], ['market_data'], [1, 2]),
  fc.string({ maxLength: 20 }),
  fc.anything({ maxDepth: 2 }),
);

const contextKeys = ['context_types', 'symbols', 'timeframe', 'limit', 'auth_token', 'extra'];
const actionKeys = [
  'action_type',
  'symbol',
  'side',
  'order_type',
  'quantity',
  'price',
  'stop_price',
  'order_id',
  'time_in_force',
  'rationale',
  'qty',
];

function record(keys: string[]) {
  return fc.dictionary(fc.constantFrom(...keys), plausible, { maxKeys: keys.length });
}

/** A valid base with, half the time, one key replaced by a plausible-but-maybe-wrong value or removed. */
function mutated(base: fc.Arbitrary<Record<string, unknown>>, keys: string[]) {
  return fc
    .tuple(base, fc.boolean(), fc.constantFrom(...keys), fc.option(plausible, { nil: undefined }))
    .map(([value, keep, key, replacement]) => {
      if (keep) return value;
      const copy: Record<string, unknown> = { ...value };
      if (replacement === undefined) delete copy[key];
      else copy[key] = replacement;
      return copy;
    });
}

const validContexts = fc.record({
  context_types: fc.subarray(
    [
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
    { minLength: 1, maxLength: 3 },
  ),
  symbols: fc.subarray(['BTCUSD', 'ETHUSD', 'SOLUSD'], { minLength: 1 }),
  timeframe: fc.constantFrom('1m', '1h', '4h', '1d'),
  limit: fc.integer({ min: 1, max: 200 }),
});

const validActions = fc.record({
  actions: fc.array(
    fc.record({
      action_id: fc.string({ minLength: 1, maxLength: 12 }).map((id) => `fz-${id.replace(/[^\x21-\x7e]/g, 'x')}`),
      action: fc.oneof(
        fc.record({
          action_type: fc.constant('trade_order'),
          symbol: fc.constantFrom('BTCUSD', 'ETHUSD'),
          side: fc.constantFrom('BUY', 'SELL'),
          order_type: fc.constant('MARKET'),
          quantity: fc.constantFrom('0.0001', '0.001'),
        }),
        fc.record({
          action_type: fc.constant('cancel_order'),
          symbol: fc.constant('BTCUSD'),
          order_id: fc.constantFrom('1', '999999'),
        }),
        fc.record({
          action_type: fc.constant('replace_order'),
          symbol: fc.constant('BTCUSD'),
          order_id: fc.constantFrom('1', '999999'),
          price: fc.constantFrom('1000', '0.5'),
        }),
      ),
    }),
    { minLength: 1, maxLength: 2 },
  ),
});

const contextBodies = fc.oneof(
  mutated(validContexts, contextKeys),
  mutated(validContexts, contextKeys),
  record(contextKeys),
  record(contextKeys).map((r) => ({
    ...r,
    context_types: fc.sample(fc.subarray(['market_data', 'all_markets', 'order_book', 'nope', 'trade_history']), 1)[0],
  })),
  fc.anything({ maxDepth: 3 }),
);

const actionBodies = fc.oneof(
  mutated(validActions, ['actions', 'auth_token', 'extra']),
  fc.record(
    {
      actions: fc.array(fc.record({ action_id: plausible, action: record(actionKeys) }, { requiredKeys: [] }), {
        maxLength: 3,
      }),
    },
    { requiredKeys: [] },
  ),
  fc.record({
    actions: fc.array(
      fc.record({
        action_id: fc.constant('fz'),
        action: record(actionKeys).map((a) => ({ ...a, action_type: 'cancel_order' })),
      }),
      { maxLength: 2 },
    ),
  }),
  fc.anything({ maxDepth: 3 }),
);

const rawBodies = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.constantFrom(
    '',
    '{',
    '{"context_types": [',
    'null',
    '[]',
    '"x"',
    '{"actions": [{"action_id": "a", "action": ',
    '\u0000\u0001',
    '{}',
  ),
  fc.json().map((j) => j.slice(0, Math.max(0, j.length - 1))),
);

async function send(path: string, body: string, auth: 'ok' | 'none' | 'wrong') {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (auth === 'ok') headers.Authorization = `Bearer ${token}`;
  if (auth === 'wrong') headers.Authorization = `Bearer ${'e'.repeat(64)}`;
  const response = await fetch(`${server.url}${path}`, { method: 'POST', headers, body });
  return { status: response.status, body: await response.json().catch(() => null) };
}

function expectNamedRefusal(status: number, body: unknown, context: string) {
  expect(status, context).toBeLessThan(500);
  if (status < 400) return;
  const answer = body as { error?: string; message?: string; fields?: { field: string; message: string }[] };
  expect(typeof answer?.message, context).toBe('string');
  if (status === 400 || status === 413) {
    expect(answer.fields?.length, context).toBeGreaterThan(0);
    for (const f of answer.fields!) {
      expect(f.field.length, context).toBeGreaterThan(0);
      expect(f.message.length, context).toBeGreaterThan(0);
    }
  }
}

describe('fuzz', () => {
  it('REST bodies when random or malformed then never 5xx, every refusal names the problem, refusals write nothing', async () => {
    const statuses = new Map<number, number>();
    const cases = fc.sample(
      fc.tuple(
        fc.constantFrom('/mcp/contexts', '/mcp/actions'),
        fc.oneof(
          contextBodies.map((b) => JSON.stringify(b) ?? 'null'),
          actionBodies.map((b) => JSON.stringify(b) ?? 'null'),
          rawBodies,
        ),
        fc.constantFrom('ok', 'ok', 'ok', 'ok', 'none', 'wrong') as fc.Arbitrary<'ok' | 'none' | 'wrong'>,
      ),
      { numRuns: 1300, seed: 20261128 },
    );
    for (const [path, body, auth] of cases) {
      const before = real.journal();
      const { status, body: answer } = await send(path, body, auth);
      const context = `${path} ${auth} ${body.slice(0, 300)} -> ${status} ${JSON.stringify(answer)?.slice(0, 300)}`;
      expectNamedRefusal(status, answer, context);
      if (auth !== 'ok') expect(status, context).toBe(401);
      if (status >= 400) expect(real.journal(), context).toEqual(before);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(1300);
    expect(statuses.get(200) ?? 0, JSON.stringify([...statuses])).toBeGreaterThan(0);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(500);
    expect(statuses.get(401) ?? 0).toBeGreaterThan(100);
  }, 180_000);

  it('tool arguments when random then every call answers, errors name the problem, refused calls write nothing', async () => {
    const argKeys = [
      'symbols',
      'symbol',
      'timeframe',
      'limit',
      'side',
      'order_type',
      'quantity',
      'quote_quantity',
      'price',
      'stop_price',
      'time_in_force',
      'order_id',
      'action_id',
      'rationale',
      'allow_failure',
      'context_types',
      'mode',
      'cursor',
      'full',
      'start_time',
      'bogus',
    ];
    const valid: Record<string, Record<string, unknown>> = {
      list_markets: { quote_asset: 'USD', limit: 5 },
      get_symbol_rules: { symbol: 'BTCUSD' },
      get_market_data: { symbols: ['BTCUSD'] },
      get_ticker_24h: { symbols: ['ETHUSD'] },
      get_order_book: { symbol: 'BTCUSD', limit: 20 },
      get_candles: { symbol: 'BTCUSD', timeframe: '1h', limit: 10 },
      get_fees: { symbols: ['BTCUSD'] },
      get_indicators: { symbol: 'BTCUSD', timeframe: '1h' },
      get_contexts: { context_types: ['market_data'], symbols: ['BTCUSD'] },
      get_account: {},
      get_orders: { limit: 5 },
      get_trade_history: { limit: 5 },
      get_risk_status: {},
      get_performance: {},
      get_trading_mode: {},
      set_trading_mode: { mode: 'paper' },
      preview_order: { symbol: 'BTCUSD', side: 'BUY', order_type: 'MARKET', quantity: '0.001' },
      place_order: {
        symbol: 'BTCUSD',
        side: 'BUY',
        order_type: 'LIMIT',
        quantity: '0.001',
        price: '1000',
        action_id: 'fz-place',
      },
      cancel_order: { symbol: 'BTCUSD', order_id: '424242' },
      replace_order: { symbol: 'BTCUSD', order_id: '424242', price: '1000', action_id: 'fz-replace' },
      place_oco: {
        symbol: 'BTCUSD',
        side: 'SELL',
        quantity: '0.001',
        price: '1000000',
        stop_price: '1000',
        action_id: 'fz-oco',
      },
      place_bracket: {
        symbol: 'BTCUSD',
        side: 'BUY',
        quantity: '0.001',
        order_type: 'LIMIT',
        price: '1000',
        take_profit_price: '1000000',
        stop_price: '900',
        action_id: 'fz-bracket',
      },
      cancel_order_list: { symbol: 'BTCUSD', order_list_id: '424242' },
      list_strategy_templates: {},
      validate_strategy: {
        strategy: {
          type: 'signal',
          name: 'fz',
          symbols: ['BTCUSDT'],
          interval: '1d',
          entry: { always: true },
          sizing: { kind: 'fixed_quote', amount: 100 },
        },
      },
      backtest_strategy: {
        template: 'buy-and-hold',
        parameters: { interval: '1d' },
        from: '2025-01-01T00:00:00Z',
        to: '2025-02-01T00:00:00Z',
      },
      run_strategy: { template: 'buy-and-hold', parameters: { symbol: 'BTCUSD', interval: '1d' } },
      strategy_status: {},
      stop_strategy: { run_id: '0000abcd' },
    };
    const toolCase = fc
      .constantFrom(...TOOL_NAMES)
      .chain((name) =>
        fc.tuple(
          fc.constant(name),
          fc.oneof(mutated(fc.constant(valid[name]!), [...Object.keys(valid[name]!), 'bogus']), record(argKeys)),
        ),
      );
    const cases = fc.sample(toolCase, { numRuns: 1000, seed: 424242 });
    let answered = 0;
    let refused = 0;
    for (const [name, args] of cases) {
      const before = real.journal();
      const result = await client.callTool({ name, arguments: args as Record<string, unknown> });
      const context = `${name} ${JSON.stringify(args).slice(0, 300)} -> ${textOf(result).slice(0, 300)}`;
      if (result.isError) {
        expect(textOf(result), context).toMatch(
          /Invalid argument|Input validation error|not available|cannot ask|refused|unknown|Invalid symbol|\w+: /,
        );
        expect(real.journal(), context).toEqual(before);
        refused += 1;
      } else {
        expect((result.structuredContent as { mode?: string }).mode, context).toBe('paper');
        answered += 1;
      }
    }
    expect(answered + refused).toBe(1000);
    expect(answered, `answered ${answered}, refused ${refused}`).toBeGreaterThan(50);
    expect(refused).toBeGreaterThan(300);
  }, 180_000);
});

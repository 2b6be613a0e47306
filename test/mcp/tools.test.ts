import { afterEach, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/client';
import { createMcpServerFactory } from '../../src/mcp/server.js';
import { TOOL_NAMES } from '../../src/mcp/tools/index.js';
import { fakeApp } from '../support/fake-app.js';
import { connectInMemory, connectV1InMemory, structured, textOf, type Era } from '../support/mcp-clients.js';

const clients: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

async function connect(era: Era, app = fakeApp()): Promise<Client> {
  const client = await connectInMemory(createMcpServerFactory(app), { era });
  clients.push(client);
  return client;
}

describe.each(['modern', 'legacy'] as const)('MCP tools over the %s era', (era) => {
  it('tools/list when connected then lists every tool with schemas and annotations', async () => {
    const client = await connect(era);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([...TOOL_NAMES].sort());
    for (const tool of tools) {
      expect(tool.outputSchema, tool.name).toBeDefined();
      expect(tool.annotations?.readOnlyHint, tool.name).toBeTypeOf('boolean');
      expect(tool.description?.length, tool.name).toBeGreaterThan(20);
    }
    const place = tools.find((t) => t.name === 'place_order')!;
    expect(place.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    expect(Object.keys(place.inputSchema.properties ?? {})).toEqual(
      expect.arrayContaining([
        'symbol',
        'side',
        'order_type',
        'quantity',
        'quote_quantity',
        'price',
        'stop_price',
        'time_in_force',
        'action_id',
        'rationale',
      ]),
    );
  });

  it('instructions when connected then tell the model to ask paper or live', async () => {
    const client = await connect(era);
    expect(client.getInstructions()).toMatch(/paper trading .* or live trading/i);
  });

  it('get_market_data when symbols are valid then returns quotes in structured content repeated as text with the mode', async () => {
    const client = await connect(era);
    const result = await client.callTool({ name: 'get_market_data', arguments: { symbols: ['btcusd'] } });
    expect(result.isError).toBeFalsy();
    const data = structured<{ mode: string; quotes: { symbol: string }[] }>(result);
    expect(data.mode).toBe('paper');
    expect(data.quotes[0]!.symbol).toBe('BTCUSD');
    expect(JSON.parse(textOf(result))).toEqual(data);
  });

  it('place_order when side is wrong then isError names the field and the allowed values', async () => {
    const client = await connect(era);
    const result = await client.callTool({
      name: 'place_order',
      arguments: { symbol: 'BTCUSD', side: 'HOLD', quantity: '0.01' },
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/side: must be BUY or SELL/);
  });

  it('place_order when an argument is misspelled then isError names the unknown key', async () => {
    const client = await connect(era);
    const result = await client.callTool({
      name: 'place_order',
      arguments: { symbol: 'BTCUSD', side: 'BUY', qty: '0.01' },
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/qty/);
  });

  it('get_candles when the symbol is unknown then isError names symbol', async () => {
    const client = await connect(era);
    const result = await client.callTool({ name: 'get_candles', arguments: { symbol: 'NOPEUSD', timeframe: '1h' } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/symbol.*Invalid symbol/);
  });

  it('get_candles when 1000 candles are asked then the answer stays under the size cap and pages the rest with a cursor', async () => {
    const client = await connect(era);
    const result = await client.callTool({ name: 'get_candles', arguments: { symbol: 'BTCUSD', limit: 1000 } });
    const data = structured<{ count: number; rows: string[][]; nextCursor: number | null; note: string }>(result);
    expect(textOf(result).length).toBeLessThanOrEqual(40_000);
    expect(data.rows).toHaveLength(data.count);
    expect(data.count).toBeLessThan(1000);
    expect(data.nextCursor).toBeTypeOf('number');
    expect(data.note).toContain(`cursor=${data.nextCursor} and limit=${1000 - data.count}`);
  });

  it('get_candles when 100 candles are asked then they fit in 8,000 characters as rows with ISO times', async () => {
    const client = await connect(era);
    const result = await client.callTool({ name: 'get_candles', arguments: { symbol: 'BTCUSD', limit: 100 } });
    const data = structured<{ columns: string[]; rows: string[][]; count: number; note: string }>(result);
    expect(textOf(result).length).toBeLessThanOrEqual(8_000);
    expect(data.columns).toEqual(['time', 'open', 'high', 'low', 'close', 'volume']);
    expect(data.count).toBe(100);
    expect(data.rows[0]![0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?Z$/);
    expect(data.note).toMatch(/^100 candles /);
  });

  it('tools/list when listed then costs a model at most 9,000 characters for the trading tools, and each later group (strategy, strategy runs, analytics) its own budget (name, description, input schema)', async () => {
    const client = await connect(era);
    const { tools } = await client.listTools();
    const modelView = tools.map((t) => ({ name: t.name, description: t.description, inputSchema: t.inputSchema }));
    // Issue 14's budget holds for the market and trading tools; the tools later issues added have their own.
    // perTool: the most one tool of the group may cost (the strategy tools predate that rule).
    const groups: Record<string, { names: string[]; budget: number; perTool?: number }> = {
      strategy: { names: ['list_strategy_templates', 'validate_strategy', 'backtest_strategy'], budget: 1_800 },
      runs: { names: ['run_strategy', 'strategy_status', 'stop_strategy'], budget: 1_500, perTool: 500 },
      analytics: { names: ['get_performance'], budget: 500, perTool: 500 },
      // Their decimals are listed as strings (decimalText: a JSON number is still taken exactly); was 1_750 / 750.
      lists: { names: ['place_oco', 'place_bracket', 'cancel_order_list'], budget: 1_490, perTool: 650 },
      replace: { names: ['replace_order'], budget: 500, perTool: 500 },
    };
    const grouped = new Set(Object.values(groups).flatMap((g) => g.names));
    const trading = modelView.filter((t) => !grouped.has(t.name));
    expect(JSON.stringify({ tools: trading }).length).toBeLessThanOrEqual(9_000);
    for (const [group, { names, budget, perTool }] of Object.entries(groups)) {
      const members = modelView.filter((t) => names.includes(t.name));
      expect(members.map((t) => t.name).sort(), group).toEqual([...names].sort());
      if (perTool !== undefined)
        for (const tool of members) expect(JSON.stringify(tool).length, tool.name).toBeLessThanOrEqual(perTool);
      expect(JSON.stringify(members).length, group).toBeLessThanOrEqual(budget);
    }
  });

  it('place_order when repeated with the same action_id then the first outcome returns and nothing new is placed', async () => {
    const app = fakeApp();
    const client = await connect(era, app);
    const args = {
      symbol: 'BTCUSD',
      side: 'BUY',
      order_type: 'MARKET',
      quantity: 0.001,
      action_id: 'buy-1',
      rationale: 'test',
    };
    const first = structured<{ status: string; duplicate: boolean; mode: string }>(
      await client.callTool({ name: 'place_order', arguments: args }),
    );
    const second = structured<{ status: string; duplicate: boolean }>(
      await client.callTool({ name: 'place_order', arguments: args }),
    );
    expect(first).toMatchObject({ status: 'placed', duplicate: false, mode: 'paper' });
    expect(second).toMatchObject({ status: 'placed', duplicate: true });
    expect(app.desks.paper.orders_).toHaveLength(1);
  });

  it('get_contexts when several context types are asked then answers each and journals a snapshot', async () => {
    const app = fakeApp();
    const client = await connect(era, app);
    const result = await client.callTool({
      name: 'get_contexts',
      arguments: {
        context_types: ['market_data', 'account_state', 'technical_indicators'],
        symbols: ['BTCUSD'],
        timeframe: '1h',
      },
    });
    const data = structured<{ contexts: Record<string, unknown> }>(result);
    expect(Object.keys(data.contexts).sort()).toEqual(['account_state', 'market_data', 'technical_indicators']);
    expect(app.snapshots).toHaveLength(1);
  });

  it('get_contexts when market_data lacks symbols then isError names symbols', async () => {
    const client = await connect(era);
    const result = await client.callTool({ name: 'get_contexts', arguments: { context_types: ['market_data'] } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/symbols: required for market_data/);
  });

  it('resources and prompts when listed then include account, markets, risk status, the ticker template and both prompts', async () => {
    const client = await connect(era);
    const resources = await client.listResources();
    expect(resources.resources.map((r) => r.uri).sort()).toEqual([
      'binance-mcp://account',
      'binance-mcp://markets',
      'binance-mcp://risk-status',
    ]);
    const templates = await client.listResourceTemplates();
    expect(templates.resourceTemplates.map((t) => t.uriTemplate)).toEqual(['binance-mcp://ticker/{symbol}']);
    const ticker = await client.readResource({ uri: 'binance-mcp://ticker/ETHUSD' });
    expect(JSON.parse((ticker.contents[0] as { text: string }).text).quote.symbol).toBe('ETHUSD');
    const prompts = await client.listPrompts();
    expect(prompts.prompts.map((p) => p.name).sort()).toEqual(['market_review', 'trading_session']);
    const session = await client.getPrompt({ name: 'trading_session', arguments: {} });
    expect(JSON.stringify(session.messages)).toMatch(/paper trading .* or live trading/i);
  });
});

describe('MCP tools with the v1 SDK client as an old host', () => {
  it('tools/list and a call when connected in memory then work', async () => {
    const client = await connectV1InMemory(createMcpServerFactory(fakeApp()));
    clients.push(client);
    const { tools } = await client.listTools();
    expect(tools).toHaveLength(TOOL_NAMES.length);
    const result = await client.callTool({ name: 'get_account', arguments: {} });
    expect((result.structuredContent as { mode: string }).mode).toBe('paper');
  });
});

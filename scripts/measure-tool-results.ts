/**
 * Characters a model pays for: each tool once in a fixed, realistic session on the synthetic market
 * (paper, fixed seed, a temporary journal), the tools/list answer, and the cold start to the first
 * tools/list over stdio against a bare SDK server in the same run (median of 5).
 * Run: npm run build && npx tsx scripts/measure-tool-results.ts [--no-cold-start] [--compare /work/main]
 * (--compare: also the cold start of another checkout's built CLI, in the same run)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { InMemoryTransport } from '@modelcontextprotocol/server';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { createApp } from '../src/compose/app.js';
import { loadConfig } from '../src/config.js';
import { createMcpServerFactory } from '../src/mcp/server.js';

const root = resolve(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'binance-mcp-measure-'));

type Args = Record<string, unknown>;
/** The session: every tool once, in the order a model would meet them. */
const session: [string, Args | ((seen: Record<string, any>) => Args)][] = [
  ['get_trading_mode', {}],
  ['list_markets', {}],
  ['get_symbol_rules', { symbol: 'BTCUSD' }],
  ['get_market_data', { symbols: ['BTCUSD', 'ETHUSD'] }],
  ['get_ticker_24h', { symbols: ['BTCUSD'] }],
  ['get_order_book', { symbol: 'BTCUSD' }],
  ['get_candles', { symbol: 'BTCUSD', timeframe: '1h', limit: 100 }],
  ['get_fees', { symbols: ['BTCUSD'] }],
  ['get_indicators', { symbol: 'BTCUSD', timeframe: '1h' }],
  ['get_contexts', { context_types: ['market_data', 'account_state'], symbols: ['BTCUSD'] }],
  ['get_account', {}],
  ['get_risk_status', {}],
  ['preview_order', { symbol: 'BTCUSD', side: 'BUY', order_type: 'MARKET', quote_quantity: '100' }],
  [
    'place_order',
    {
      symbol: 'BTCUSD',
      side: 'BUY',
      order_type: 'MARKET',
      quote_quantity: '100',
      action_id: 'measure-buy',
      rationale: 'measure',
    },
  ],
  [
    'place_order',
    (seen) => ({
      symbol: 'BTCUSD',
      side: 'SELL',
      order_type: 'LIMIT',
      quantity: '0.0005',
      price: String(Math.round(Number(seen.get_market_data.quotes[0].price) * 1.2)),
      action_id: 'measure-tp',
      rationale: 'measure',
    }),
  ],
  ['get_orders', {}],
  ['get_trade_history', {}],
  ['cancel_order', { symbol: 'BTCUSD', action_id: 'measure-tp' }],
  ['set_trading_mode', { mode: 'paper' }],
];

async function startOnce(args: string[]): Promise<number> {
  const client = new Client({ name: 'measure', version: '1' });
  const start = performance.now();
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args,
      env: { PATH: process.env.PATH ?? '', DATA_DIR: dir, HOME: dir, LOG_LEVEL: 'silent' },
      cwd: root,
      stderr: 'ignore',
    }),
  );
  await client.listTools();
  const ms = performance.now() - start;
  await client.close();
  return ms;
}

/** Median of `runs` cold starts per command, interleaved so a loaded machine weighs on each alike. */
async function coldStarts(commands: Record<string, string[]>, runs = 5): Promise<Record<string, number>> {
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
  for (let i = 0; i < runs; i += 1)
    for (const [name, args] of Object.entries(commands)) times[name]!.push(await startOnce(args));
  return Object.fromEntries(
    Object.entries(times).map(([name, t]) => [name, t.sort((a, b) => a - b)[Math.floor(runs / 2)]!]),
  );
}

async function main(): Promise<void> {
  const app = await createApp(
    loadConfig({
      MARKET_DATA: 'synthetic',
      SYNTHETIC_SEED: '42',
      TRADING_MODE: 'paper',
      DATA_DIR: dir,
      DATABASE_URL: `sqlite:${join(dir, 'measure.db')}`,
      LOG_LEVEL: 'silent',
    }),
  );
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  serveStdio(createMcpServerFactory(app), { transport: serverSide });
  const client = new Client({ name: 'measure', version: '1' });
  await client.connect(clientSide);

  const { tools } = await client.listTools();
  const names = new Set(tools.map((t) => t.name));
  const modelView = tools.map((t) => ({ name: t.name, description: t.description, inputSchema: t.inputSchema }));
  console.log(
    `tools/list: ${JSON.stringify({ tools: modelView }).length} characters as a model reads it (name, description, inputSchema), ${JSON.stringify({ tools }).length} in full, ${tools.length} tools`,
  );
  const seen: Record<string, any> = {};
  let total = 0;
  for (const [name, make] of session) {
    if (!names.has(name)) {
      console.log(`  ${name.padEnd(18)} (not a tool here)`);
      continue;
    }
    const args = typeof make === 'function' ? make(seen) : make;
    const result = await client.callTool({ name, arguments: args });
    const text = (result.content as { type: string; text?: string }[]).map((c) => c.text ?? '').join('');
    seen[name] ??= result.structuredContent;
    total += text.length;
    console.log(
      `  ${name.padEnd(18)} ${String(text.length).padStart(6)} chars${result.isError ? `  isError: ${text.slice(0, 100)}` : ''}`,
    );
  }
  console.log(`  total              ${String(total).padStart(6)} chars (text copy; structuredContent repeats it)`);
  const thousand = await client.callTool({
    name: 'get_candles',
    arguments: { symbol: 'BTCUSD', timeframe: '1h', limit: 1000 },
  });
  const data = thousand.structuredContent as Record<string, unknown>;
  console.log(
    `get_candles limit 1000: ${JSON.stringify(data).length} chars, count ${String(data.count)}, ${JSON.stringify(Object.fromEntries(Object.entries(data).filter(([k]) => !['candles', 'rows'].includes(k))))}`.slice(
      0,
      600,
    ),
  );
  await client.close();
  await app.close();

  if (!process.argv.includes('--no-cold-start')) {
    const serveArgs = ['serve', '--stdio', '--no-http', '--market', 'synthetic'];
    const other = process.argv.includes('--compare') ? process.argv[process.argv.indexOf('--compare') + 1] : undefined;
    const medians = await coldStarts({
      ours: [join(root, 'dist/cli/main.js'), ...serveArgs],
      bare: [join(root, 'bench/support/bare-stdio.mjs')],
      ...(other ? { [other]: [join(resolve(other), 'dist/cli/main.js'), ...serveArgs] } : {}),
    });
    const bare = medians.bare!;
    console.log('cold start to first tools/list over stdio, median of 5, interleaved:');
    for (const [name, ms] of Object.entries(medians))
      console.log(`  ${name.padEnd(12)} ${ms.toFixed(0)} ms, ${(ms / bare).toFixed(2)}x the bare SDK server`);
  }
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => rmSync(dir, { recursive: true, force: true }));

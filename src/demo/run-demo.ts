/**
 * `binance-mcp demo`: offline and self-contained. Starts the server on the synthetic market in
 * paper mode with a temporary journal, connects a real MCP client over Streamable HTTP, walks the
 * discovery workflow of the original description (what can I trade, fees, price history,
 * indicators, preview, buy, check the portfolio) and prints what happened.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport, type CallToolResult } from '@modelcontextprotocol/client';
import type { App } from '../app/app.js';
import { createApp } from '../compose.js';
import { loadConfig } from '../config.js';
import { generateToken } from '../http/auth.js';
import { startHttpServer, type RunningHttpServer } from '../http/server.js';
import { money, num, percent, table } from './format.js';

type Data = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface DemoOptions {
  /** Where the demo prints (stdout by default). */
  write?: (text: string) => void;
  /** Extra settings over the demo's own (tests use it, e.g. a canary API secret). */
  settings?: Record<string, string>;
  /** Use this folder for the journal and keep it afterwards (default: a temporary folder, removed). */
  dataDir?: string;
  /** Sees every tool result in full (tests scan them). */
  onToolResult?: (name: string, result: CallToolResult) => void;
}

export async function runDemo(options: DemoOptions = {}): Promise<number> {
  const write = options.write ?? ((text: string) => void process.stdout.write(text));
  const say = (text = '') => write(`${text}\n`);
  const dir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'binance-mcp-demo-')));
  let app: App | undefined;
  let server: RunningHttpServer | undefined;
  let client: Client | undefined;
  try {
    const config = loadConfig({
      MARKET_DATA: 'synthetic',
      TRADING_MODE: 'paper',
      DATA_DIR: dir,
      DATABASE_URL: `sqlite:${join(dir, 'trading.db')}`,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      ...options.settings,
    });
    app = await createApp(config);
    const token = generateToken();
    server = await startHttpServer(app, { host: '127.0.0.1', port: 0, token });
    if (!server.url) throw new Error(server.error ?? 'the HTTP server did not start');
    say(`binance-mcp ${app.version} demo: synthetic market, paper trading, ${options.dataDir ? '' : 'temporary '}journal in ${dir}`);
    say(`Server: MCP at ${server.url}/mcp (bearer token), REST at ${server.url}/mcp/contexts and /mcp/actions`);

    client = new Client({ name: 'binance-mcp-demo', version: app.version }, { versionNegotiation: { mode: 'auto' } });
    await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', server.url), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
    const { tools } = await client.listTools();
    say(`Client: connected (protocol ${client.getNegotiatedProtocolVersion()}), ${tools.length} tools available`);

    const call = async (name: string, args: Record<string, unknown> = {}): Promise<Data> => {
      const result = (await client!.callTool({ name, arguments: args })) as CallToolResult;
      options.onToolResult?.(name, result);
      const text = result.content.map((c) => (c.type === 'text' ? c.text : '')).join(' ');
      if (result.isError) throw new Error(`${name} failed: ${text}`);
      return result.structuredContent as Data;
    };

    const mode = await call('get_trading_mode');
    say(`\nMode: ${mode.mode} (${mode.explanation})`);

    say('\n1. "What can I trade?"  -> list_markets { quote_asset: "USD", status: "TRADING" }');
    const markets = await call('list_markets', { quote_asset: 'USD', status: 'TRADING', limit: 200 });
    const top = [...markets.markets].sort((a: Data, b: Data) => Number(b.quoteVolume24h ?? 0) - Number(a.quoteVolume24h ?? 0)).slice(0, 6);
    say(`   ${markets.total} USD pairs trading; the busiest:`);
    say(table([['symbol', 'price', '24h volume (USD)'], ...top.map((m: Data) => [m.symbol, money(m.price), money(m.quoteVolume24h, 0)])]));

    say('\n2. Fees for BTCUSD  -> get_fees { symbols: ["BTCUSD"] }');
    const fee = (await call('get_fees', { symbols: ['BTCUSD'] })).fees[0];
    say(`   maker ${percent(fee.maker)}, taker ${percent(fee.taker)}`);

    say('\n3. Price history  -> get_candles { symbol: "BTCUSD", timeframe: "1h", limit: 24 }');
    const candles = (await call('get_candles', { symbol: 'BTCUSD', timeframe: '1h', limit: 24 })).candles as Data[];
    const highs = candles.map((c) => Number(c.high));
    const lows = candles.map((c) => Number(c.low));
    const first = candles[0]!;
    const last = candles[candles.length - 1]!;
    const change = ((Number(last.close) - Number(first.open)) / Number(first.open)) * 100;
    say(`   ${candles.length} hourly candles: open ${money(first.open)} -> last close ${money(last.close)} (${change >= 0 ? '+' : ''}${change.toFixed(2)}%), range ${money(Math.min(...lows))} - ${money(Math.max(...highs))}`);

    say('\n4. Indicators  -> get_indicators { symbol: "BTCUSD", timeframe: "1h" }');
    const ind = await call('get_indicators', { symbol: 'BTCUSD', timeframe: '1h' });
    say(`   RSI(14) ${num(ind.values.rsi14)} [${ind.signals.rsi}]  MACD hist ${num(ind.values.macd.histogram)} [${ind.signals.macd}]  SMA20 ${money(ind.values.sma20)} [${ind.signals.sma}]  Bollinger [${ind.signals.bollinger}]`);
    say(`   overall: ${ind.summary.overall} (${ind.summary.explanation})`);

    const order = { symbol: 'BTCUSD', side: 'BUY', order_type: 'MARKET', quote_quantity: '250' };
    say('\n5. Preview a $250 buy of BTC  -> preview_order { symbol: "BTCUSD", side: "BUY", order_type: "MARKET", quote_quantity: "250" }');
    const preview = await call('preview_order', order);
    say(`   quantity ${preview.quantity} BTC, notional $${money(preview.notional)}, fee ~${preview.estimatedFee} ${preview.feeAsset}` +
      `${preview.expectedAveragePrice ? `, expected average price ${money(preview.expectedAveragePrice)} (slippage ${preview.slippageBps} bps)` : ''}`);
    say(`   risk check: ${preview.risk.allowed ? 'allowed' : `denied: ${preview.risk.denial.message}`}`);

    say('\n6. Buy  -> place_order { ...same, action_id: "demo-buy-1", rationale: "..." }');
    const placed = await call('place_order', { ...order, action_id: 'demo-buy-1', rationale: 'Demo: a small BTC position after reviewing fees, candles and indicators.' });
    say(`   ${placed.summary}`);
    for (const f of placed.fills as Data[]) say(`   fill: ${f.qty} @ ${money(f.price)} = $${money(f.quoteQty)}, commission ${f.commission} ${f.commissionAsset}`);
    const again = await call('place_order', { ...order, action_id: 'demo-buy-1', rationale: 'retry' });
    say(`   retry with the same action_id: duplicate=${again.duplicate}, no second order`);

    say('\n7. Portfolio  -> get_account');
    const account = await call('get_account');
    const nonZero = (account.balances as Data[]).filter((b) => Number(b.total) !== 0);
    say(table([['asset', 'free', 'locked', 'total'], ...nonZero.map((b) => [b.asset, b.free, b.locked, b.total])]));
    for (const p of account.positions as Data[]) {
      say(`   position ${p.asset}: ${p.quantity} at avg ${money(p.averageCost)}, worth $${money(p.marketValueUsd)}, unrealized P&L $${money(p.unrealizedPnlUsd)}`);
    }
    const history = await call('get_trade_history', { limit: 5 });
    const risk = await call('get_risk_status');

    say('\nPortfolio summary');
    say(`   mode:             ${account.mode}`);
    say(`   portfolio value:  $${money(account.portfolioValueUsd)}`);
    say(`   unrealized P&L:   $${money(account.unrealizedPnlUsd)}   realized P&L: $${money(account.realizedPnlUsd)}   today: $${money(account.dailyPnlUsd)}`);
    say(`   fills journaled:  ${history.fills.length}`);
    say(`   circuit breaker:  ${risk.breaker.tripped ? 'TRIPPED' : 'not tripped'}`);
    say('\nDone. Next: connect Claude Desktop (docs/claude-desktop.md) or run examples/llm-client.ts.');
    return 0;
  } catch (error) {
    say(`\nThe demo failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await client?.close().catch(() => {});
    await server?.close().catch(() => {});
    await app?.close().catch(() => {});
    if (!options.dataDir) await rm(dir, { recursive: true, force: true }).catch(() => {});
  }
}

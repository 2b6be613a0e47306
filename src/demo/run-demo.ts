/**
 * `binance-mcp demo`: offline and self-contained. Starts the server on the synthetic market in
 * paper mode with a temporary journal, connects a real MCP client over Streamable HTTP, walks the
 * discovery workflow of the original description (what can I trade, fees, price history,
 * indicators, preview, buy, check the portfolio), then the safety around it: a limit denying an
 * order with its reason, an idempotent retry, the daily-loss breaker, and prints what happened.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport, type CallToolResult } from '@modelcontextprotocol/client';
import type { App } from '../app/app.js';
import { createApp } from '../compose/app.js';
import { loadConfig } from '../config.js';
import { generateToken } from '../http/auth.js';
import { type RunningHttpServer } from '../http/server.js';
import { serveHttp } from '../compose/http.js';
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
      // The operator's limits the walk shows at work: no order over $1,000, a $3 daily loss stops buying.
      MAX_TRADE_SIZE_USD: '1000',
      MAX_DAILY_LOSS_USD: '3',
      ...options.settings,
    });
    app = await createApp(config);
    const token = generateToken();
    server = await serveHttp(app, { host: '127.0.0.1', port: 0, token });
    if (!server.url) throw new Error(server.error ?? 'the HTTP server did not start');
    say(
      `binance-mcp ${app.version} demo: synthetic market, paper trading, ${options.dataDir ? '' : 'temporary '}journal in ${dir}`,
    );
    say(`Server: MCP at ${server.url}/mcp (bearer token), REST at ${server.url}/mcp/contexts and /mcp/actions`);

    client = new Client({ name: 'binance-mcp-demo', version: app.version }, { versionNegotiation: { mode: 'auto' } });
    await client.connect(
      new StreamableHTTPClientTransport(new URL('/mcp', server.url), {
        requestInit: { headers: { Authorization: `Bearer ${token}` } },
      }),
    );
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
    const col = (name: string) => (markets.columns as string[]).indexOf(name);
    const top = [...(markets.rows as unknown[][])]
      .sort((a, b) => Number(b[col('quoteVolume24h')] ?? 0) - Number(a[col('quoteVolume24h')] ?? 0))
      .slice(0, 6);
    say(`   ${markets.total} USD pairs trading (each row also carries its rules); the busiest:`);
    say(
      table([
        ['symbol', 'price', '24h volume (USD)', 'tick', 'min order (USD)'],
        ...top.map((m) => [
          String(m[0]),
          money(m[col('price')] as string),
          money(m[col('quoteVolume24h')] as string, 0),
          String(m[col('tickSize')]),
          String(m[col('minNotional')]),
        ]),
      ]),
    );
    const rules = await call('get_symbol_rules', { symbol: 'BTCUSD' });
    say(
      `   get_symbol_rules BTCUSD: step ${rules.quantity.stepSize} BTC, tick ${rules.price.tickSize}, at least ${rules.notional.min} USD an order, limit prices ${rules.percentPrice ? `${money(rules.percentPrice.limitPriceNow.low)} to ${money(rules.percentPrice.limitPriceNow.high)} now` : 'unbounded'}`,
    );

    say('\n2. Fees for BTCUSD  -> get_fees { symbols: ["BTCUSD"] }');
    const fee = (await call('get_fees', { symbols: ['BTCUSD'] })).fees[0];
    say(`   maker ${percent(fee.maker)}, taker ${percent(fee.taker)}`);

    say('\n3. Price history  -> get_candles { symbol: "BTCUSD", timeframe: "1h", limit: 24 }');
    const history = await call('get_candles', { symbol: 'BTCUSD', timeframe: '1h', limit: 24 });
    const candles = (history.rows as string[][]).map(([time, open, high, low, close]) => ({
      time,
      open: Number(open),
      high: Number(high),
      low: Number(low),
      close: Number(close),
    }));
    const first = candles[0]!;
    const last = candles[candles.length - 1]!;
    const change = ((last.close - first.open) / first.open) * 100;
    say(`   ${history.note}`);
    say(
      `   open ${money(first.open)} -> last close ${money(last.close)} (${change >= 0 ? '+' : ''}${change.toFixed(2)}%), range ${money(Math.min(...candles.map((c) => c.low)))} - ${money(Math.max(...candles.map((c) => c.high)))}`,
    );

    say('\n4. Indicators  -> get_indicators { symbol: "BTCUSD", timeframe: "1h" }');
    const ind = await call('get_indicators', { symbol: 'BTCUSD', timeframe: '1h' });
    say(
      `   RSI(14) ${num(ind.values.rsi14)} [${ind.signals.rsi}]  MACD hist ${num(ind.values.macd.histogram)} [${ind.signals.macd}]  SMA20 ${money(ind.values.sma20)} [${ind.signals.sma}]  Bollinger [${ind.signals.bollinger}]`,
    );
    say(`   overall: ${ind.summary.overall} (${ind.summary.explanation})`);

    const order = { symbol: 'BTCUSD', side: 'BUY', order_type: 'MARKET', quote_quantity: '250' };
    say(
      '\n5. Preview a $250 buy of BTC  -> preview_order { symbol: "BTCUSD", side: "BUY", order_type: "MARKET", quote_quantity: "250" }',
    );
    const preview = await call('preview_order', order);
    say(
      `   quantity ${preview.quantity} BTC, notional $${money(preview.notional)}, fee ~${preview.estimatedFee} ${preview.feeAsset}` +
        `${preview.expectedAveragePrice ? `, expected average price ${money(preview.expectedAveragePrice)} (slippage ${preview.slippageBps} bps)` : ''}`,
    );
    say(
      `   risk check: ${preview.risk.allowed ? 'allowed' : `denied: ${preview.risk.denial.message}`}; needs ${preview.balance.needed} ${preview.balance.asset} of ${preview.balance.free} free`,
    );
    say(`   ${preview.verdict}`);

    say('\n6. Buy  -> place_order { ...same, action_id: "demo-buy-1", rationale: "..." }');
    const placed = await call('place_order', {
      ...order,
      action_id: 'demo-buy-1',
      rationale: 'Demo: a small BTC position after reviewing fees, candles and indicators.',
    });
    say(`   ${placed.summary}`);
    for (const f of placed.fills as Data[])
      say(
        `   fill: ${f.qty} @ ${money(f.price)} = $${money(f.quoteQty)}, commission ${f.commission} ${f.commissionAsset}`,
      );
    const again = await call('place_order', { ...order, action_id: 'demo-buy-1', rationale: 'retry' });
    say(
      `   retry with the same action_id: duplicate=${again.duplicate}, no second order (a host that lost the answer can safely ask again)`,
    );

    say(
      '\n7. A limit at work  -> place_order { quote_quantity: "5000", ... } with MAX_TRADE_SIZE_USD=1000 set by the operator',
    );
    const big = await call('place_order', {
      ...order,
      quote_quantity: '5000',
      action_id: 'demo-too-big',
      rationale: 'Demo: more than the operator allows.',
    });
    say(`   ${big.status}: ${big.denial?.code} — ${big.denial?.message}`);
    say("   The model cannot raise the limit: no tool changes it; only the operator's configuration does.");

    say('\n8. Portfolio  -> get_account');
    const account = await call('get_account');
    const nonZero = (account.balances as Data[]).filter((b) => Number(b.total) !== 0);
    say(table([['asset', 'free', 'locked', 'total'], ...nonZero.map((b) => [b.asset, b.free, b.locked, b.total])]));
    for (const p of account.positions as Data[]) {
      say(
        `   position ${p.asset}: ${p.quantity} at avg ${money(p.averageCost)}, worth $${money(p.marketValueUsd)}, unrealized P&L $${money(p.unrealizedPnlUsd)}`,
      );
    }
    const fill = (placed.fills as Data[])[0];
    const btc = (account.positions as Data[]).find((p) => p.asset === 'BTC');
    if (fill && btc) {
      say(
        `   Why the average cost (${money(btc.averageCost)}) is above the fill price (${money(fill.price)}): the ${fill.commission} ${fill.commissionAsset} fee was taken`,
      );
      say(
        `   out of the BTC bought, so $${money(placed.order.cummulativeQuoteQty)} paid for ${btc.quantity} BTC held, not ${placed.order.executedQty}. Selling at the average cost breaks even, before the sale's own fee.`,
      );
    }

    say(
      '\n9. The daily-loss breaker (MAX_DAILY_LOSS_USD=3): buy and sell $900 of BTC until fees and spread have cost $3',
    );
    let breaker: Data | undefined;
    for (let round = 1; round <= 8 && !breaker; round += 1) {
      const buy = await call('place_order', {
        ...order,
        quote_quantity: '900',
        action_id: `demo-round-${round}-buy`,
        rationale: 'Demo: a round trip that costs fees.',
      });
      if (buy.status === 'denied') {
        breaker = buy;
        break;
      }
      const qty = buy.order.executedQty as string;
      const held = (await call('get_account')).positions.find((p: Data) => p.asset === 'BTC');
      const sellQty = Math.min(Number(qty), Number(held?.quantity ?? 0)).toFixed(5);
      const sell = await call('place_order', {
        symbol: 'BTCUSD',
        side: 'SELL',
        order_type: 'MARKET',
        quantity: sellQty,
        action_id: `demo-round-${round}-sell`,
        rationale: 'Demo: close the round trip.',
      });
      const status = await call('get_risk_status');
      say(
        `   round ${round}: bought ${qty} BTC, sold ${sell.order?.executedQty ?? sellQty}; today's loss $${money(status.dailyLossUsd)}`,
      );
    }
    if (breaker) say(`   next buy ${breaker.status}: ${breaker.denial.code} — ${breaker.denial.message}`);
    say(
      '   Orders that reduce exposure stay allowed; buying resumes tomorrow (00:00 UTC) or after `binance-mcp risk reset`.',
    );

    const history24 = await call('get_trade_history', { limit: 50 });
    const risk = await call('get_risk_status');
    const final = await call('get_account');

    say('\nPortfolio summary');
    say(`   mode:             ${final.mode}`);
    say(`   portfolio value:  $${money(final.portfolioValueUsd)}`);
    say(
      `   unrealized P&L:   $${money(final.unrealizedPnlUsd)}   realized P&L: $${money(final.realizedPnlUsd)}   today: $${money(final.dailyPnlUsd)}`,
    );
    say(`   fills journaled:  ${history24.fills.length}`);
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

/**
 * Example client: the counterpart of the original llm_client_example.py.
 *
 *   mode 1 (default): one full trading cycle: look, decide, preview, buy, protect it with a stop, exit, report.
 *   mode 2: a monitoring loop: prices, portfolio and risk status every few seconds.
 *
 * Over HTTP (the server's token is shown on its stderr and kept in DATA_DIR/auth-token):
 *   npx tsx examples/llm-client.ts 1 --http http://127.0.0.1:8000 --token <token>
 * Over stdio (the client starts the server itself):
 *   npx tsx examples/llm-client.ts 2 --stdio --command "node dist/cli/main.js serve --stdio --no-http --market synthetic"
 *
 * The "model" here is a plain rule on the indicator summary, so the example runs without an LLM;
 * put your model's tool-calling loop where decide() is.
 */
import { Client, StreamableHTTPClientTransport, type CallToolResult } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';

type Data = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Options {
  mode: 1 | 2;
  http?: string | undefined;
  token?: string | undefined;
  command: string;
  symbol: string;
  iterations: number;
  intervalMs: number;
}

function parseArgs(argv: string[]): Options {
  const options: Options = {
    mode: 1,
    token: process.env.MCP_AUTH_TOKEN,
    command: 'binance-mcp serve --stdio --no-http',
    symbol: 'BTCUSD',
    iterations: 5,
    intervalMs: 5_000,
  };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    const next = () => argv[++i] ?? '';
    if (arg === '1' || arg === '2') options.mode = Number(arg) as 1 | 2;
    else if (arg === '--http') options.http = next();
    else if (arg === '--token') options.token = next();
    else if (arg === '--stdio') options.http = undefined;
    else if (arg === '--command') options.command = next();
    else if (arg === '--symbol') options.symbol = next().toUpperCase();
    else if (arg === '--iterations') options.iterations = Number(next());
    else if (arg === '--interval') options.intervalMs = Number(next()) * 1000;
    else throw new Error(`unknown argument ${arg}`);
  }
  return options;
}

async function connect(options: Options): Promise<Client> {
  const client = new Client({ name: 'llm-client-example', version: '1.0.0' }, { versionNegotiation: { mode: 'auto' } });
  if (options.http) {
    if (!options.token) throw new Error('--token (or MCP_AUTH_TOKEN) is needed over HTTP');
    await client.connect(
      new StreamableHTTPClientTransport(new URL('/mcp', options.http), {
        requestInit: { headers: { Authorization: `Bearer ${options.token}` } },
      }),
    );
  } else {
    const [command, ...args] = options.command.split(/\s+/).filter(Boolean);
    await client.connect(new StdioClientTransport({ command: command!, args, stderr: 'ignore' }));
  }
  return client;
}

async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<Data> {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  const text = result.content.map((c) => (c.type === 'text' ? c.text : '')).join(' ');
  if (result.isError) throw new Error(`${name}: ${text}`);
  return result.structuredContent as Data;
}

/** Where a model would reason; here a simple rule on the indicator summary: how much to put in, and why. */
function decideEntry(
  indicators: Data,
  freeUsd: number,
): { spendUsd: number; why: string } | { spendUsd: 0; why: string } {
  const overall = indicators.summary.overall as string;
  if (freeUsd < 30) return { spendUsd: 0, why: `only $${freeUsd.toFixed(2)} free: too little to open a position` };
  if (overall === 'BUY')
    return { spendUsd: 50, why: `indicators say BUY (${indicators.summary.buy} of 4 signals): a $50 position` };
  return { spendUsd: 25, why: `indicators say ${overall}: a small $25 starter position only, protected by a stop` };
}

const step = (n: number, text: string) => console.log(`\n${n}. ${text}`);

/** One full cycle: look, decide, preview, buy, protect it with a stop, then exit (cancel the stop, sell) and report. */
async function tradingWorkflow(client: Client, options: Options): Promise<void> {
  const run = Date.now().toString(36);
  const mode = await call(client, 'get_trading_mode');
  console.log(`Session mode: ${mode.mode}. ${mode.explanation}`);

  step(1, "Look: price, indicators, account, the symbol's rules");
  const contexts = await call(client, 'get_contexts', {
    context_types: ['market_data', 'account_state', 'technical_indicators'],
    symbols: [options.symbol],
    timeframe: '1h',
  });
  const quote = contexts.contexts.market_data[0];
  const indicators = contexts.contexts.technical_indicators[options.symbol];
  const account = contexts.contexts.account_state;
  const rules = await call(client, 'get_symbol_rules', { symbol: options.symbol });
  const base = rules.baseAsset as string;
  const freeUsd = Number((account.balances as Data[]).find((b) => b.asset === rules.quoteAsset)?.free ?? 0);
  console.log(
    `   ${options.symbol} ${quote.price} (24h ${quote.priceChangePercent24h}%), RSI ${indicators.values.rsi14?.toFixed(1)}, overall ${indicators.summary.overall}`,
  );
  console.log(
    `   portfolio $${account.portfolioValueUsd}, ${freeUsd} ${rules.quoteAsset} free; orders of at least ${rules.notional.min} ${rules.quoteAsset}, step ${rules.quantity.stepSize} ${base}`,
  );

  step(2, 'Decide');
  const entry = decideEntry(indicators, freeUsd);
  console.log(`   ${entry.spendUsd > 0 ? `BUY $${entry.spendUsd}` : 'HOLD'}: ${entry.why}`);
  if (entry.spendUsd === 0) return;

  step(3, 'Preview the buy');
  const buy = { symbol: options.symbol, side: 'BUY', order_type: 'MARKET', quote_quantity: String(entry.spendUsd) };
  const preview = await call(client, 'preview_order', buy);
  console.log(
    `   ~${preview.quantity} ${base} at ~${preview.expectedAveragePrice}, fee ~${preview.estimatedFee} ${preview.feeAsset}. ${preview.verdict}`,
  );
  if (!preview.placeable) return;

  step(4, 'Buy');
  const bought = await call(client, 'place_order', { ...buy, action_id: `example-${run}-buy`, rationale: entry.why });
  console.log(`   ${bought.summary}`);
  if (bought.status !== 'placed') return;
  const fillPrice = Number(bought.order.cummulativeQuoteQty) / Number(bought.order.executedQty);

  step(5, 'Protect it: a stop-limit SELL 2% under the fill, so a fall is cut short even if this client goes away');
  const held = (await call(client, 'get_account')).positions.find((p: Data) => p.asset === base);
  const quantity = held.quantity as string;
  const stopPrice = (fillPrice * 0.98).toFixed(2);
  const limitPrice = (fillPrice * 0.975).toFixed(2);
  const stop = await call(client, 'place_order', {
    symbol: options.symbol,
    side: 'SELL',
    order_type: 'STOP',
    quantity,
    stop_price: stopPrice,
    price: limitPrice,
    action_id: `example-${run}-stop`,
    rationale: `protective stop 2% under the ${fillPrice.toFixed(2)} fill`,
  });
  console.log(`   ${stop.summary}${stop.adjustments.length ? ` (${stop.adjustments.join('; ')})` : ''}`);
  console.log(
    `   ${quantity} ${base} held (the buy's fee came out of the ${base}), average cost ${held.averageCost}: fees included, so above the ${fillPrice.toFixed(2)} fill`,
  );

  step(
    6,
    'Exit: this example closes the cycle now (a real strategy would wait for its exit signal with the stop in place)',
  );
  if (stop.status === 'placed') {
    const canceled = await call(client, 'cancel_order', { symbol: options.symbol, action_id: `example-${run}-stop` });
    console.log(`   ${canceled.summary}: the stop locked the ${base}, so it goes before the sale`);
  }
  const sold = await call(client, 'place_order', {
    symbol: options.symbol,
    side: 'SELL',
    order_type: 'MARKET',
    quantity,
    action_id: `example-${run}-sell`,
    rationale: 'close the example cycle',
  });
  console.log(`   ${sold.summary}${sold.adjustments.length ? ` (${sold.adjustments.join('; ')})` : ''}`);

  step(7, 'What the cycle did');
  const after = await call(client, 'get_account');
  const fills = (await call(client, 'get_trade_history', { symbol: options.symbol, limit: 3 })).fills as Data[];
  for (const f of [...fills].reverse())
    console.log(`   ${f.timeIso} ${f.side} ${f.qty} @ ${f.price}, fee ${f.commission} ${f.commissionAsset}`);
  console.log(
    `   realized P&L $${Number(after.realizedPnlUsd).toFixed(4)} (fees and spread on both legs), portfolio $${Number(after.portfolioValueUsd).toFixed(2)}`,
  );
}

async function monitoringLoop(client: Client, options: Options): Promise<void> {
  for (let i = 1; i <= options.iterations; i += 1) {
    const [market, account, risk] = await Promise.all([
      call(client, 'get_market_data', { symbols: [options.symbol] }),
      call(client, 'get_account'),
      call(client, 'get_risk_status'),
    ]);
    const quote = market.quotes[0];
    console.log(
      `[${new Date().toISOString()}] ${account.mode} | ${options.symbol} ${quote.price} (bid ${quote.bidPrice} / ask ${quote.askPrice}) | ` +
        `portfolio $${account.portfolioValueUsd}, today $${account.dailyPnlUsd} | breaker ${risk.breaker.tripped ? 'TRIPPED' : 'ok'}`,
    );
    if (i < options.iterations) await new Promise((resolve) => setTimeout(resolve, options.intervalMs));
  }
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const client = await connect(options);
  try {
    if (options.mode === 1) await tradingWorkflow(client, options);
    else await monitoringLoop(client, options);
  } finally {
    await client.close();
  }
}

main().catch((error: unknown) => {
  console.error(`llm-client: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

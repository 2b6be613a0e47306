/**
 * Example client: the counterpart of the original llm_client_example.py.
 *
 *   mode 1 (default): a trading workflow: look at the market, read the indicators, decide, preview, place.
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
    await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', options.http), { requestInit: { headers: { Authorization: `Bearer ${options.token}` } } }));
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

/** Where a model would reason; here a simple rule on the indicator summary. */
function decide(indicators: Data, account: Data): { action: 'BUY' | 'SELL' | 'HOLD'; why: string } {
  const overall = indicators.summary.overall as string;
  const usd = Number((account.balances as Data[]).find((b) => b.asset === 'USD')?.free ?? 0);
  if (overall === 'BUY' && usd > 50) return { action: 'BUY', why: `indicators say BUY (${indicators.summary.explanation})` };
  if (overall === 'SELL') return { action: 'SELL', why: `indicators say SELL (${indicators.summary.explanation})` };
  return { action: 'HOLD', why: `indicators say ${overall}; nothing to do` };
}

async function tradingWorkflow(client: Client, options: Options): Promise<void> {
  const mode = await call(client, 'get_trading_mode');
  console.log(`Session mode: ${mode.mode}. ${mode.explanation}`);
  const contexts = await call(client, 'get_contexts', { context_types: ['market_data', 'account_state', 'technical_indicators'], symbols: [options.symbol], timeframe: '1h' });
  const quote = contexts.contexts.market_data[0];
  const indicators = contexts.contexts.technical_indicators[options.symbol];
  const account = contexts.contexts.account_state;
  console.log(`${options.symbol}: ${quote.price} (24h ${quote.priceChangePercent24h}%), RSI ${indicators.values.rsi14?.toFixed(1)}, overall ${indicators.summary.overall}`);
  console.log(`Portfolio value: $${account.portfolioValueUsd}`);
  const decision = decide(indicators, account);
  console.log(`Decision: ${decision.action}: ${decision.why}`);
  if (decision.action === 'HOLD') return;
  const base = options.symbol.replace(/USD$/, '');
  const held = Number((account.balances as Data[]).find((b) => b.asset === base)?.free ?? 0);
  if (decision.action === 'SELL' && held <= 0) {
    console.log(`Nothing to sell: no ${base} held.`);
    return;
  }
  const order = decision.action === 'BUY'
    ? { symbol: options.symbol, side: 'BUY', order_type: 'MARKET', quote_quantity: '50' }
    : { symbol: options.symbol, side: 'SELL', order_type: 'MARKET', quantity: String(held) };
  const preview = await call(client, 'preview_order', order);
  console.log(`Preview: ${preview.quantity} ${base}, notional ${preview.notional}, fee ~${preview.estimatedFee} ${preview.feeAsset}, risk ${preview.risk.allowed ? 'allowed' : preview.risk.denial.message}`);
  if (!preview.risk.allowed) return;
  const placed = await call(client, 'place_order', { ...order, action_id: `example-${Date.now()}`, rationale: decision.why });
  console.log(placed.summary);
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

import { ResourceTemplate, type McpServer, type ReadResourceResult } from '@modelcontextprotocol/server';
import { SYMBOL_PATTERN } from '../model/market.js';
import { deskFor, type ToolDeps } from './tools/common.js';

function json(uri: string, data: unknown): ReadResourceResult {
  return { contents: [{ uri, mimeType: 'application/json', text: JSON.stringify(data) }] };
}

/** Read-only views as resources: account, markets, risk status, and a ticker per symbol. */
export function registerResources(server: McpServer, deps: ToolDeps): void {
  server.registerResource(
    'account',
    'binance-mcp://account',
    {
      title: 'Account',
      description: "Balances, positions, P&L and portfolio value in the session's mode",
      mimeType: 'application/json',
    },
    async (uri) => json(uri.href, await deskFor(deps).account()),
  );
  server.registerResource(
    'markets',
    'binance-mcp://markets',
    {
      title: 'Markets',
      description: 'The first 200 trading pairs with status, price and 24h volume (list_markets pages through all)',
      mimeType: 'application/json',
    },
    async (uri) => json(uri.href, { mode: deps.session.mode, ...(await deps.app.market.listMarkets({ limit: 200 })) }),
  );
  server.registerResource(
    'risk-status',
    'binance-mcp://risk-status',
    {
      title: 'Risk status',
      description: "The operator's limits, today's loss and the circuit breaker",
      mimeType: 'application/json',
    },
    async (uri) => json(uri.href, await deskFor(deps).riskStatus()),
  );
  server.registerResource(
    'ticker',
    new ResourceTemplate('binance-mcp://ticker/{symbol}', { list: undefined }),
    {
      title: 'Ticker',
      description: 'Current quote and 24h statistics of one symbol, e.g. binance-mcp://ticker/BTCUSD',
      mimeType: 'application/json',
    },
    async (uri, variables) => {
      const raw = Array.isArray(variables.symbol) ? variables.symbol[0] : variables.symbol;
      const symbol = String(raw ?? '').toUpperCase();
      if (!SYMBOL_PATTERN.test(symbol))
        throw new Error(`symbol: "${String(raw)}" is not a trading pair such as BTCUSD`);
      const [quote] = await deps.app.market.quotes([symbol]);
      const [ticker] = await deps.app.market.tickers24h([symbol]);
      return json(uri.href, { mode: deps.session.mode, quote, ticker24h: ticker });
    },
  );
}

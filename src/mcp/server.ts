import { randomUUID } from 'node:crypto';
import { McpServer, type McpRequestContext, type McpServerFactory } from '@modelcontextprotocol/server';
import type { App } from '../app/app.js';
import { withLeanToolSchemas } from './lean-schema.js';
import { withSymbolHints } from './symbol-hints.js';
import { registerPrompts } from './prompts.js';
import { registerResources } from './resources.js';
import { McpSession } from '../requests/session.js';
import { TOOL_REGISTRARS } from './tools/index.js';

export const SERVER_NAME = 'binance-mcp';

export function instructionsFor(app: App): string {
  const live = app.live.available
    ? 'The operator enabled live trading: if the human chooses live, call set_trading_mode {"mode":"live"}; the human confirms it in the client (when asked, with a one-time code only the operator can give them; you never know it).'
    : `Live trading is not available (${app.live.reason}); tell the human only paper trading is possible.`;
  return [
    'binance-mcp: trade crypto on Binance.US, safely.',
    'At the start of a session, ask the human: "Do you want paper trading (simulated, no real money) or live trading (real money)?" ' +
      'Never choose for them. Every session starts in paper mode. ' +
      live,
    'Every result states its mode ("paper" or "live"). Limits (max trade size, position size, daily loss, orders per minute, symbols) are set by the operator; you cannot change them (get_risk_status shows them).',
    'Discovery: list_markets (what can I trade), get_fees, get_candles, get_indicators, get_market_data, get_order_book, get_ticker_24h, or get_contexts for several at once.',
    'Trading: preview_order first, then place_order with an action_id (a retry with the same action_id never places a second order) and a short rationale; cancel_order; get_account, get_orders, get_trade_history.',
  ].join('\n');
}

export interface McpServerFactoryOptions {
  /**
   * One session for every instance the factory makes (the HTTP endpoint, whose requests each get a
   * fresh instance). Without it each instance is its own session (stdio: one per connection).
   */
  sharedSession?: McpSession;
}

/** Builds one McpServer with every tool, resource and prompt, bound to one session. */
export function createMcpServer(app: App, session: McpSession): McpServer {
  const server = withSymbolHints(
    withLeanToolSchemas(
      new McpServer(
        { name: SERVER_NAME, title: 'Binance.US trading (paper by default)', version: app.version },
        { instructions: instructionsFor(app), capabilities: { tools: {}, resources: {}, prompts: {} } },
      ),
    ),
    app,
  );
  const deps = { app, session };
  for (const register of TOOL_REGISTRARS) register(server, deps);
  registerResources(server, deps);
  registerPrompts(server, deps);
  return server;
}

/** A factory for serveStdio / createMcpHandler: a fresh McpServer per connection (stdio) or request (HTTP). */
export function createMcpServerFactory(app: App, options: McpServerFactoryOptions = {}): McpServerFactory {
  return (_ctx: McpRequestContext) => createMcpServer(app, options.sharedSession ?? new McpSession(randomUUID()));
}

import type { McpServer } from '@modelcontextprotocol/server';
import * as z from 'zod';
import { symbol, timeframe } from '../requests/schemas.js';
import type { ToolDeps } from './tools/common.js';

const sessionArgs = z.object({
  goal: z.string().max(500).optional().describe('What the human wants to achieve, in their words'),
});
const reviewArgs = z.object({ symbol: symbol.default('BTCUSD'), timeframe: timeframe.default('1h') });

/** Prompts a host can offer its human: a trading session that starts with "paper or live?", and a market review. */
export function registerPrompts(server: McpServer, deps: ToolDeps): void {
  server.registerPrompt(
    'trading_session',
    {
      title: 'Start a trading session',
      description:
        'Starts a session by asking the human whether to trade on paper or live, then explores the market together.',
      argsSchema: sessionArgs,
    },
    ({ goal }) => {
      const live = deps.app.live.available
        ? 'Live trading is enabled by the operator; switching needs set_trading_mode and the human confirms it in the client.'
        : `Live trading is not available (${deps.app.live.reason}); only paper trading is possible.`;
      return {
        messages: [
          {
            role: 'user' as const,
            content: {
              type: 'text' as const,
              text:
                'Start a crypto trading session on Binance.US through the binance-mcp tools.\n' +
                '1. First ask me: "Do you want paper trading (simulated, no real money) or live trading (real money)?" ' +
                `and wait for my answer. ${live} The session is in ${deps.session.mode} mode now.\n` +
                '2. If I choose live, call set_trading_mode with mode "live"; otherwise stay in paper.\n' +
                '3. Then call get_account and get_risk_status and tell me what you see.\n' +
                '4. Before any order, call preview_order, show me the result, and only then place_order with an action_id and a rationale.' +
                (goal ? `\nMy goal: ${goal}` : ''),
            },
          },
        ],
      };
    },
  );
  server.registerPrompt(
    'market_review',
    {
      title: 'Review a market',
      description:
        'Reviews one market: price, 24h statistics, order book, candles and indicators, ending with a view and its risks.',
      argsSchema: reviewArgs,
    },
    ({ symbol: pair, timeframe: interval }) => ({
      messages: [
        {
          role: 'user' as const,
          content: {
            type: 'text' as const,
            text:
              `Review the ${pair} market on the ${interval} timeframe. Use get_market_data, get_ticker_24h, get_order_book, ` +
              `get_candles (timeframe ${interval}) and get_indicators (timeframe ${interval}); then summarize the trend, momentum, ` +
              'liquidity (spread and depth) and what the indicators signal, and say what would change the view. Do not place orders.',
          },
        },
      ],
    }),
  );
}

import * as z from 'zod';
import { limit, symbol, timeframe, timestamp } from '../schemas.js';
import { fitToBudget, ok, RESULT_BUDGET_CHARS } from '../results.js';
import { anyObject, guarded, output, type ToolRegistrar } from './common.js';

/** Built once: zod schemas are costly to build, and HTTP makes a server per request. */
const config = {
  title: 'Candles (OHLCV)',
  description:
    'Price history as candles, oldest first: open, high, low, close, volume, quote volume, trade count. ' +
    'Every Binance interval; up to 1000 candles; optional start_time/end_time (epoch ms or ISO date). ' +
    'When the answer would be too large the oldest candles are left out and olderEndTime says how to page back.',
  inputSchema: z.strictObject({
    symbol,
    timeframe: timeframe.default('1h'),
    limit: limit(1, 1000, 100).describe('Number of candles, 1-1000 (default 100)'),
    start_time: timestamp.optional().describe('First candle open time (epoch ms or ISO date)'),
    end_time: timestamp.optional().describe('Last candle open time (epoch ms or ISO date)'),
  }),
  outputSchema: output({
    symbol: z.string(),
    timeframe: z.string(),
    count: z.number().int(),
    candles: z.array(anyObject),
    omitted: z.number().int(),
    olderEndTime: z.number().nullable(),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
};

export const registerGetCandles: ToolRegistrar = (server, deps) => {
  server.registerTool(
    'get_candles',
    config,
    (args) =>
      guarded(deps, 'get_candles', async () => {
        const candles = await deps.app.market.candles(args.symbol, args.timeframe, {
          limit: args.limit,
          startTime: args.start_time,
          endTime: args.end_time,
        });
        const fitted = fitToBudget(candles, RESULT_BUDGET_CHARS - 1_000, true);
        const first = fitted.items[0];
        return ok(deps.session.mode, {
          symbol: args.symbol,
          timeframe: args.timeframe,
          count: fitted.items.length,
          candles: fitted.items,
          omitted: fitted.omitted,
          olderEndTime: fitted.omitted > 0 && first ? first.openTime - 1 : null,
        });
      }),
  );
};

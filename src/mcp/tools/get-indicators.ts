import * as z from 'zod';
import { symbol, timeframe } from '../../requests/schemas.js';
import { ok } from '../results.js';
import { anyObject, guarded, output, type ToolRegistrar } from './common.js';

/** Built once: zod schemas are costly to build, and HTTP makes a server per request. */
const config = {
  title: 'Technical indicators',
  description:
    'RSI(14), MACD(12,26,9), SMA 20/50, EMA 12/26, Bollinger(20,2) with BUY/SELL/NEUTRAL signals and an overall summary.',
  inputSchema: z.strictObject({ symbol, timeframe: timeframe.default('1h') }),
  outputSchema: output({
    symbol: z.string(),
    interval: z.string(),
    values: anyObject,
    signals: anyObject,
    summary: anyObject,
    warnings: z.array(z.string()),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
};

export const registerGetIndicators: ToolRegistrar = (server, deps) => {
  server.registerTool('get_indicators', config, (args) =>
    guarded(deps, 'get_indicators', async () => {
      const report = await deps.app.market.indicators(args.symbol, args.timeframe);
      return ok(deps.session.mode, { ...report });
    }),
  );
};

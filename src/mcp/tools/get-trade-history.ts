import * as z from 'zod';
import { limit, symbol } from '../../requests/schemas.js';
import { fitToBudget, ok, RESULT_BUDGET_CHARS } from '../results.js';
import { anyObject, deskFor, guarded, output, type ToolRegistrar } from './common.js';

/** Built once: zod schemas are costly to build, and HTTP makes a server per request. */
const config = {
  title: 'Trade history',
  description: 'Fills of this mode, newest first: price, qty, quote amount, fee and its asset, maker/taker, time.',
  inputSchema: z.strictObject({
    symbol: symbol.optional(),
    limit: limit(1, 1000, 50),
  }),
  outputSchema: output({ fills: z.array(anyObject), omitted: z.number().int() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
};

export const registerGetTradeHistory: ToolRegistrar = (server, deps) => {
  server.registerTool('get_trade_history', config, (args) =>
    guarded(deps, 'get_trade_history', async () => {
      const fills = await deskFor(deps).tradeHistory({ symbol: args.symbol, limit: args.limit });
      const fitted = fitToBudget(fills, RESULT_BUDGET_CHARS - 500);
      return ok(deps.session.mode, { fills: fitted.items, omitted: fitted.omitted });
    }),
  );
};

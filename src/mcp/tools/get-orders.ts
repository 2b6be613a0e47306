import * as z from 'zod';
import { limit, symbol } from '../../requests/schemas.js';
import { fitToBudget, ok, RESULT_BUDGET_CHARS } from '../results.js';
import { anyObject, deskFor, guarded, output, type ToolRegistrar } from './common.js';

/** Built once: zod schemas are costly to build, and HTTP makes a server per request. */
const config = {
  title: 'Orders',
  description: 'Orders of this mode, newest first, from the journal; open_only=true for working orders.',
  inputSchema: z.strictObject({
    symbol: symbol.optional(),
    open_only: z.boolean({ error: 'must be true or false' }).default(false),
    limit: limit(1, 500, 50),
  }),
  outputSchema: output({ orders: z.array(anyObject), omitted: z.number().int() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
};

export const registerGetOrders: ToolRegistrar = (server, deps) => {
  server.registerTool('get_orders', config, (args) =>
    guarded(deps, 'get_orders', async () => {
      const orders = await deskFor(deps).orders({ symbol: args.symbol, openOnly: args.open_only, limit: args.limit });
      const fitted = fitToBudget(orders, RESULT_BUDGET_CHARS - 500);
      return ok(deps.session.mode, { orders: fitted.items, omitted: fitted.omitted });
    }),
  );
};

import * as z from 'zod';
import { trailingTrigger } from '../../model/order.js';
import { limit, symbol } from '../../requests/schemas.js';
import { fitToBudget, ok, RESULT_BUDGET_CHARS } from '../results.js';
import { anyObject, deskFor, guarded, output, type ToolRegistrar } from './common.js';
import { compactViews } from './list-results.js';

/** Built once: zod schemas are costly to build, and HTTP makes a server per request. */
const config = {
  title: 'Orders',
  description: 'Journaled orders and OCO/bracket lists, newest first; open_only=true: working ones.',
  inputSchema: z.strictObject({
    symbol: symbol.optional(),
    open_only: z.boolean({ error: 'must be true or false' }).default(false),
    limit: limit(1, 500, 50),
  }),
  outputSchema: output({ orders: z.array(anyObject), lists: z.array(anyObject), omitted: z.number().int() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
};

export const registerGetOrders: ToolRegistrar = (server, deps) => {
  server.registerTool('get_orders', config, (args) =>
    guarded(deps, 'get_orders', async () => {
      const desk = deskFor(deps);
      const journaled = await desk.orders({ symbol: args.symbol, openOnly: args.open_only, limit: args.limit });
      // A tracking trailing stop says where it triggers now.
      const orders = journaled.map((order) => {
        const trigger = trailingTrigger(order);
        return trigger === undefined ? order : { ...order, trailingTrigger: trigger };
      });
      // OCOs and brackets with their legs, compactly (the legs also appear among the orders).
      const lists = fitToBudget(
        compactViews(await desk.orderLists({ symbol: args.symbol, openOnly: args.open_only, limit: 20 })),
        8_000,
      );
      const fitted = fitToBudget(orders, RESULT_BUDGET_CHARS - 500 - JSON.stringify(lists.items).length);
      return ok(deps.session.mode, {
        orders: fitted.items,
        lists: lists.items,
        omitted: fitted.omitted + lists.omitted,
      });
    }),
  );
};

import * as z from 'zod';
import { symbol } from '../../requests/schemas.js';
import { invalid, ok } from '../results.js';
import { anyObject, deskFor, guarded, output, type ToolRegistrar } from './common.js';
import { compactList } from './list-results.js';

/** Built once: zod schemas are costly to build, and HTTP makes a server per request. */
const config = {
  title: 'Cancel an order list',
  description: 'Cancels an OCO or a bracket (id from get_orders).',
  inputSchema: z.strictObject({
    symbol,
    order_list_id: z.union([z.string().min(1).max(64), z.number().int().min(0)], {
      error: 'must be a list id from get_orders',
    }),
  }),
  outputSchema: output({ status: z.string(), list: anyObject.optional(), summary: z.string() }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
};

export const registerCancelOrderList: ToolRegistrar = (server, deps) => {
  server.registerTool('cancel_order_list', config, (args) =>
    guarded(deps, 'cancel_order_list', async () => {
      const outcome = await deskFor(deps).cancelOrderList({
        symbol: args.symbol,
        orderListId: String(args.order_list_id),
        origin: 'mcp',
      });
      if (outcome.status === 'invalid' && outcome.error)
        return invalid(outcome.mode, outcome.error.field, outcome.error.message);
      const summary =
        outcome.status === 'canceled'
          ? `${outcome.mode.toUpperCase()}: canceled ${outcome.list?.kind ?? 'list'} ${outcome.list?.listClientOrderId ?? ''}${outcome.note ? `; ${outcome.note}` : ''}`
          : `${outcome.mode.toUpperCase()}: cancel rejected: ${outcome.rejection?.msg ?? ''} (code ${outcome.rejection?.code}). ${outcome.rejection?.explanation ?? ''}`;
      return ok(outcome.mode, {
        status: outcome.status,
        ...(outcome.list ? { list: compactList(outcome.list, outcome.orders) } : {}),
        ...(outcome.rejection ? { rejection: outcome.rejection } : {}),
        summary,
      });
    }),
  );
};

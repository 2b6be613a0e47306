import * as z from 'zod';
import { clientOrderIdFor } from '../../app/client-order-id.js';
import { actionId, symbol } from '../../requests/schemas.js';
import { invalid, ok } from '../results.js';
import { anyObject, deskFor, guarded, output, type ToolRegistrar } from './common.js';

/** Built once: zod schemas are costly to build, and HTTP makes a server per request. */
const config = {
  title: 'Cancel an order',
  description: 'Cancels an open order by order_id or its action_id; says when an order had already filled or ended.',
  inputSchema: z.strictObject({
    symbol,
    order_id: z
      .union([z.string().min(1).max(64), z.number().int().min(0)], { error: 'must be the order id from get_orders' })
      .optional(),
    action_id: actionId.optional(),
  }),
  outputSchema: output({
    status: z.enum(['canceled', 'rejected', 'invalid']),
    order: anyObject.optional(),
    rejection: anyObject.optional(),
    summary: z.string(),
  }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
};

export const registerCancelOrder: ToolRegistrar = (server, deps) => {
  server.registerTool('cancel_order', config, (args) =>
    guarded(deps, 'cancel_order', async () => {
      const mode = deps.session.mode;
      if (args.order_id === undefined && args.action_id === undefined)
        return invalid(
          mode,
          'order_id',
          'give order_id or action_id',
          'the order id from get_orders, or the action_id used to place it',
        );
      if (args.order_id !== undefined && args.action_id !== undefined)
        return invalid(mode, 'order_id', 'give order_id or action_id, not both');
      const outcome = await deskFor(deps).cancelOrder({
        symbol: args.symbol,
        orderId: args.order_id === undefined ? undefined : String(args.order_id),
        clientOrderId: args.action_id === undefined ? undefined : clientOrderIdFor(args.action_id),
        origin: 'mcp',
      });
      if (outcome.status === 'invalid' && outcome.error)
        return invalid(outcome.mode, outcome.error.field, outcome.error.message);
      const summary =
        outcome.status === 'canceled'
          ? `${outcome.mode.toUpperCase()}: canceled order ${outcome.order?.orderId ?? ''} (${outcome.order?.symbol ?? args.symbol})`
          : `${outcome.mode.toUpperCase()}: cancel rejected: ${outcome.rejection?.msg ?? ''} (code ${outcome.rejection?.code}). ` +
            (outcome.rejection?.explanation ??
              `No open order ${args.order_id ?? args.action_id} on ${args.symbol} in the ${outcome.mode} journal: see get_orders.`);
      const { mode: _mode, ...rest } = outcome;
      return ok(outcome.mode, { ...rest, summary });
    }),
  );
};

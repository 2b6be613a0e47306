import * as z from 'zod';
import type { ReplaceOrderOutcome } from '../../app/api.js';
import { describeReplace, toReplaceOrderInput } from '../../requests/order-args.js';
import { actionId, decimalText, listedAsString, orderId, rationale, symbol } from '../../requests/schemas.js';
import { invalid, ok } from '../results.js';
import { anyObject, deskFor, guarded, output, type ToolRegistrar } from './common.js';

/** Built once: zod schemas are costly to build, and HTTP makes a server per request. */
const config = {
  title: 'Replace an order',
  description:
    "Binance's cancelReplace: cancels order_id, places it anew with changes (allow_failure: even if cancel fails).",
  inputSchema: z.strictObject({
    symbol,
    order_id: orderId,
    quantity: decimalText.optional(),
    price: decimalText.optional(),
    stop_price: decimalText.optional(),
    allow_failure: z.boolean().optional(),
    action_id: listedAsString(actionId).optional(),
    rationale: listedAsString(rationale).optional(),
  }),
  outputSchema: output({
    status: z.enum(['placed', 'denied', 'rejected', 'unknown', 'invalid', 'expired']),
    duplicate: z.boolean(),
    clientOrderId: z.string(),
    canceled: anyObject,
    order: anyObject.optional(),
    summary: z.string(),
  }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
};

/** The old order in a few fields: the model needs what happened to it, not its whole record. */
function compactCancel(outcome: ReplaceOrderOutcome) {
  const c = outcome.canceled;
  return {
    status: c.status,
    ...(c.order ? { orderId: c.order.orderId, orderStatus: c.order.status, executedQty: c.order.executedQty } : {}),
    ...(c.rejection ? { rejection: c.rejection } : {}),
  };
}

export const registerReplaceOrder: ToolRegistrar = (server, deps) => {
  server.registerTool('replace_order', config, (args) =>
    guarded(deps, 'replace_order', async () => {
      const outcome = await deskFor(deps).replaceOrder(toReplaceOrderInput(args, 'mcp'));
      if (outcome.status === 'invalid' && outcome.error)
        return invalid(outcome.mode, outcome.error.field, outcome.error.message);
      const { mode: _mode, canceled: _canceled, ...rest } = outcome;
      return ok(outcome.mode, { ...rest, canceled: compactCancel(outcome), summary: describeReplace(outcome) });
    }),
  );
};

import * as z from 'zod';
import { actionId, deadlineMs, orderFields, rationale } from '../../requests/schemas.js';
import { invalid, ok } from '../results.js';
import { anyObject, deskFor, guarded, output, type ToolRegistrar } from './common.js';
import { describeOutcome, toPlaceOrderInput } from '../../requests/order-args.js';

/** Built once: zod schemas are costly to build, and HTTP makes a server per request. */
const config = {
  title: 'Place an order',
  description:
    "Places an order in this session's mode under the operator's limits. " +
    'A repeated action_id returns the first outcome, never a second order.',
  inputSchema: z.strictObject({
    ...orderFields,
    action_id: actionId.optional().describe('Idempotency key; reuse it to retry'),
    rationale: rationale.optional().describe('Why (journaled)'),
    deadline_ms: deadlineMs.optional().describe('Not sent after this many ms (status expired)'),
    trailing_delta: z.number().int().optional(),
  }),
  outputSchema: output({
    status: z.enum(['placed', 'denied', 'rejected', 'unknown', 'invalid', 'expired']),
    duplicate: z.boolean(),
    clientOrderId: z.string(),
    order: anyObject.optional(),
    fills: z.array(anyObject),
    adjustments: z.array(z.string()),
    summary: z.string(),
  }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
};

export const registerPlaceOrder: ToolRegistrar = (server, deps) => {
  server.registerTool('place_order', config, (args) =>
    guarded(deps, 'place_order', async () => {
      const outcome = await deskFor(deps).placeOrder(toPlaceOrderInput(args, 'mcp'));
      if (outcome.status === 'invalid' && outcome.error)
        return invalid(outcome.mode, outcome.error.field, outcome.error.message);
      const { mode: _mode, ...rest } = outcome;
      return ok(outcome.mode, { ...rest, summary: describeOutcome(outcome) });
    }),
  );
};

import * as z from 'zod';
import { actionId, deadlineMs, orderFields, rationale } from '../schemas.js';
import { invalid, ok } from '../results.js';
import { anyObject, deskFor, guarded, output, type ToolRegistrar } from './common.js';
import { describeOutcome, toPlaceOrderInput } from './order-input.js';

/** Built once: zod schemas are costly to build, and HTTP makes a server per request. */
const config = {
  title: 'Place an order',
  description:
    "Places an order in the session's mode (paper by default; live only after the human confirmed it). MARKET, LIMIT, " +
    'LIMIT_MAKER, STOP (stop-limit) or TAKE_PROFIT (take-profit-limit); quantity in the base asset or, for MARKET, ' +
    'quote_quantity in the quote asset. Give an action_id: a retry with the same action_id returns the first outcome ' +
    'and never places a second order; a different order needs a new action_id. The rationale is kept in the journal. Risk limits are enforced here, whatever the preview said.',
  inputSchema: z.strictObject({
    ...orderFields,
    action_id: actionId.optional().describe('Your idempotency key for this order; reuse it when retrying'),
    rationale: rationale.optional().describe('Why you are placing this order (journaled)'),
    deadline_ms: deadlineMs.optional().describe('How long you will wait, in ms: an order not sent to the venue by then is not sent (status expired). The server default ORDER_DEADLINE_MS is also the maximum.'),
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
  server.registerTool(
    'place_order',
    config,
    (args) =>
      guarded(deps, 'place_order', async () => {
        const outcome = await deskFor(deps).placeOrder(toPlaceOrderInput(args, 'mcp'));
        if (outcome.status === 'invalid' && outcome.error) return invalid(outcome.mode, outcome.error.field, outcome.error.message);
        const { mode: _mode, ...rest } = outcome;
        return ok(outcome.mode, { ...rest, summary: describeOutcome(outcome) });
      }),
  );
};

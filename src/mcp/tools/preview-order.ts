import * as z from 'zod';
import { orderFields } from '../schemas.js';
import { ok } from '../results.js';
import { anyObject, deskFor, guarded, output, type ToolRegistrar } from './common.js';
import { toPlaceOrderInput } from './order-input.js';

/** Built once: zod schemas are costly to build, and HTTP makes a server per request. */
const config = {
  title: 'Preview an order',
  description:
    'Dry run of place_order: rounding, notional, fee, expected price, balance needed vs free, risk verdict, ' +
    'rejection with the fix; placeable says if place_order would accept it.',
  inputSchema: z.strictObject(orderFields),
  outputSchema: output({
    symbol: z.string(),
    side: z.string(),
    type: z.string(),
    quantity: z.string(),
    notional: z.string(),
    estimatedFee: z.string(),
    risk: anyObject,
    wouldRest: z.boolean(),
    adjustments: z.array(z.string()),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
};

export const registerPreviewOrder: ToolRegistrar = (server, deps) => {
  server.registerTool(
    'preview_order',
    config,
    (args) =>
      guarded(deps, 'preview_order', async () => {
        const preview = await deskFor(deps).previewOrder(toPlaceOrderInput(args, 'mcp'));
        return ok(deps.session.mode, { ...preview });
      }),
  );
};

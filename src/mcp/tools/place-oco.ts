import * as z from 'zod';
import { actionId, decimalText, listedAsString, side, symbol } from '../../requests/schemas.js';
import { anyObject, deskFor, guarded, output, type ToolRegistrar } from './common.js';
import { listPlacementResult } from './list-results.js';

/** Built once: zod schemas are costly to build, and HTTP makes a server per request. */
const config = {
  title: 'Place an OCO',
  description: 'OCO: take-profit+stop, one cancels the other',
  inputSchema: z.strictObject({
    symbol,
    side,
    quantity: decimalText,
    price: decimalText.describe('TP'),
    stop_price: decimalText,
    stop_limit_price: decimalText.optional(),
    trailing_delta: z.number().int().optional(),
    action_id: listedAsString(actionId).optional(),
  }),
  outputSchema: output({ status: z.string(), duplicate: z.boolean(), list: anyObject.optional(), summary: z.string() }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
};

export const registerPlaceOco: ToolRegistrar = (server, deps) => {
  server.registerTool('place_oco', config, (args) =>
    guarded(deps, 'place_oco', async () => {
      const outcome = await deskFor(deps).placeOco({
        symbol: args.symbol,
        side: args.side,
        quantity: args.quantity,
        price: args.price,
        stopPrice: args.stop_price,
        stopLimitPrice: args.stop_limit_price,
        trailingDelta: args.trailing_delta,
        actionId: args.action_id,
        origin: 'mcp',
      });
      return listPlacementResult('OCO', outcome);
    }),
  );
};

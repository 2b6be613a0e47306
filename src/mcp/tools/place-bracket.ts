import * as z from 'zod';
import { actionId, decimalText, listedAsString, rationale, side, symbol } from '../../requests/schemas.js';
import { anyObject, deskFor, guarded, output, type ToolRegistrar } from './common.js';
import { listPlacementResult } from './list-results.js';

/** Built once: zod schemas are costly to build, and HTTP makes a server per request. */
const config = {
  title: 'Place a bracket',
  description: 'Entry, then an OCO (take-profit+stop) per fill.',
  inputSchema: z.strictObject({
    symbol,
    side,
    quantity: decimalText,
    order_type: z.enum(['MARKET', 'LIMIT'], { error: 'must be MARKET or LIMIT' }).default('MARKET'),
    price: decimalText.optional(),
    take_profit_price: decimalText,
    stop_price: decimalText,
    stop_limit_price: decimalText.optional(),
    trailing_delta: z.number().int().optional(),
    action_id: listedAsString(actionId).optional(),
    rationale: listedAsString(rationale).optional(),
  }),
  outputSchema: output({ status: z.string(), duplicate: z.boolean(), list: anyObject.optional(), summary: z.string() }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
};

export const registerPlaceBracket: ToolRegistrar = (server, deps) => {
  server.registerTool('place_bracket', config, (args) =>
    guarded(deps, 'place_bracket', async () => {
      const outcome = await deskFor(deps).placeBracket({
        symbol: args.symbol,
        side: args.side,
        quantity: args.quantity,
        orderType: args.order_type,
        price: args.price,
        takeProfitPrice: args.take_profit_price,
        stopPrice: args.stop_price,
        stopLimitPrice: args.stop_limit_price,
        trailingDelta: args.trailing_delta,
        actionId: args.action_id,
        rationale: args.rationale,
        origin: 'mcp',
      });
      return listPlacementResult('bracket', outcome);
    }),
  );
};

import * as z from 'zod';
import { symbol } from '../../requests/schemas.js';
import { ok } from '../results.js';
import { symbolRules } from '../symbol-rules.js';
import { anyObject, guarded, output, type ToolRegistrar } from './common.js';

/** Built once: zod schemas are costly to build, and HTTP makes a server per request. */
const config = {
  title: 'Trading rules of a symbol',
  description:
    "A symbol's order rules: types, tick, step, price and quantity limits, notional, limit-price range now, fees.",
  inputSchema: z.strictObject({ symbol }),
  outputSchema: output({
    symbol: z.string(),
    status: z.string(),
    orderTypes: z.array(z.string()),
    price: anyObject,
    quantity: anyObject,
    notional: anyObject,
    notes: z.array(z.string()),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
};

export const registerGetSymbolRules: ToolRegistrar = (server, deps) => {
  server.registerTool('get_symbol_rules', config, (args) =>
    guarded(deps, 'get_symbol_rules', async () => {
      const [market, quotes] = await Promise.all([
        deps.app.market.market(args.symbol),
        deps.app.market.quotes([args.symbol]),
      ]);
      return ok(deps.session.mode, symbolRules(market, quotes[0]?.price ?? null));
    }),
  );
};

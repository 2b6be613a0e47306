import * as z from 'zod';
import { symbols } from '../../requests/schemas.js';
import { ok } from '../results.js';
import { anyObject, guarded, output, type ToolRegistrar } from './common.js';

/** Built once: zod schemas are costly to build, and HTTP makes a server per request. */
const config = {
  title: 'Market data',
  description: 'Price, bid/ask, spread, 24h volume, high, low and change, per symbol.',
  inputSchema: z.strictObject({ symbols: symbols.describe('e.g. ["BTCUSD"]') }),
  outputSchema: output({ quotes: z.array(anyObject) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
};

export const registerGetMarketData: ToolRegistrar = (server, deps) => {
  server.registerTool('get_market_data', config, (args) =>
    guarded(deps, 'get_market_data', async () =>
      ok(deps.session.mode, { quotes: await deps.app.market.quotes(args.symbols) }),
    ),
  );
};

import * as z from 'zod';
import { limit } from '../schemas.js';
import { ok } from '../results.js';
import { anyObject, guarded, nextCursor, output, type ToolRegistrar } from './common.js';

/** Built once: zod schemas are costly to build, and HTTP makes a server per request. */
const config = {
  title: 'List markets',
  description:
    'What can I trade? Every trading pair on the venue with base/quote asset, status, last price and 24h volume. ' +
    'Filter by quote_asset (e.g. USD, USDT), status (e.g. TRADING) or search text; results page with cursor.',
  inputSchema: z.strictObject({
    quote_asset: z.string().max(12).optional().describe('Only pairs quoted in this asset, e.g. USD'),
    status: z.string().max(20).optional().describe('Only pairs with this status, e.g. TRADING or HALT'),
    search: z.string().max(40).optional().describe('Text to look for in the symbol or asset names'),
    cursor: z.number().int().min(0, 'must be 0 or more').optional().describe('From the previous page\'s nextCursor'),
    limit: limit(1, 200, 50).describe('Markets per page, 1-200 (default 50)'),
  }),
  outputSchema: output({ markets: z.array(anyObject), total: z.number().int(), nextCursor }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
};

export const registerListMarkets: ToolRegistrar = (server, deps) => {
  server.registerTool(
    'list_markets',
    config,
    (args) =>
      guarded(deps, 'list_markets', async () => {
        const page = await deps.app.market.listMarkets({
          quoteAsset: args.quote_asset?.toUpperCase(),
          status: args.status?.toUpperCase(),
          search: args.search,
          cursor: args.cursor,
          limit: args.limit,
        });
        return ok(deps.session.mode, { markets: page.markets, total: page.total, nextCursor: page.nextCursor });
      }),
  );
};

import * as z from 'zod';
import { limit, symbol } from '../schemas.js';
import { fitToBudget, ok, RESULT_BUDGET_CHARS } from '../results.js';
import { anyObject, guarded, output, type ToolRegistrar } from './common.js';

const level = z.tuple([z.string(), z.string()]);

/** Built once: zod schemas are costly to build, and HTTP makes a server per request. */
const config = {
  title: 'Order book',
  description:
    'Order book depth for a symbol. By default a summary: best bid/ask, spread, depth within ±1% and ±5% of the mid price ' +
    'and the top levels. With full=true also the levels themselves (up to limit per side, cut to fit the result size).',
  inputSchema: z.strictObject({
    symbol,
    limit: limit(1, 5000, 100).describe('Levels per side to fetch, 1-5000 (default 100)'),
    full: z.boolean({ error: 'must be true or false' }).default(false).describe('Include every fetched level, not only the summary'),
  }),
  outputSchema: output({
    summary: anyObject,
    bids: z.array(level).optional(),
    asks: z.array(level).optional(),
    levelsOmitted: z.number().int().optional(),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
};

export const registerGetOrderBook: ToolRegistrar = (server, deps) => {
  server.registerTool(
    'get_order_book',
    config,
    (args) =>
      guarded(deps, 'get_order_book', async () => {
        const { summary, book } = await deps.app.market.orderBook(args.symbol, args.limit);
        if (!args.full) return ok(deps.session.mode, { summary });
        const bids = fitToBudget(book.bids, RESULT_BUDGET_CHARS / 2 - 2_000);
        const asks = fitToBudget(book.asks, RESULT_BUDGET_CHARS / 2 - 2_000);
        const omitted = bids.omitted + asks.omitted;
        return ok(deps.session.mode, {
          summary,
          bids: bids.items,
          asks: asks.items,
          ...(omitted > 0 ? { levelsOmitted: omitted, note: `${omitted} deeper levels left out to keep the result small; the summary covers the whole fetched book.` } : {}),
        });
      }),
  );
};

import * as z from 'zod';
import { limit, symbol } from '../../requests/schemas.js';
import { fitToBudget, ok, RESULT_BUDGET_CHARS } from '../results.js';
import { anyObject, guarded, output, type ToolRegistrar } from './common.js';

const level = z.tuple([z.string(), z.string()]);
/** The venue's deepest answer: the summary's ±1%/±5% bands are computed from it when the asked depth ends inside a band. */
const DEEPEST = 5000;

/** Built once: zod schemas are costly to build, and HTTP makes a server per request. */
const config = {
  title: 'Order book',
  description:
    'Best bid/ask, spread, depth within ±1%/±5% of mid, top 10 levels; full=true adds the levels [price, qty].',
  inputSchema: z.strictObject({
    symbol,
    limit: limit(1, 5000, 100).describe('Levels per side'),
    full: z.boolean({ error: 'must be true or false' }).default(false),
  }),
  outputSchema: output({
    summary: anyObject,
    bids: z.array(level).optional(),
    asks: z.array(level).optional(),
    levelsOmitted: z.number().optional(),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
};

export const registerGetOrderBook: ToolRegistrar = (server, deps) => {
  server.registerTool('get_order_book', config, (args) =>
    guarded(deps, 'get_order_book', async () => {
      let { summary, book } = await deps.app.market.orderBook(args.symbol, args.limit);
      if (args.limit < DEEPEST && summary.depth.some((d) => !d.complete)) {
        const deeper = await deps.app.market.orderBook(args.symbol, DEEPEST);
        summary = deeper.summary;
        book = {
          ...deeper.book,
          bids: deeper.book.bids.slice(0, args.limit),
          asks: deeper.book.asks.slice(0, args.limit),
        };
      }
      if (!args.full) return ok(deps.session.mode, { summary });
      const bids = fitToBudget(book.bids, RESULT_BUDGET_CHARS / 2 - 2_000);
      const asks = fitToBudget(book.asks, RESULT_BUDGET_CHARS / 2 - 2_000);
      const omitted = bids.omitted + asks.omitted;
      return ok(deps.session.mode, {
        summary,
        bids: bids.items,
        asks: asks.items,
        ...(omitted > 0
          ? {
              levelsOmitted: omitted,
              note: `${omitted} deeper levels left out to keep the result small; the summary covers them.`,
            }
          : {}),
      });
    }),
  );
};

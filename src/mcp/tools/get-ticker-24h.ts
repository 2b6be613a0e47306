import * as z from 'zod';
import { limit, symbols } from '../../requests/schemas.js';
import { ok } from '../results.js';
import { anyObject, guarded, nextCursor, output, type ToolRegistrar } from './common.js';

/** Built once: zod schemas are costly to build, and HTTP makes a server per request. */
const config = {
  title: '24h ticker statistics',
  description:
    'Rolling 24h stats (change, average, open/high/low, bid/ask, volumes, trades); all symbols, paged, when omitted.',
  inputSchema: z.strictObject({
    symbols: symbols.optional().describe('Omit for all'),
    cursor: z.number().int().min(0, 'must be 0 or more').optional().describe('From nextCursor'),
    limit: limit(1, 100, 25),
  }),
  outputSchema: output({ tickers: z.array(anyObject), total: z.number().int(), nextCursor }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
};

export const registerGetTicker24h: ToolRegistrar = (server, deps) => {
  server.registerTool('get_ticker_24h', config, (args) =>
    guarded(deps, 'get_ticker_24h', async () => {
      const all = await deps.app.market.tickers24h(args.symbols);
      if (args.symbols) return ok(deps.session.mode, { tickers: all, total: all.length, nextCursor: null });
      const sorted = [...all].sort((a, b) => a.symbol.localeCompare(b.symbol));
      const start = args.cursor ?? 0;
      const page = sorted.slice(start, start + args.limit);
      const next = start + page.length < sorted.length ? start + page.length : null;
      return ok(deps.session.mode, { tickers: page, total: sorted.length, nextCursor: next });
    }),
  );
};

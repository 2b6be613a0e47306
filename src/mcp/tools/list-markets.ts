import * as z from 'zod';
import { limit } from '../../requests/schemas.js';
import { ok } from '../results.js';
import { requestableTypes, RULE_COLUMNS, ruleRow } from '../symbol-rules.js';
import { guarded, nextCursor, output, type ToolRegistrar } from './common.js';

const COLUMNS = ['symbol', 'base', 'quote', 'status', 'price', 'quoteVolume24h', ...RULE_COLUMNS] as const;

/** Built once: zod schemas are costly to build, and HTTP makes a server per request. */
const config = {
  title: 'List markets',
  description:
    'What can I trade? A row per pair: assets, status, price, 24h quote volume, rules (tick, step, min qty, notional, price band).',
  inputSchema: z.strictObject({
    quote_asset: z.string().max(12).optional().describe('e.g. USD'),
    status: z.string().max(20).optional().describe('e.g. TRADING'),
    search: z.string().max(40).optional().describe('Text in the symbol or asset names'),
    cursor: z.number().int().min(0, 'must be 0 or more').optional().describe('From nextCursor'),
    limit: limit(1, 200, 50),
  }),
  outputSchema: output({
    columns: z.array(z.string()),
    rows: z.array(z.array(z.unknown())),
    total: z.number(),
    nextCursor,
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
};

export const registerListMarkets: ToolRegistrar = (server, deps) => {
  server.registerTool('list_markets', config, (args) =>
    guarded(deps, 'list_markets', async () => {
      const page = await deps.app.market.listMarkets({
        quoteAsset: args.quote_asset?.toUpperCase(),
        status: args.status?.toUpperCase(),
        search: args.search,
        cursor: args.cursor,
        limit: args.limit,
      });
      const markets = await Promise.all(page.markets.map((m) => deps.app.market.market(m.symbol)));
      const types = markets.map((m) => requestableTypes(m).join(' '));
      const sameTypes = types.every((t) => t === types[0]);
      const rows = page.markets.map((m, i) => [
        m.symbol,
        m.baseAsset,
        m.quoteAsset,
        m.status,
        m.price,
        m.quoteVolume24h,
        ...ruleRow(markets[i]!),
        ...(sameTypes ? [] : [types[i]]),
      ]);
      return ok(deps.session.mode, {
        columns: sameTypes ? COLUMNS : [...COLUMNS, 'orderTypes'],
        rows,
        ...(sameTypes && types[0] ? { orderTypes: types[0].split(' ') } : {}),
        total: page.total,
        nextCursor: page.nextCursor,
        note: 'priceBand: a limit price must lie within these multiples of the average price. Spot only, no margin.',
      });
    }),
  );
};

import * as z from 'zod';
import { ok } from '../results.js';
import { anyObject, deskFor, guarded, output, type ToolRegistrar } from './common.js';

/** Built once: zod schemas are costly to build, and HTTP makes a server per request. */
const config = {
  title: 'Account and portfolio',
  description:
    'Balances, positions (average cost includes fees), P&L realized, unrealized and since 00:00 UTC, USD value.',
  inputSchema: z.strictObject({}),
  outputSchema: output({
    balances: z.array(anyObject),
    positions: z.array(anyObject),
    portfolioValueUsd: z.string(),
    realizedPnlUsd: z.string(),
    unrealizedPnlUsd: z.string(),
    dailyPnlUsd: z.string(),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
};

export const registerGetAccount: ToolRegistrar = (server, deps) => {
  server.registerTool('get_account', config, () =>
    guarded(deps, 'get_account', async () => ok(deps.session.mode, { ...(await deskFor(deps).account()) })),
  );
};

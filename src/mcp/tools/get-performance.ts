import * as z from 'zod';
import { ok } from '../results.js';
import { compactPerformance } from '../../requests/performance-result.js';
import { timestamp } from '../../requests/schemas.js';
import { guarded, output, type ToolRegistrar } from './common.js';

/** Built once: zod schemas are costly to build, and HTTP makes a server per request. */
const config = {
  title: 'Performance',
  description:
    "This mode's account since its start or in [from, to]: equity, P&L, fees, drawdown, Sharpe/Sortino, win rate, profit factor, per symbol.",
  inputSchema: z.strictObject({ from: timestamp.optional(), to: timestamp.optional() }),
  outputSchema: output({ pnlUsd: z.string(), trades: z.number() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
};

export const registerGetPerformance: ToolRegistrar = (server, deps) => {
  server.registerTool('get_performance', config, (args) =>
    guarded(deps, 'get_performance', async () => {
      const performance = deps.app.performance[deps.session.mode];
      if (!performance) throw new Error(`no ${deps.session.mode} account is configured`);
      return ok(deps.session.mode, compactPerformance(await performance.report({ from: args.from, to: args.to })));
    }),
  );
};

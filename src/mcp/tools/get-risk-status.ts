import * as z from 'zod';
import { ok } from '../results.js';
import { anyObject, deskFor, guarded, output, type ToolRegistrar } from './common.js';

/** Built once: zod schemas are costly to build, and HTTP makes a server per request. */
const config = {
  title: 'Risk status',
  description: "The operator's limits, today's loss and the daily-loss circuit breaker.",
  inputSchema: z.strictObject({}),
  outputSchema: output({
    limits: anyObject,
    dailyLossUsd: z.string(),
    breaker: anyObject,
    ordersInLastMinute: z.number(),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
};

export const registerGetRiskStatus: ToolRegistrar = (server, deps) => {
  server.registerTool('get_risk_status', config, () =>
    guarded(deps, 'get_risk_status', async () => ok(deps.session.mode, { ...(await deskFor(deps).riskStatus()) })),
  );
};

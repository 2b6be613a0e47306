import * as z from 'zod';
import { ok } from '../results.js';
import { anyObject, deskFor, guarded, output, type ToolRegistrar } from './common.js';

/** Built once: zod schemas are costly to build, and HTTP makes a server per request. */
const config = {
  title: 'Risk status',
  description:
    "The operator's limits (max trade size, max position, daily loss limit, orders per minute, allowed/denied symbols), " +
    "today's loss, the circuit breaker's state and orders in the last minute. Limits are set by the operator only.",
  inputSchema: z.strictObject({}),
  outputSchema: output({ limits: anyObject, dailyLossUsd: z.string(), breaker: anyObject, ordersInLastMinute: z.number() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
};

export const registerGetRiskStatus: ToolRegistrar = (server, deps) => {
  server.registerTool(
    'get_risk_status',
    config,
    () => guarded(deps, 'get_risk_status', async () => ok(deps.session.mode, { ...(await deskFor(deps).riskStatus()) })),
  );
};

import * as z from 'zod';
import { ok } from '../results.js';
import { anyObject, guarded, output, type ToolRegistrar } from './common.js';

const config = {
  title: 'Strategy runs',
  description:
    'Lists strategy runs (newest first) or one by run_id: status, last bar, open lots, order counts, last problem, stop reason.',
  inputSchema: z.strictObject({
    run_id: z
      .string()
      .regex(/^[0-9a-f]{8}$/)
      .optional()
      .describe('One run'),
  }),
  outputSchema: output({ runs: z.array(anyObject) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
};

export const registerStrategyStatus: ToolRegistrar = (server, deps) => {
  server.registerTool('strategy_status', config, (args) =>
    guarded(deps, 'strategy_status', async () =>
      ok(deps.session.mode, { runs: await deps.app.strategyRuns.status({ id: args.run_id }) }),
    ),
  );
};

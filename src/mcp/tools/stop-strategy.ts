import * as z from 'zod';
import { ok } from '../results.js';
import { anyObject, guarded, output, type ToolRegistrar } from './common.js';

const config = {
  title: 'Stop a strategy run',
  description: 'Stops a strategy run: no further orders. Positions it opened stay in the account.',
  inputSchema: z.strictObject({
    run_id: z
      .string()
      .regex(/^[0-9a-f]{8}$/)
      .describe('From strategy_status'),
  }),
  outputSchema: output({ run: anyObject }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
};

export const registerStopStrategy: ToolRegistrar = (server, deps) => {
  server.registerTool('stop_strategy', config, (args) =>
    guarded(deps, 'stop_strategy', async () =>
      ok(deps.session.mode, {
        run: await deps.app.strategyRuns.stop(args.run_id, `stopped by the model (session ${deps.session.id})`),
      }),
    ),
  );
};

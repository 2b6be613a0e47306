import * as z from 'zod';
import type { LiveLicense } from '../../app/strategy-runs.js';
import { fail, invalid, ok } from '../results.js';
import { anyObject, guarded, output, type ToolRegistrar } from './common.js';

const config = {
  title: 'Run a strategy forward',
  description:
    "Runs a strategy on this session's account as its backtest does (stops on every print, resting orders); operator's limits; resumes on restart.",
  inputSchema: z.strictObject({
    strategy: anyObject.optional().describe('Document, or template'),
    template: z.string().max(64).optional(),
    parameters: z.record(z.string(), z.union([z.number(), z.string()])).optional(),
  }),
  outputSchema: output({ run: anyObject }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
};

export const registerRunStrategy: ToolRegistrar = (server, deps) => {
  server.registerTool('run_strategy', config, (args) =>
    guarded(deps, 'run_strategy', async () => {
      const { session, app } = deps;
      const mode = session.mode;
      if ((args.strategy === undefined) === (args.template === undefined))
        return invalid(
          mode,
          'strategy',
          'give exactly one of strategy or template',
          'strategy: {...} or template: "sma-cross"',
        );
      if (args.parameters && !args.template)
        return invalid(mode, 'parameters', 'parameters apply to a template', 'template with parameters');
      // The session is live only by the consent rules (set_trading_mode); the run keeps what allowed it.
      const license: LiveLicense | undefined =
        mode !== 'live'
          ? undefined
          : session.liveGrant !== undefined
            ? { kind: 'grant', id: session.liveGrant }
            : app.live.requiresConfirmation
              ? { kind: 'session' }
              : { kind: 'waived' };
      try {
        const run = await app.strategyRuns.start({
          strategy:
            args.strategy !== undefined
              ? { document: args.strategy }
              : { template: args.template!, ...(args.parameters ? { parameters: args.parameters } : {}) },
          mode,
          origin: 'mcp',
          license,
        });
        return ok(mode, { run });
      } catch (error) {
        // Imported here: the strategy engine stays off the path to the first tools/list (cold start).
        const { InvalidStrategy } = await import('../../strategy/validate.js');
        if (error instanceof InvalidStrategy)
          return fail(mode, `Invalid strategy: ${error.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
        throw error;
      }
    }),
  );
};

import * as z from 'zod';
import { ok } from '../results.js';
import { anyObject, guarded, output, type ToolRegistrar } from './common.js';

const config = {
  title: 'Validate a strategy document',
  description:
    'Checks a strategy document: valid gives it with defaults and its hash; invalid names each JSON path and what is allowed.',
  inputSchema: z.strictObject({ strategy: anyObject.describe('A strategy document') }),
  outputSchema: output({
    valid: z.boolean(),
    hash: z.string().optional(),
    strategy: anyObject.optional(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
};

export const registerValidateStrategy: ToolRegistrar = (server, deps) => {
  server.registerTool('validate_strategy', config, (args) =>
    guarded(deps, 'validate_strategy', async () => {
      const { InvalidStrategy, parseStrategy } = await import('../../strategy/validate.js');
      try {
        const { strategy, hash } = parseStrategy(args.strategy);
        return ok(deps.session.mode, { valid: true, hash, strategy, issues: [] });
      } catch (error) {
        if (error instanceof InvalidStrategy) return ok(deps.session.mode, { valid: false, issues: error.issues });
        throw error;
      }
    }),
  );
};

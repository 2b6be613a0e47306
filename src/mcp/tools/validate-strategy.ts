import * as z from 'zod';
import { InvalidStrategy, parseStrategy } from '../../strategy/index.js';
import { ok } from '../results.js';
import { anyObject, guarded, output, type ToolRegistrar } from './common.js';

const config = {
  title: 'Validate a strategy document',
  description:
    'Checks a strategy document without running it. Valid: the document with every default filled in and its SHA-256 ' +
    'hash (how backtests and the journal identify it). Invalid: each problem with its JSON path (e.g. ' +
    '$.entry.all[1].crossesAbove[0]) and what is allowed there. Conditions only read closed bars (offset >= 0).',
  inputSchema: z.strictObject({ strategy: anyObject.describe('The strategy document (see list_strategy_templates for examples)') }),
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

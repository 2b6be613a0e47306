import * as z from 'zod';
import { ok } from '../results.js';
import { anyObject, guarded, output, type ToolRegistrar } from './common.js';

const config = {
  title: 'Strategy templates',
  description:
    'Strategy templates (buy-and-hold, DCA, grid, RSI, MACD, SMA/EMA cross, Bollinger, trailing stop) with parameters, defaults and their document.',
  inputSchema: z.strictObject({}),
  outputSchema: output({
    templates: z.array(
      z.looseObject({ name: z.string(), description: z.string(), parameters: z.array(anyObject), document: anyObject }),
    ),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
};

export const registerListStrategyTemplates: ToolRegistrar = (server, deps) => {
  server.registerTool('list_strategy_templates', config, () =>
    guarded(deps, 'list_strategy_templates', async () => {
      const { TEMPLATES, templateParameters } = await import('../../strategy/templates/index.js');
      return ok(deps.session.mode, {
        templates: TEMPLATES.map((t) => {
          const parameters = templateParameters(t);
          const defaults = Object.fromEntries(parameters.map((p) => [p.name, p.default]));
          return { name: t.name, description: t.description, parameters, document: t.build(defaults as never) };
        }),
      });
    }),
  );
};

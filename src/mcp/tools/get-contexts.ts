import * as z from 'zod';
import { buildContexts, contextRequestSchema } from '../../requests/contexts.js';
import { ok } from '../results.js';
import { anyObject, deskFor, guarded, output, type ToolRegistrar } from './common.js';

/** Built once: zod schemas are costly to build, and HTTP makes a server per request. */
const config = {
  title: 'Several contexts at once',
  description:
    'Several contexts in one call (market_data, candlestick_data, order_book, technical_indicators need symbols); long lists cut.',
  inputSchema: contextRequestSchema,
  outputSchema: output({
    timestamp: z.number(),
    context_types: z.array(z.string()),
    symbols: z.array(z.string()),
    contexts: anyObject,
    notes: z.array(z.string()),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
};

export const registerGetContexts: ToolRegistrar = (server, deps) => {
  server.registerTool('get_contexts', config, (args) =>
    guarded(deps, 'get_contexts', async () => {
      const { mode, ...rest } = await buildContexts(deps.app, deskFor(deps), args, { compact: true });
      return ok(mode, rest);
    }),
  );
};

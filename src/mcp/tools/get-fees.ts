import * as z from 'zod';
import { dec } from '../../model/money.js';
import { symbols } from '../../requests/schemas.js';
import { fitToBudget, ok, RESULT_BUDGET_CHARS } from '../results.js';
import { anyObject, guarded, output, type ToolRegistrar } from './common.js';

/** Built once: zod schemas are costly to build, and HTTP makes a server per request. */
const config = {
  title: 'Trading fees',
  description: 'Maker and taker fee rates (fraction and percent) of the account, per symbol.',
  inputSchema: z.strictObject({ symbols: symbols.optional().describe('Omit for all') }),
  outputSchema: output({ fees: z.array(anyObject), omitted: z.number().int() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
};

export const registerGetFees: ToolRegistrar = (server, deps) => {
  server.registerTool('get_fees', config, (args) =>
    guarded(deps, 'get_fees', async () => {
      const fees = (await deps.app.market.fees(args.symbols)).map((f) => ({
        ...f,
        makerPercent: dec(f.maker).times(100).toFixed(),
        takerPercent: dec(f.taker).times(100).toFixed(),
      }));
      const fitted = fitToBudget(fees, RESULT_BUDGET_CHARS - 500);
      return ok(deps.session.mode, { fees: fitted.items, omitted: fitted.omitted });
    }),
  );
};

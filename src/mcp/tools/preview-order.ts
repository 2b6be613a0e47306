import * as z from 'zod';
import { checkBalance } from '../../app/balance-check.js';
import { orderFields } from '../../requests/schemas.js';
import { ok } from '../results.js';
import { anyObject, deskFor, guarded, output, type ToolRegistrar } from './common.js';
import { toPlaceOrderInput } from '../../requests/order-args.js';

/** Built once: zod schemas are costly to build, and HTTP makes a server per request. */
const config = {
  title: 'Preview an order',
  description:
    'Dry run of place_order: rounding, notional, fee, expected price, balance needed vs free, risk verdict, ' +
    'rejection with the fix; placeable says if place_order would accept it.',
  inputSchema: z.strictObject(orderFields),
  outputSchema: output({
    symbol: z.string(),
    side: z.string(),
    type: z.string(),
    quantity: z.string(),
    notional: z.string(),
    estimatedFee: z.string(),
    risk: anyObject,
    balance: anyObject,
    wouldRest: z.boolean(),
    adjustments: z.array(z.string()),
    placeable: z.boolean(),
    verdict: z.string(),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
};

export const registerPreviewOrder: ToolRegistrar = (server, deps) => {
  server.registerTool('preview_order', config, (args) =>
    guarded(deps, 'preview_order', async () => {
      const desk = deskFor(deps);
      const preview = await desk.previewOrder(toPlaceOrderInput(args, 'mcp'));
      const [market, account] = await Promise.all([deps.app.market.market(preview.symbol), desk.account()]);
      const balance = checkBalance(market, preview, account.balances);
      const refusals = [
        ...(preview.wouldBeRejected
          ? [
              `the exchange rules: ${(preview.wouldBeRejected.explanation ?? preview.wouldBeRejected.msg).replace(/\.$/, '')}`,
            ]
          : []),
        ...(preview.risk.allowed ? [] : [`the risk limits: ${preview.risk.denial.message}`]),
        ...(balance.enough
          ? []
          : [`the balance: it needs ${balance.needed} ${balance.asset}, ${balance.free} is free`]),
      ];
      const verdict =
        refusals.length === 0
          ? `place_order would accept it${preview.wouldRest ? ' (it would rest on the book)' : ''}.`
          : `place_order would refuse it: ${refusals.join('; ')}.`;
      return ok(deps.session.mode, { ...preview, balance, placeable: refusals.length === 0, verdict });
    }),
  );
};

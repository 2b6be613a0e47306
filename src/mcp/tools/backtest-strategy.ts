import type { ServerContext } from '@modelcontextprotocol/server';
import * as z from 'zod';
import type { BacktestResult } from '../../backtest/result.js';
import { timestamp, positiveDecimal } from '../../requests/schemas.js';
import { fail, invalid, ok } from '../results.js';
import { anyObject, guarded, output, type ToolRegistrar } from './common.js';

const config = {
  title: 'Backtest a strategy',
  description:
    "Backtests a strategy document or a template on history through the paper engine and the operator's limits: " +
    'signals on closed bars, fills from the next open, fees, filters. Returns metrics, buy-and-hold, warnings and ' +
    'assumptions; the full report is at report_path. Sends progress; cancellable.',
  inputSchema: z.strictObject({
    strategy: anyObject.optional().describe('A strategy document, or give template'),
    template: z.string().max(64).optional().describe('Template name'),
    parameters: z
      .record(z.string(), z.union([z.number(), z.string()]))
      .optional()
      .describe('e.g. {"fast":10}'),
    market: z.enum(['synthetic', 'replay']).default('synthetic').describe("replay: the operator's recorded candles"),
    from: timestamp.optional().describe('Default: data start (synthetic: 90 days back)'),
    to: timestamp.optional().describe('Exclusive; default: data end'),
    starting_quote: positiveDecimal.optional().describe('Quote balance (default 10000)'),
  }),
  outputSchema: output({
    id: z.string(),
    report_path: z.string(),
    strategy: anyObject,
    range: anyObject,
    metrics: anyObject,
    buy_and_hold: anyObject,
    trades: z.object({ count: z.number(), first: z.array(anyObject), last: z.array(anyObject) }),
    orders: anyObject,
    risk_denials: anyObject,
    warnings: z.array(z.string()),
    assumptions: z.array(z.string()),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
};

/** What the model reads: everything but the curves and the full trade list (those are in the report). */
export function compactResult(id: string, r: BacktestResult) {
  const round = (t: BacktestResult['trades'][number]) => ({
    ...t,
    entryPrice: +t.entryPrice.toFixed(8),
    exitPrice: +t.exitPrice.toFixed(8),
    pnl: +t.pnl.toFixed(4),
    returnPct: +t.returnPct.toFixed(6),
    fees: +t.fees.toFixed(4),
    entryIso: new Date(t.entryTime).toISOString(),
    exitIso: new Date(t.exitTime).toISOString(),
  });
  return {
    id,
    report_path: `/dashboard/backtests/${id}`,
    strategy: { name: r.strategy.name, type: r.strategy.type, hash: r.strategy.hash },
    range: {
      market: r.market,
      symbols: r.symbols,
      interval: r.interval,
      ...r.range,
      startingBalance: r.startingBalance,
    },
    metrics: r.metrics,
    buy_and_hold: r.buyAndHold,
    trades: {
      count: r.trades.length,
      first: r.trades.slice(0, 5).map(round),
      last: r.trades.length > 5 ? r.trades.slice(-5).map(round) : [],
    },
    orders: {
      placed: r.orders.placed,
      filled: r.orders.filled,
      canceled: r.orders.canceled,
      rejected: r.orders.rejected,
      rejections: r.orders.rejections.slice(0, 3),
    },
    risk_denials: { count: r.riskDenials.count, examples: r.riskDenials.examples.slice(0, 3) },
    warnings: r.warnings,
    assumptions: r.assumptions,
  };
}

export const registerBacktestStrategy: ToolRegistrar = (server, deps) => {
  server.registerTool('backtest_strategy', config, (args, ctx: ServerContext) =>
    guarded(deps, 'backtest_strategy', async () => {
      const mode = deps.session.mode;
      if ((args.strategy === undefined) === (args.template === undefined))
        return invalid(
          mode,
          'strategy',
          'give exactly one of strategy (a document) or template (a name)',
          'strategy: {...} or template: "sma-cross"',
        );
      if (args.parameters && !args.template)
        return invalid(
          mode,
          'parameters',
          'parameters apply to a template',
          'template with parameters, or edit the document',
        );
      const progressToken = ctx.mcpReq._meta?.progressToken;
      const onProgress =
        progressToken === undefined
          ? undefined
          : (done: number, total: number) => {
              ctx.mcpReq
                .notify({
                  method: 'notifications/progress',
                  params: { progressToken, progress: done, total, message: `${done} of ${total} bars` },
                })
                .catch(() => undefined);
            };
      try {
        const { id, result } = await deps.app.backtests.run({
          strategy:
            args.strategy !== undefined
              ? { document: args.strategy }
              : { template: args.template!, ...(args.parameters ? { parameters: args.parameters } : {}) },
          market: deps.app.backtests.marketFor(args.market),
          ...(args.from !== undefined ? { from: args.from } : {}),
          ...(args.to !== undefined ? { to: args.to } : {}),
          ...(args.starting_quote ? { startingQuote: args.starting_quote } : {}),
          ...(onProgress ? { onProgress } : {}),
          signal: ctx.mcpReq.signal,
        });
        return ok(mode, compactResult(id, result));
      } catch (error) {
        // Loaded here, not at start: the host's first tools/list does not wait for the backtest engine.
        const [{ InvalidStrategy }, { BacktestAborted }] = await Promise.all([
          import('../../strategy/validate.js'),
          import('../../backtest/runner.js'),
        ]);
        if (error instanceof InvalidStrategy)
          return fail(mode, `Invalid strategy: ${error.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
        if (error instanceof BacktestAborted) return fail(mode, 'The backtest was cancelled; nothing was journaled.');
        throw error;
      }
    }),
  );
};

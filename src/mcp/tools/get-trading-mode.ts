import * as z from 'zod';
import { confirmationFor, type App } from '../../app/app.js';
import type { McpSession } from '../../requests/session.js';
import { ok } from '../results.js';
import { guarded, output, type ToolRegistrar } from './common.js';

function pricesOf(source: string): string {
  if (source === 'live') return 'live Binance.US prices';
  if (source === 'synthetic') return 'a synthetic market (seeded, not real prices)';
  return `recorded prices replayed from ${source.slice('replay:'.length)}`;
}

export function modeReport(app: App, session: McpSession) {
  const owner = app.owners?.()[session.mode];
  return {
    liveAvailable: app.live.available,
    liveRequiresConfirmation: app.live.requiresConfirmation,
    liveConfirmation: app.live.requiresConfirmation ? confirmationFor(app.live, session.transport) : 'none',
    ...(app.live.available ? {} : { liveUnavailableReason: app.live.reason }),
    explanation:
      session.mode === 'paper'
        ? `Paper mode: orders are simulated against ${pricesOf(app.market.source)}; no real money moves.`
        : 'LIVE mode: orders are sent to Binance.US and spend real money.',
    ...(owner ? { owner } : {}),
  };
}

export const modeReportShape = {
  liveAvailable: z.boolean(),
  liveRequiresConfirmation: z.boolean(),
  liveConfirmation: z
    .enum(['client', 'code', 'operator', 'none'])
    .describe(
      'How a switch to live is confirmed: client (the human accepts a prompt), code (the human types a code only the operator sees), operator (only the operator can allow it), none',
    ),
  liveUnavailableReason: z.string().optional(),
  explanation: z.string(),
  owner: z.string().optional().describe('Which binance-mcp process owns this account (several may serve one journal)'),
};

/** Built once: zod schemas are costly to build, and HTTP makes a server per request. */
const config = {
  title: 'Trading mode',
  description: "This session's mode (paper or live) and whether the operator allows live trading.",
  inputSchema: z.strictObject({}),
  outputSchema: output(modeReportShape),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
};

export const registerGetTradingMode: ToolRegistrar = (server, deps) => {
  server.registerTool('get_trading_mode', config, () =>
    guarded(deps, 'get_trading_mode', async () => ok(deps.session.mode, modeReport(deps.app, deps.session))),
  );
};

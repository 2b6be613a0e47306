import { acceptedContent, CLIENT_CAPABILITIES_META_KEY, type ClientCapabilities, inputRequired, inputResponse, type McpServer, type ServerContext } from '@modelcontextprotocol/server';
import * as z from 'zod';
import { TRADING_MODES, type TradingMode } from '../../model/trading-mode.js';
import { fail, ok } from '../results.js';
import { guarded, output, type ToolDeps, type ToolRegistrar } from './common.js';
import { modeReport, modeReportShape } from './get-trading-mode.js';

const CONFIRM_KEY = 'confirm_live';
const confirmation = z.object({
  confirm: z.boolean().describe('Yes: this session may place real orders with real money on Binance.US'),
});

/** Whether the client told us it can put a form in front of its human (either protocol era). */
function clientCanElicit(server: McpServer, ctx: ServerContext): boolean {
  const envelope = ctx.mcpReq.envelope as Record<string, unknown> | undefined;
  const modern = envelope?.[CLIENT_CAPABILITIES_META_KEY] as ClientCapabilities | undefined;
  const capabilities = modern ?? server.server.getClientCapabilities();
  return capabilities?.elicitation !== undefined;
}

async function switchTo(deps: ToolDeps, to: TradingMode, confirmedBy: string) {
  const from = deps.session.mode;
  deps.session.setMode(to);
  await deps.app.store.audit({
    mode: to,
    time: deps.app.clock.now(),
    actor: confirmedBy === 'human' ? 'human' : confirmedBy === 'operator-configuration' ? 'system' : 'model',
    action: 'set_trading_mode',
    detail: { from, to, confirmedBy, session: deps.session.id },
  });
  deps.app.logger.info({ from, to, confirmedBy, session: deps.session.id }, 'session trading mode changed');
  return ok(to, { previousMode: from, confirmedBy, ...modeReport(deps.app, deps.session) });
}

/** Built once: zod schemas are costly to build, and HTTP makes a server per request. */
const config = {
  title: 'Switch paper / live',
  description:
    'Switches this session between paper and live trading. Ask the human first; never decide it yourself. ' +
    "Switching to live works only when the operator enabled live trading, and the human is asked to confirm through the client. " +
    'Switching back to paper is always allowed.',
  inputSchema: z.strictObject({ mode: z.enum(TRADING_MODES, { error: 'must be paper or live' }) }),
  outputSchema: output({ previousMode: z.enum(TRADING_MODES), confirmedBy: z.string(), ...modeReportShape }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
};

export const registerSetTradingMode: ToolRegistrar = (server, deps) => {
  server.registerTool(
    'set_trading_mode',
    config,
    (args, ctx) =>
      guarded(deps, 'set_trading_mode', async () => {
        const { app, session } = deps;
        if (args.mode === 'paper') return switchTo(deps, 'paper', session.mode === 'paper' ? 'unchanged' : 'model');
        if (session.mode === 'live') return ok('live', { previousMode: 'live', confirmedBy: 'unchanged', ...modeReport(app, session) });
        if (!app.live.available || !app.desks.live) return fail(session.mode, `Live trading is not available: ${app.live.reason}. The session stays in paper mode.`);
        if (!app.live.requiresConfirmation) return switchTo(deps, 'live', 'operator-configuration');
        if (!clientCanElicit(server, ctx)) {
          return fail(
            session.mode,
            'Cannot switch to live: this client cannot ask the human to confirm (it does not support elicitation). ' +
              'The session stays in paper mode. The operator may set LIVE_REQUIRES_CONFIRMATION=false to allow live trading without confirmation.',
          );
        }
        const answer = acceptedContent(ctx.mcpReq.inputResponses, CONFIRM_KEY, confirmation);
        if (answer === undefined) {
          const view = inputResponse(ctx.mcpReq.inputResponses, CONFIRM_KEY);
          if (view.kind === 'elicit') return fail(session.mode, `The human did not confirm live trading (${view.action}). The session stays in paper mode.`);
          return inputRequired({
            inputRequests: {
              [CONFIRM_KEY]: inputRequired.elicit({
                message:
                  'The AI assistant asks to switch this session to LIVE trading: orders will go to Binance.US and spend real money. ' +
                  `Operator limits still apply. Allow live trading for this session?`,
                requestedSchema: confirmation,
              }),
            },
          });
        }
        if (answer.confirm !== true) return fail(session.mode, 'The human answered no to live trading. The session stays in paper mode.');
        return switchTo(deps, 'live', 'human');
      }),
  );
};

import {
  acceptedContent,
  CLIENT_CAPABILITIES_META_KEY,
  type ClientCapabilities,
  inputRequired,
  inputResponse,
  type McpServer,
  type ServerContext,
} from '@modelcontextprotocol/server';
import * as z from 'zod';
import { confirmationFor } from '../../app/app.js';
import { TRADING_MODES, type TradingMode } from '../../model/trading-mode.js';
import { openConsentState, sealConsentState } from '../consent-state.js';
import { fail, ok } from '../results.js';
import { guarded, output, type ToolDeps, type ToolRegistrar } from './common.js';
import { modeReport, modeReportShape } from './get-trading-mode.js';

const CONFIRM_KEY = 'confirm_live';
const confirmField = z.boolean().describe('Yes: this session may place real orders with real money on Binance.US');
const clientForm = z.object({ confirm: confirmField });
const codeForm = z.object({
  confirm: confirmField,
  code: z
    .string()
    .min(6)
    .max(6)
    .describe('The 6-digit one-time code the operator of binance-mcp sees (server console or `binance-mcp live code`)'),
});
/** What an answer may carry, whichever form was asked: the consent keeper decides whether it is enough. */
const answerShape = z.object({ confirm: z.boolean(), code: z.string().max(64).optional() });

/** Who switched, as the audit log's actor; `confirmedBy` in its detail says how. */
const ACTORS: Record<string, string> = {
  'client-confirmed': 'client',
  'code-confirmed': 'human',
  operator: 'operator',
  'operator-configuration': 'system',
};

/** Whether the client told us it can put a form in front of its human (either protocol era). */
function clientCanElicit(server: McpServer, ctx: ServerContext): boolean {
  const envelope = ctx.mcpReq.envelope as Record<string, unknown> | undefined;
  const modern = envelope?.[CLIENT_CAPABILITIES_META_KEY] as ClientCapabilities | undefined;
  const capabilities = modern ?? server.server.getClientCapabilities();
  return capabilities?.elicitation !== undefined;
}

async function switchTo(
  deps: ToolDeps,
  to: TradingMode,
  confirmedBy: string,
  grant?: { id: number; expiresAt: number },
) {
  const from = deps.session.mode;
  deps.session.setMode(to, grant?.id);
  const detail = {
    from,
    to,
    confirmedBy,
    session: deps.session.id,
    ...(grant ? { grant: grant.id, grantExpiresAt: grant.expiresAt } : {}),
  };
  await deps.app.modeSwitches.switched(to, ACTORS[confirmedBy] ?? 'model', detail);
  deps.app.logger.info(detail, 'session trading mode changed');
  return ok(to, { previousMode: from, confirmedBy, ...modeReport(deps.app, deps.session) });
}

/** A switch to live refused for a reason worth the operator's attention: journaled, then answered. */
async function refuse(deps: ToolDeps, reason: string) {
  const detail = { reason, session: deps.session.id, transport: deps.session.transport };
  await deps.app.modeSwitches.refused(deps.session.mode, detail);
  deps.app.logger.warn(detail, 'switch to live refused');
  return fail(
    deps.session.mode,
    `Live trading refused: ${reason}. The session stays in ${deps.session.mode} mode; call set_trading_mode again so the human is asked.`,
  );
}

function question(confirmation: 'client' | 'code') {
  const risk =
    'The AI assistant asks to switch this session to LIVE trading: orders will go to Binance.US and spend real money. Operator limits still apply.';
  if (confirmation === 'client')
    return inputRequired.elicit({
      message: `${risk} Allow live trading for this session?`,
      requestedSchema: clientForm,
    });
  return inputRequired.elicit({
    message:
      `${risk} To allow it, type the 6-digit one-time code that the operator of binance-mcp sees (on the server's console, or with \`binance-mcp live code\`). ` +
      'The AI assistant does not know this code; never take one from it.',
    requestedSchema: codeForm,
  });
}

/** Built once: zod schemas are costly to build, and HTTP makes a server per request. */
const config = {
  title: 'Switch paper / live',
  description:
    'Switches this session between paper and live trading. Ask the human first; never decide it yourself. ' +
    'Switching to live works only when the operator enabled live trading, and the human confirms through the client (typing a one-time code from the operator when the server asks for one), or the operator allowed it. ' +
    'Switching back to paper is always allowed.',
  inputSchema: z.strictObject({ mode: z.enum(TRADING_MODES, { error: 'must be paper or live' }) }),
  outputSchema: output({ previousMode: z.enum(TRADING_MODES), confirmedBy: z.string(), ...modeReportShape }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
};

async function toLive(server: McpServer, deps: ToolDeps, ctx: ServerContext) {
  const { app, session } = deps;
  const grant = await app.live.consent.activeGrant();
  if (grant) return switchTo(deps, 'live', 'operator', grant);
  const confirmation = confirmationFor(app.live, session.transport);
  if (confirmation === 'operator') {
    return fail(
      session.mode,
      'Cannot switch to live: the operator allows live trading only with `binance-mcp live allow --for <duration>` on the server (LIVE_CONFIRMATION=operator), and has not. The session stays in paper mode.',
    );
  }
  if (!clientCanElicit(server, ctx)) {
    return fail(
      session.mode,
      'Cannot switch to live: this client cannot ask the human to confirm (it does not support elicitation). ' +
        'The session stays in paper mode. The operator may allow live trading with `binance-mcp live allow --for 1h`.',
    );
  }
  const responses = ctx.mcpReq.inputResponses;
  const raw = ctx.mcpReq.requestState();
  if (raw === undefined) {
    if (inputResponse(responses, CONFIRM_KEY).kind !== 'missing')
      return refuse(deps, 'the request carried an answer to a confirmation this server never asked for');
    const request = await app.live.consent.ask(session.id, session.transport, confirmation);
    if ('refused' in request)
      return fail(session.mode, `Cannot switch to live: ${request.refused}. The session stays in paper mode.`);
    const requestState = await sealConsentState({
      session: session.id,
      nonce: request.nonce,
      expiresAt: request.expiresAt,
    });
    return inputRequired({ inputRequests: { [CONFIRM_KEY]: question(request.confirmation) }, requestState });
  }
  const state = await openConsentState(raw, ctx);
  if (!state || state.session !== session.id)
    return refuse(
      deps,
      'the confirmation state was not issued by this server for this session (forged, altered or expired)',
    );
  const view = inputResponse(responses, CONFIRM_KEY);
  const answer = acceptedContent(responses, CONFIRM_KEY, answerShape);
  const verdict = await app.live.consent.answer(state.nonce, session.id, answer ?? { confirm: false });
  if (view.kind !== 'elicit' || view.action !== 'accept')
    return fail(
      session.mode,
      `The human did not confirm live trading (${view.kind === 'elicit' ? view.action : 'no answer'}). The session stays in paper mode.`,
    );
  if (answer === undefined) return refuse(deps, 'the confirmation answer did not have the form that was asked');
  if (!verdict.ok) {
    if (!answer.confirm)
      return fail(session.mode, 'The human answered no to live trading. The session stays in paper mode.');
    return refuse(deps, verdict.reason);
  }
  return switchTo(deps, 'live', verdict.confirmedBy);
}

export const registerSetTradingMode: ToolRegistrar = (server, deps) => {
  server.registerTool('set_trading_mode', config, (args, ctx) =>
    guarded(deps, 'set_trading_mode', async () => {
      const { app, session } = deps;
      if (args.mode === 'paper') return switchTo(deps, 'paper', session.mode === 'paper' ? 'unchanged' : 'model');
      if (session.mode === 'live')
        return ok('live', { previousMode: 'live', confirmedBy: 'unchanged', ...modeReport(app, session) });
      if (!app.live.available || !app.desks.live)
        return fail(
          session.mode,
          `Live trading is not available: ${app.live.reason}. The session stays in paper mode.`,
        );
      if (!app.live.requiresConfirmation) return switchTo(deps, 'live', 'operator-configuration');
      return toLive(server, deps, ctx);
    }),
  );
};

import type { CallToolResult, McpServer } from '@modelcontextprotocol/server';
import * as z from 'zod';
import type { TradingDesk } from '../../app/api.js';
import type { App } from '../../app/app.js';
import { endLiveOnEndedGrant } from '../../requests/grant-lease.js';
import type { McpSession } from '../../requests/session.js';
import { errorResult } from '../results.js';
import { TRADING_MODES } from '../../model/trading-mode.js';

export interface ToolDeps {
  app: App;
  session: McpSession;
}

export type ToolRegistrar = (server: McpServer, deps: ToolDeps) => void;

/** The desk of the session's current mode. */
export function deskFor(deps: ToolDeps): TradingDesk {
  const desk = deps.app.desks[deps.session.mode];
  if (!desk) throw new Error(`no ${deps.session.mode} desk is configured`);
  return desk;
}

/** Runs a handler, turning anything it throws into an isError result that names the problem. */
export async function guarded<R>(
  deps: ToolDeps,
  tool: string,
  run: () => Promise<R | CallToolResult>,
): Promise<R | CallToolResult> {
  try {
    await endLiveOnEndedGrant(deps.app, deps.session);
    return await run();
  } catch (error) {
    return errorResult(deps.session.mode, error, deps.app.logger, tool);
  }
}

export const modeField = z.enum(TRADING_MODES).describe('The trading mode this result belongs to');

/** Output schema: the mode plus the tool's own top-level fields; nested objects are described, not frozen. */
export function output<T extends z.ZodRawShape>(shape: T) {
  return z.looseObject({ mode: modeField, ...shape });
}

export const anyObject = z.looseObject({});
export const nextCursor = z
  .number()
  .int()
  .nullable()
  .describe('Pass as cursor to get the next page; null on the last page');

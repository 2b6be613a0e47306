/** Shaping tool results: structured content repeated as JSON text, size-capped, always naming the mode. */
import type { CallToolResult } from '@modelcontextprotocol/server';
import { AppUnavailable } from '../app/unavailable.js';
import { ExchangeRejection, InvalidInput, NotServedHere, OrderOutcomeUnknown } from '../model/errors.js';
import type { Logger } from '../log.js';
import type { TradingMode } from '../ports/store.js';

export { fitToBudget, RESULT_BUDGET_CHARS, type Fitted } from '../requests/fit.js';
import { isoTime } from '../requests/iso-time.js';
export { isoTime };

/** Epoch-ms fields a model reads, which get an ISO twin (`time` -> `timeIso`). */
const TIME_FIELD = /^(time|timestamp|asOf)$|(Time|At)$/;
const EPOCH_MS = { min: 946_684_800_000, max: 4_102_444_800_000 }; // 2000..2100

function withIsoTimes(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value))
    return value.map((v) =>
      v !== null && typeof v === 'object' && !Array.isArray(v) ? withIsoTimes(v, depth + 1) : v,
    );
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = withIsoTimes(v, depth + 1);
    if (typeof v === 'number' && TIME_FIELD.test(key) && v >= EPOCH_MS.min && v < EPOCH_MS.max && Number.isInteger(v))
      out[`${key}Iso`] = isoTime(v);
  }
  return out;
}

export function ok(mode: TradingMode, data: Record<string, unknown>): CallToolResult {
  const structured = { mode, ...(withIsoTimes(data) as Record<string, unknown>) };
  return { content: [{ type: 'text', text: JSON.stringify(structured) }], structuredContent: structured };
}

export function fail(mode: TradingMode, message: string): CallToolResult {
  return { content: [{ type: 'text', text: `[${mode} mode] ${message}` }], isError: true };
}

/** A bad argument: names the field, the problem and what is allowed. */
export function invalid(mode: TradingMode, field: string, problem: string, allowed?: string): CallToolResult {
  return fail(mode, `Invalid argument ${field}: ${problem}${allowed ? ` (allowed: ${allowed})` : ''}`);
}

/** Maps what a service threw into an isError result the model can act on. */
export function errorResult(mode: TradingMode, error: unknown, logger: Logger, tool: string): CallToolResult {
  if (error instanceof InvalidInput) return fail(mode, `Invalid argument ${error.message}`);
  if (error instanceof AppUnavailable) return fail(mode, error.message);
  if (error instanceof ExchangeRejection) {
    if (error.code === -1121)
      return invalid(mode, 'symbol', `${error.message} (Binance ${error.code})`, 'a symbol listed by list_markets');
    return fail(mode, `The exchange refused the request: ${error.message} (Binance code ${error.code})`);
  }
  if (error instanceof NotServedHere) return fail(mode, error.message);
  if (error instanceof OrderOutcomeUnknown)
    return fail(mode, `${error.message}. Check get_orders before retrying; retry only with the same action_id.`);
  logger.warn(
    { tool, err: error instanceof Error ? { name: error.name, message: error.message } : String(error) },
    'tool failed',
  );
  return fail(mode, `Internal error in ${tool}: ${error instanceof Error ? error.message : String(error)}`);
}

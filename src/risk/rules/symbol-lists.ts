import { LIMIT_NAMES } from '../limits.js';
import type { RiskRule } from '../attempt.js';
import { listOf } from '../denial-format.js';

/** DENIED_SYMBOLS: these symbols may never be traded, not even to reduce a position. */
export function deniedSymbolsRule(denied: readonly string[]): RiskRule | null {
  if (denied.length === 0) return null;
  const set = new Set(denied.map((s) => s.toUpperCase()));
  const shown = listOf(denied);
  return (attempt) => {
    if (!set.has(attempt.symbol)) return null;
    return {
      code: 'SYMBOL_DENIED',
      message: `${LIMIT_NAMES.deniedSymbols} is ${shown}; ${attempt.symbol} is on it, so no order on ${attempt.symbol} is allowed`,
      limit: LIMIT_NAMES.deniedSymbols,
      limitValue: denied.join(','),
      attempted: attempt.symbol,
    };
  };
}

/** ALLOWED_SYMBOLS: when set, only these symbols may be traded. An empty list means no allow-list. */
export function allowedSymbolsRule(allowed: readonly string[] | undefined): RiskRule | null {
  if (allowed === undefined || allowed.length === 0) return null;
  const set = new Set(allowed.map((s) => s.toUpperCase()));
  const shown = listOf(allowed);
  return (attempt) => {
    if (set.has(attempt.symbol)) return null;
    return {
      code: 'SYMBOL_NOT_ALLOWED',
      message: `${LIMIT_NAMES.allowedSymbols} is ${shown}; ${attempt.symbol} is not on it`,
      limit: LIMIT_NAMES.allowedSymbols,
      limitValue: allowed.join(','),
      attempted: attempt.symbol,
    };
  };
}

import { hostname } from 'node:os';
import type { LimitsJournal } from '../ports/limits-in-force.js';
import type { TradingMode } from '../ports/store.js';
import type { RiskLimits } from '../risk/limits.js';
import { VERSION } from '../version.js';

/** A server journals the limits it enforces on each of its accounts, so every other reader shows them. */
export async function journalLimitsInForce(
  journal: LimitsJournal,
  modes: readonly TradingMode[],
  limits: RiskLimits,
  now: number,
): Promise<void> {
  const writer = { pid: process.pid, host: hostname(), version: VERSION };
  for (const mode of modes) await journal.putLimitsInForce({ mode, limits, writer, since: now });
}

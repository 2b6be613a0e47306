import type { RiskLimits } from '../risk/limits.js';
import type { TradingMode } from './store.js';

/** The limits a server enforces on an account, as it journaled them when it started. */
export interface LimitsInForce {
  mode: TradingMode;
  limits: RiskLimits;
  /** The server that runs with them. */
  writer: { pid: number; host: string; version: string };
  /** When it started running with them (ms). */
  since: number;
}

/**
 * Where a server keeps the limits it runs with, so every other reader (the CLI in another shell,
 * another process) shows the limits in force rather than its own environment's.
 */
export interface LimitsJournal {
  /** Replaces the account's limits in force; a change from the journaled ones is also a `limits_changed` risk event. */
  putLimitsInForce(entry: LimitsInForce): Promise<void>;
  getLimitsInForce(mode: TradingMode): Promise<LimitsInForce | undefined>;
}

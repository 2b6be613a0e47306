import type { TradingMode } from '../model/trading-mode.js';

export interface AuditEntry {
  mode: TradingMode;
  time: number;
  /** 'operator', 'model', 'system' */
  actor: string;
  action: string;
  detail?: unknown;
}

/** Who did what (operator, model, system): mode switches, resets, journal conflicts. */
export interface AuditLog {
  audit(entry: AuditEntry): Promise<void>;
  listAudit(limit?: number): Promise<AuditEntry[]>;
}

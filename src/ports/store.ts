import type { TradingMode } from '../model/trading-mode.js';
import type { AuditLog } from './audit-log.js';
import type { BalanceJournal } from './balance-journal.js';
import type { ContextSnapshotJournal } from './context-snapshots.js';
import type { DecisionJournal } from './decision-journal.js';
import type { OrderJournal } from './order-journal.js';
import type { RiskJournal } from './risk-journal.js';

// Their homes are src/model and the journal's parts; re-exported while callers still import them from here.
export type { TradingMode };
export type { AuditEntry } from './audit-log.js';
export type { ContextSnapshot } from './context-snapshots.js';
export type { Decision } from './decision-journal.js';
export {
  DuplicateClientOrderId,
  type Execution,
  type FillRecord,
  type JournalFillQuery,
  type OrderQuery,
  type OrderRecord,
} from './order-journal.js';
export type { DailyPnl, RiskEvent } from './risk-journal.js';

/**
 * The journal. SQLite (default) or PostgreSQL, same migrations. Every method is atomic:
 * a crash leaves either all of a call's rows or none. The one adapter (src/store) implements every
 * part; a caller takes the part it needs (OrderJournal, BalanceJournal, RiskJournal, AuditLog, ...).
 */
export interface Store
  extends OrderJournal, BalanceJournal, RiskJournal, DecisionJournal, ContextSnapshotJournal, AuditLog {
  readonly dialect: 'sqlite' | 'postgres';
  migrate(): Promise<void>;
  close(): Promise<void>;
}

import type { AuditLog } from '../ports/audit-log.js';
import type { DecisionJournal } from '../ports/decision-journal.js';
import type { OrderJournal } from '../ports/order-journal.js';
import type { RiskJournal } from '../ports/risk-journal.js';

/** What the one road writes: orders and fills, the rationale, denials as risk events, operator actions. */
export type TradingJournal = OrderJournal &
  DecisionJournal &
  Pick<RiskJournal, 'recordRiskEvent'> &
  Pick<AuditLog, 'audit'>;

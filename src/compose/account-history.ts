import type { AccountHistory } from '../app/account-history.js';
import type { AuditEntry, AuditLog } from '../ports/audit-log.js';
import type { OrderHistory } from '../ports/order-journal.js';
import type { RiskJournal } from '../ports/risk-journal.js';

/** The paper account starts again at each operator reset: the newest opening or reset in the audit log. */
export async function paperAccountStart(journal: Pick<AuditLog, 'listAudit'>): Promise<AuditEntry | undefined> {
  const audits = await journal.listAudit(10_000);
  return audits.find((a) => a.mode === 'paper' && (a.action === 'paper_reset' || a.action === 'paper_account_opened'));
}

/** The journal's reads for the read-only views; the live account's journal has no start (null). */
export function accountHistory(
  journal: Pick<OrderHistory, 'listFills'> &
    Pick<RiskJournal, 'listDailyPnl' | 'listRiskEvents'> &
    Pick<AuditLog, 'listAudit'>,
): AccountHistory {
  return {
    fills: (query) => journal.listFills(query),
    dailyPnl: (mode, limit) => journal.listDailyPnl(mode, limit),
    riskEvents: (mode, limit) => journal.listRiskEvents(mode, limit),
    accountSince: async (mode) => (mode === 'paper' ? ((await paperAccountStart(journal))?.time ?? 0) : null),
  };
}

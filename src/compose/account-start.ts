/**
 * Where each account's history starts, for its performance: the composition root picks the rule per
 * mode so that nothing else asks which account it is looking at.
 */
import type { Store } from '../ports/store.js';

/** Paper: the account opened, or the operator's last reset (balances start again there). */
export function paperAccountStart(store: Pick<Store, 'listAudit'>): () => Promise<number | null> {
  return async () => {
    const audits = await store.listAudit(10_000);
    const start = audits.find(
      (a) => a.mode === 'paper' && (a.action === 'paper_reset' || a.action === 'paper_account_opened'),
    );
    return start?.time ?? null;
  };
}

/** Live: the journal begins with the first fill it saw; what happened on the account before is not in it. */
export function liveAccountStart(store: Pick<Store, 'listFills'>): () => Promise<number | null> {
  return async () => (await store.listFills({ mode: 'live', since: 0, limit: 1 }))[0]?.time ?? null;
}

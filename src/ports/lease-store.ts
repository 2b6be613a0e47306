import type { IdSequence } from './id-sequence.js';
import type { OrderListJournal } from './order-list-journal.js';
import type { Store, TradingMode } from './store.js';

/**
 * Who owns an account's venue: one lease row per account in the journal. `epoch` grows by one
 * each time the lease changes hands, and fences every write of the owner's desk.
 */
export interface Lease {
  account: TradingMode;
  /** Random per process; '' when the last owner released the lease. */
  ownerId: string;
  epoch: number;
  pid: number;
  hostname: string;
  /** Where the owner takes forwarded calls: `unix:/path/to/socket`. */
  endpoint: string;
  acquiredAt: number;
  renewedAt: number;
  expiresAt: number;
}

export interface LeaseHolder {
  ownerId: string;
  pid: number;
  hostname: string;
  endpoint: string;
}

/** The journal's side of ownership: a small port of its own, implemented by the journal store. */
export interface LeaseStore {
  readLease(account: TradingMode): Promise<Lease | undefined>;
  /**
   * Takes the lease when there is no row, or when the row is still exactly `expected` (same owner,
   * epoch and renewal): a compare-and-set, so of two contenders only one wins. Returns the lease in
   * force afterwards, the caller's or the winner's.
   */
  takeLease(
    account: TradingMode,
    holder: LeaseHolder,
    expected: Lease | undefined,
    now: number,
    ttlMs: number,
  ): Promise<Lease | undefined>;
  /** Extends the lease `holder` holds at `epoch`; undefined when it no longer holds it. */
  renewLease(
    account: TradingMode,
    holder: LeaseHolder,
    epoch: number,
    now: number,
    ttlMs: number,
  ): Promise<Lease | undefined>;
  /** Gives the lease up (when still held at `epoch`), so the next process takes it at once. */
  releaseLease(account: TradingMode, ownerId: string, epoch: number, now: number): Promise<void>;
  /**
   * The same journal, whose every write first checks, in its own transaction, that the lease of
   * `account` is still held by `ownerId` at `epoch`, and throws LeaseLost when it is not.
   */
  fencedTo(account: TradingMode, ownerId: string, epoch: number): Store & IdSequence & OrderListJournal;
}

/** This process no longer owns the account: nothing it does may reach the venue or the journal. */
export class LeaseLost extends Error {
  constructor(
    readonly account: TradingMode,
    detail: string,
  ) {
    super(`this process no longer owns the ${account} account (${detail})`);
    this.name = 'LeaseLost';
  }
}

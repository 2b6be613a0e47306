import type { TradingMode } from '../model/trading-mode.js';

/** What the journal keeps of a context the model was shown (see app/context-snapshot.ts). */
export interface ContextSnapshot {
  mode: TradingMode;
  time: number;
  contextTypes: string[];
  symbols: string[];
  /** The payload's shape as JSON, size-capped. */
  summary: string;
  /** SHA-256 (hex) and UTF-8 size of the payload's JSON. */
  sha256: string;
  bytes: number;
  /** The payload's JSON itself, only when SNAPSHOT_FULL=true. */
  payload?: string;
}

/** Where the contexts shown to the model are journaled (pruned through SnapshotRetention). */
export interface ContextSnapshotJournal {
  recordContextSnapshot(snapshot: ContextSnapshot): Promise<void>;
}

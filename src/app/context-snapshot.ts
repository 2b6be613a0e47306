import type { Logger } from '../log.js';
import type { Clock } from '../ports/clock.js';
import type { SnapshotRetention } from '../ports/snapshot-retention.js';
import type { TradingMode } from '../model/trading-mode.js';
import type { ContextSnapshotJournal } from '../ports/context-snapshots.js';
import { serializeInTurns } from './json-in-turns.js';

/** Characters of JSON a snapshot's summary may take. */
export const SUMMARY_CHARS = 4_000;
const DAY_MS = 86_400_000;

export interface SnapshotPolicy {
  /** Keep the whole payload too (SNAPSHOT_FULL). */
  full: boolean;
  /** Days snapshots are kept (SNAPSHOT_RETENTION_DAYS); 0 keeps them for ever. */
  retentionDays: number;
}

/**
 * What the journal keeps of a context the model was shown: a summary of at most SUMMARY_CHARS
 * (the shape: keys, list lengths, short values), the SHA-256 and size of the payload's JSON, and
 * the payload itself only when the operator asked for it. Serialised in turns of the event loop.
 */
export class ContextSnapshots {
  constructor(
    private readonly journal: ContextSnapshotJournal & SnapshotRetention,
    private readonly clock: Clock,
    private readonly policy: SnapshotPolicy,
    private readonly logger: Logger,
  ) {}

  async record(mode: TradingMode, contextTypes: string[], symbols: string[], payload: unknown): Promise<void> {
    const time = this.clock.now();
    const serialized = await serializeInTurns(payload, { keep: this.policy.full });
    await this.journal.recordContextSnapshot({
      mode,
      time,
      contextTypes,
      symbols,
      summary: summarize(payload, SUMMARY_CHARS),
      sha256: serialized.sha256,
      bytes: serialized.bytes,
      ...(serialized.text !== undefined ? { payload: serialized.text } : {}),
    });
  }

  /** Drops snapshots older than the retention; returns how many. */
  async prune(): Promise<number> {
    if (this.policy.retentionDays === 0) return 0;
    const removed = await this.journal.pruneContextSnapshots(this.clock.now() - this.policy.retentionDays * DAY_MS);
    if (removed > 0)
      this.logger.info({ removed, retentionDays: this.policy.retentionDays }, 'old context snapshots pruned');
    return removed;
  }

  /** Prunes now and then once a day; the timer does not keep the process alive. Returns a stop function. */
  pruneDaily(): () => void {
    const run = () =>
      void this.prune().catch((err: unknown) => this.logger.warn({ err }, 'could not prune context snapshots'));
    run();
    const timer = setInterval(run, DAY_MS);
    timer.unref();
    return () => clearInterval(timer);
  }
}

/**
 * The payload's shape within `cap` characters of JSON: objects by key, lists as their length with
 * their first element when short, strings cut at 80 characters. Walks at most a few levels, never
 * whole lists, so it costs little whatever the payload's size.
 */
export function summarize(payload: unknown, cap: number): string {
  for (const depth of [5, 4, 3, 2, 1]) {
    const text = JSON.stringify(shape(payload, depth)) ?? 'null';
    if (text.length <= cap) return text;
  }
  const keys = payload !== null && typeof payload === 'object' ? Object.keys(payload).slice(0, 50) : [];
  return JSON.stringify({ keys, note: 'summary cut to fit' }).slice(0, cap);
}

function shape(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return value.length > 80 ? `${value.slice(0, 80)}…` : value;
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    if (value.length === 0) return [];
    const first: unknown = depth > 1 ? shape(value[0], depth - 1) : '…';
    return value.length === 1 ? [first] : { items: value.length, first };
  }
  if (depth <= 0) return '…';
  const entries = Object.entries(value);
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries.slice(0, 60))
    out[k] = depth > 1 ? shape(v, depth - 1) : typeof v === 'object' && v !== null ? '…' : shape(v, 0);
  if (entries.length > 60) out['…'] = `${entries.length - 60} more keys`;
  return out;
}

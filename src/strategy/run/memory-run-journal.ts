import type { StrategyRunJournal, StrategyRunRecord, StrategyRunStatus } from '../../ports/strategy-run-journal.js';

/** Strategy runs kept in memory (tests, hand-built apps): the same contract as the journal's table. */
export class MemoryStrategyRunJournal implements StrategyRunJournal {
  private readonly rows = new Map<string, StrategyRunRecord>();

  async create(run: StrategyRunRecord): Promise<void> {
    if (this.rows.has(run.id)) throw new Error(`strategy run ${run.id} exists`);
    this.rows.set(run.id, structuredClone(run));
  }

  async get(id: string): Promise<StrategyRunRecord | undefined> {
    const row = this.rows.get(id);
    return row ? structuredClone(row) : undefined;
  }

  async list(options: { status?: StrategyRunStatus; limit?: number } = {}): Promise<StrategyRunRecord[]> {
    return [...this.rows.values()]
      .filter((r) => !options.status || r.status === options.status)
      .sort((a, b) => b.startedAt - a.startedAt || (a.id < b.id ? 1 : -1))
      .slice(0, options.limit ?? 50)
      .map((r) => structuredClone(r));
  }

  async claim(id: string, driver: string, now: number, staleBefore: number): Promise<boolean> {
    const row = this.rows.get(id);
    if (!row || row.status !== 'running') return false;
    if (row.driver !== null && row.driver !== driver && (row.heartbeatAt ?? 0) > staleBefore) return false;
    row.driver = driver;
    row.heartbeatAt = now;
    return true;
  }

  async save(id: string, driver: string, p: { lastBar: number; state: unknown; now: number }): Promise<boolean> {
    const row = this.rows.get(id);
    if (!row || row.status !== 'running' || row.driver !== driver) return false;
    row.lastBar = p.lastBar;
    row.state = structuredClone(p.state);
    row.heartbeatAt = p.now;
    return true;
  }

  async stop(id: string, reason: string, now: number): Promise<void> {
    const row = this.rows.get(id);
    if (!row || row.status !== 'running') return;
    row.status = 'stopped';
    row.stoppedAt = now;
    row.stopReason = reason.slice(0, 1000);
    row.driver = null;
  }
}

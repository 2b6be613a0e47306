import type { BacktestJournal, BacktestListing, BacktestRecord } from '../ports/backtest-journal.js';

/** Backtest runs kept in memory (sweeps' inner runs, tests): the same contract as the journal table. */
export class MemoryBacktestJournal implements BacktestJournal {
  private readonly runs: BacktestRecord[] = [];

  async record(run: BacktestRecord): Promise<void> {
    if (this.runs.some((r) => r.id === run.id)) throw new Error(`backtest ${run.id} is already journaled`);
    this.runs.push(structuredClone(run));
  }

  async get(id: string): Promise<BacktestRecord | undefined> {
    const run = this.runs.find((r) => r.id === id);
    return run ? structuredClone(run) : undefined;
  }

  async list(options: { limit?: number; strategyHash?: string } = {}): Promise<BacktestListing[]> {
    return this.runs
      .filter((r) => !options.strategyHash || r.strategyHash === options.strategyHash)
      .sort((a, b) => b.createdAt - a.createdAt)
      .slice(0, options.limit ?? 50)
      .map(({ result: _result, ...listing }) => structuredClone(listing));
  }
}

import type { Kysely } from 'kysely';
import type { StrategyRunJournal, StrategyRunRecord, StrategyRunStatus } from '../ports/strategy-run-journal.js';
import type { TradingMode } from '../model/trading-mode.js';
import type { JournalDatabase } from './schema.js';

interface StrategyRunsTable {
  id: string;
  mode: string;
  name: string;
  hash: string;
  document: string;
  symbols: string;
  interval: string;
  status: string;
  license: string | null;
  origin: string;
  started_at: number;
  stopped_at: number | null;
  stop_reason: string | null;
  last_bar: number;
  state: string;
  driver: string | null;
  heartbeat_at: number | null;
}

type Db = Kysely<{ strategy_runs: StrategyRunsTable }>;

/** The strategy_runs table (migration 0012_strategy_runs) over the journal's own connection. */
export class KyselyStrategyRunJournal implements StrategyRunJournal {
  private readonly db: Db;

  constructor(database: Kysely<JournalDatabase>) {
    this.db = database.withTables<{ strategy_runs: StrategyRunsTable }>() as unknown as Db;
  }

  async create(run: StrategyRunRecord): Promise<void> {
    await this.db
      .insertInto('strategy_runs')
      .values({
        id: run.id,
        mode: run.mode,
        name: run.name,
        hash: run.hash,
        document: JSON.stringify(run.document),
        symbols: JSON.stringify(run.symbols),
        interval: run.interval,
        status: run.status,
        license: run.license,
        origin: run.origin,
        started_at: run.startedAt,
        stopped_at: run.stoppedAt,
        stop_reason: run.stopReason,
        last_bar: run.lastBar,
        state: JSON.stringify(run.state),
        driver: run.driver,
        heartbeat_at: run.heartbeatAt,
      })
      .execute();
  }

  async get(id: string): Promise<StrategyRunRecord | undefined> {
    const row = await this.db.selectFrom('strategy_runs').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? record(row) : undefined;
  }

  async list(options: { status?: StrategyRunStatus; limit?: number } = {}): Promise<StrategyRunRecord[]> {
    let query = this.db.selectFrom('strategy_runs').selectAll();
    if (options.status) query = query.where('status', '=', options.status);
    const rows = await query
      .orderBy('started_at', 'desc')
      .orderBy('id', 'desc')
      .limit(options.limit ?? 50)
      .execute();
    return rows.map(record);
  }

  async claim(id: string, driver: string, now: number, staleBefore: number): Promise<boolean> {
    const result = await this.db
      .updateTable('strategy_runs')
      .set({ driver, heartbeat_at: now })
      .where('id', '=', id)
      .where('status', '=', 'running')
      .where((eb) =>
        eb.or([eb('driver', 'is', null), eb('driver', '=', driver), eb('heartbeat_at', '<=', staleBefore)]),
      )
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async save(id: string, driver: string, p: { lastBar: number; state: unknown; now: number }): Promise<boolean> {
    const result = await this.db
      .updateTable('strategy_runs')
      .set({ last_bar: p.lastBar, state: JSON.stringify(p.state), heartbeat_at: p.now })
      .where('id', '=', id)
      .where('driver', '=', driver)
      .where('status', '=', 'running')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async stop(id: string, reason: string, now: number): Promise<void> {
    await this.db
      .updateTable('strategy_runs')
      .set({ status: 'stopped', stopped_at: now, stop_reason: reason.slice(0, 1000), driver: null })
      .where('id', '=', id)
      .where('status', '=', 'running')
      .execute();
  }
}

function record(row: StrategyRunsTable): StrategyRunRecord {
  return {
    id: row.id,
    mode: row.mode as TradingMode,
    name: row.name,
    hash: row.hash,
    document: JSON.parse(row.document) as unknown,
    symbols: JSON.parse(row.symbols) as string[],
    interval: row.interval,
    status: row.status as StrategyRunStatus,
    license: row.license,
    origin: row.origin,
    startedAt: Number(row.started_at),
    stoppedAt: row.stopped_at === null ? null : Number(row.stopped_at),
    stopReason: row.stop_reason,
    lastBar: Number(row.last_bar),
    state: JSON.parse(row.state) as unknown,
    driver: row.driver,
    heartbeatAt: row.heartbeat_at === null ? null : Number(row.heartbeat_at),
  };
}

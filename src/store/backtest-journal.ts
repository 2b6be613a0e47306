import type { Kysely } from 'kysely';
import type { BacktestJournal, BacktestListing, BacktestRecord } from '../ports/backtest-journal.js';
import type { JournalDatabase } from './schema.js';

interface BacktestsTable {
  id: string;
  created_at: number;
  strategy_hash: string;
  strategy_name: string;
  market: string;
  symbols: string;
  interval: string;
  range_from: number;
  range_to: number;
  summary: string;
  result: string;
}

type Db = Kysely<{ backtests: BacktestsTable }>;

/** The backtests table (migration 0008_backtests) over the journal's own connection. */
export class KyselyBacktestJournal implements BacktestJournal {
  private readonly db: Db;

  constructor(database: Kysely<JournalDatabase>) {
    this.db = database.withTables<{ backtests: BacktestsTable }>() as unknown as Db;
  }

  async record(run: BacktestRecord): Promise<void> {
    await this.db
      .insertInto('backtests')
      .values({
        id: run.id,
        created_at: run.createdAt,
        strategy_hash: run.strategyHash,
        strategy_name: run.strategyName,
        market: run.market,
        symbols: JSON.stringify(run.symbols),
        interval: run.interval,
        range_from: run.from,
        range_to: run.to,
        summary: JSON.stringify(run.summary),
        result: JSON.stringify(run.result),
      })
      .execute();
  }

  async get(id: string): Promise<BacktestRecord | undefined> {
    const row = await this.db.selectFrom('backtests').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? { ...listing(row), result: JSON.parse(row.result) as unknown } : undefined;
  }

  async list(options: { limit?: number; strategyHash?: string } = {}): Promise<BacktestListing[]> {
    let query = this.db
      .selectFrom('backtests')
      .select([
        'id',
        'created_at',
        'strategy_hash',
        'strategy_name',
        'market',
        'symbols',
        'interval',
        'range_from',
        'range_to',
        'summary',
      ]);
    if (options.strategyHash) query = query.where('strategy_hash', '=', options.strategyHash);
    const rows = await query
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(options.limit ?? 50)
      .execute();
    return rows.map(listing);
  }
}

function listing(row: Omit<BacktestsTable, 'result'>): BacktestListing {
  return {
    id: row.id,
    createdAt: Number(row.created_at),
    strategyHash: row.strategy_hash,
    strategyName: row.strategy_name,
    market: row.market,
    symbols: JSON.parse(row.symbols) as string[],
    interval: row.interval,
    from: Number(row.range_from),
    to: Number(row.range_to),
    summary: JSON.parse(row.summary) as unknown,
  };
}

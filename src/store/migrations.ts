import { sql, type CreateTableBuilder, type Kysely, type Migration, type MigrationProvider } from 'kysely';

export type StoreDialect = 'sqlite' | 'postgres';

/**
 * The journal's migrations, in code (not files on disk) so they run the same from src/ and dist/.
 * One set for both dialects: only the column types for ids and decimals differ.
 * Every statement uses IF NOT EXISTS: SQLite has no transactional DDL, so a migration cut short
 * by a crash is simply run again.
 */
export function journalMigrations(dialect: StoreDialect): MigrationProvider {
  const migrations: Record<string, Migration> = {
    '0001_journal': { up: (db) => createJournal(db, dialect) },
    '0003_sequences': { up: (db) => createSequences(db, dialect) },
    '0005_live_consent': { up: (db) => createLiveConsent(db, dialect) },
    '0006_limits_in_force': { up: (db) => createLimitsInForce(db) },
    '0007_snapshot_summaries': { up: (db) => addSnapshotSummaries(db) },
    '0002_ownership': { up: (db) => createLeases(db) },
    '0008_backtests': { up: (db) => createBacktests(db) },
    '0010_notify_outbox': { up: (db) => createNotifyOutbox(db, dialect) },
    '0011_order_lists': { up: (db) => createOrderLists(db, dialect) },
    '0012_strategy_runs': { up: (db) => createStrategyRuns(db) },
    '0013_order_trails': { up: (db) => addOrderTrails(db, dialect) },
  };
  return { getMigrations: async () => migrations };
}

type Table = CreateTableBuilder<string, string>;

async function createJournal(db: Kysely<unknown>, dialect: StoreDialect): Promise<void> {
  const decimal = dialect === 'postgres' ? 'numeric' : 'text';
  const withId = (table: Table): Table =>
    dialect === 'postgres'
      ? table.addColumn('id', 'bigserial', (c) => c.primaryKey())
      : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
  const withMode = (table: Table): Table =>
    table.addColumn('mode', 'text', (c) => c.notNull().check(sql`mode in ('paper', 'live')`));

  await withMode(withId(db.schema.createTable('orders').ifNotExists()))
    .addColumn('client_order_id', 'text', (c) => c.notNull())
    .addColumn('order_id', 'text')
    .addColumn('symbol', 'text', (c) => c.notNull())
    .addColumn('side', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('time_in_force', 'text')
    .addColumn('price', decimal)
    .addColumn('stop_price', decimal)
    .addColumn('orig_qty', decimal, (c) => c.notNull())
    .addColumn('orig_quote_order_qty', decimal)
    .addColumn('executed_qty', decimal, (c) => c.notNull())
    .addColumn('cummulative_quote_qty', decimal, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('triggered', 'integer')
    .addColumn('reason', 'text')
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('orders_mode_client_order_id_key', ['mode', 'client_order_id'])
    .execute();
  await db.schema
    .createIndex('orders_mode_order_id_idx')
    .ifNotExists()
    .on('orders')
    .columns(['mode', 'order_id'])
    .execute();
  await db.schema
    .createIndex('orders_mode_created_at_idx')
    .ifNotExists()
    .on('orders')
    .columns(['mode', 'created_at'])
    .execute();
  await db.schema
    .createIndex('orders_mode_status_idx')
    .ifNotExists()
    .on('orders')
    .columns(['mode', 'status'])
    .execute();

  await withMode(withId(db.schema.createTable('trade_logs').ifNotExists()))
    .addColumn('trade_id', 'text', (c) => c.notNull())
    .addColumn('order_id', 'text', (c) => c.notNull())
    .addColumn('client_order_id', 'text', (c) => c.notNull())
    .addColumn('symbol', 'text', (c) => c.notNull())
    .addColumn('side', 'text', (c) => c.notNull())
    .addColumn('price', decimal, (c) => c.notNull())
    .addColumn('qty', decimal, (c) => c.notNull())
    .addColumn('quote_qty', decimal, (c) => c.notNull())
    .addColumn('commission', decimal, (c) => c.notNull())
    .addColumn('commission_asset', 'text', (c) => c.notNull())
    .addColumn('is_maker', 'integer', (c) => c.notNull())
    .addColumn('time', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('trade_logs_mode_trade_id_symbol_key', ['mode', 'trade_id', 'symbol'])
    .execute();
  await db.schema
    .createIndex('trade_logs_mode_time_idx')
    .ifNotExists()
    .on('trade_logs')
    .columns(['mode', 'time'])
    .execute();
  await db.schema
    .createIndex('trade_logs_mode_client_order_id_idx')
    .ifNotExists()
    .on('trade_logs')
    .columns(['mode', 'client_order_id'])
    .execute();

  await withMode(db.schema.createTable('balances').ifNotExists())
    .addColumn('asset', 'text', (c) => c.notNull())
    .addColumn('free', decimal, (c) => c.notNull())
    .addColumn('locked', decimal, (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('balances_pkey', ['mode', 'asset'])
    .execute();

  await withMode(db.schema.createTable('accounts').ifNotExists())
    .addColumn('balances_updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('accounts_pkey', ['mode'])
    .execute();

  await withMode(withId(db.schema.createTable('context_snapshots').ifNotExists()))
    .addColumn('time', 'bigint', (c) => c.notNull())
    .addColumn('context_types', 'text', (c) => c.notNull())
    .addColumn('symbols', 'text', (c) => c.notNull())
    .addColumn('payload', 'text')
    .execute();
  await db.schema
    .createIndex('context_snapshots_mode_time_idx')
    .ifNotExists()
    .on('context_snapshots')
    .columns(['mode', 'time'])
    .execute();

  await withMode(db.schema.createTable('daily_pnl').ifNotExists())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('start_equity', decimal, (c) => c.notNull())
    .addColumn('last_equity', decimal, (c) => c.notNull())
    .addColumn('realized_pnl', decimal, (c) => c.notNull())
    .addColumn('breaker_tripped_at', 'bigint')
    .addColumn('breaker_reset_at', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('daily_pnl_pkey', ['mode', 'day'])
    .execute();

  await withMode(withId(db.schema.createTable('risk_events').ifNotExists()))
    .addColumn('time', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .execute();
  await db.schema
    .createIndex('risk_events_mode_time_idx')
    .ifNotExists()
    .on('risk_events')
    .columns(['mode', 'time'])
    .execute();

  await withMode(withId(db.schema.createTable('decisions').ifNotExists()))
    .addColumn('time', 'bigint', (c) => c.notNull())
    .addColumn('client_order_id', 'text', (c) => c.notNull())
    .addColumn('rationale', 'text', (c) => c.notNull())
    .addUniqueConstraint('decisions_mode_client_order_id_key', ['mode', 'client_order_id'])
    .execute();

  await withMode(withId(db.schema.createTable('audit_log').ifNotExists()))
    .addColumn('time', 'bigint', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .execute();
  await db.schema.createIndex('audit_log_time_idx').ifNotExists().on('audit_log').columns(['time']).execute();
}

/** Names of the journal's counters (see IdSequence). */
export const SEQUENCES = { paperOrderId: 'paper.order_id', paperTradeId: 'paper.trade_id' } as const;

/**
 * Named counters. The paper ones start above every number the paper exchange issued before the
 * sequence existed (ids of plain digits), so none is handed out twice.
 */
async function createSequences(db: Kysely<unknown>, dialect: StoreDialect): Promise<void> {
  await db.schema
    .createTable('sequences')
    .ifNotExists()
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'bigint', (c) => c.notNull())
    .execute();
  const digits = (column: string) =>
    dialect === 'postgres'
      ? sql`coalesce(max(${sql.ref(column)}::numeric), 0)::bigint`
      : sql`coalesce(max(cast(${sql.ref(column)} as integer)), 0)`;
  const plain = (column: string) =>
    dialect === 'postgres'
      ? sql`${sql.ref(column)} ~ '^[0-9]{1,15}$'`
      : sql`${sql.ref(column)} <> '' and ${sql.ref(column)} not glob '*[^0-9]*' and length(${sql.ref(column)}) <= 15`;
  await sql`insert into sequences (name, value) select ${SEQUENCES.paperOrderId}, ${digits('order_id')} from orders where mode = 'paper' and ${plain('order_id')} on conflict (name) do nothing`.execute(
    db,
  );
  await sql`insert into sequences (name, value) select ${SEQUENCES.paperTradeId}, ${digits('trade_id')} from trade_logs where mode = 'paper' and ${plain('trade_id')} on conflict (name) do nothing`.execute(
    db,
  );
}

/** One row per account: the limits the server that last started runs with (see LimitsJournal). */
async function createLimitsInForce(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('limits_in_force')
    .ifNotExists()
    .addColumn('mode', 'text', (c) => c.primaryKey().check(sql`mode in ('paper', 'live')`))
    .addColumn('limits', 'text', (c) => c.notNull())
    .addColumn('writer', 'text', (c) => c.notNull())
    .addColumn('since', 'bigint', (c) => c.notNull())
    .execute();
}

/** Context snapshots keep a summary, the payload's hash and size; the payload only when asked (SNAPSHOT_FULL). */
async function addSnapshotSummaries(db: Kysely<unknown>): Promise<void> {
  const tables = await db.introspection.getTables();
  const have = new Set(tables.find((t) => t.name === 'context_snapshots')?.columns.map((c) => c.name) ?? []);
  for (const [column, type] of [
    ['summary', 'text'],
    ['payload_sha256', 'text'],
    ['payload_bytes', 'bigint'],
  ] as const) {
    if (!have.has(column)) await db.schema.alterTable('context_snapshots').addColumn(column, type).execute();
  }
  await db.schema
    .createIndex('context_snapshots_time_idx')
    .ifNotExists()
    .on('context_snapshots')
    .column('time')
    .execute();
}

/** The operator's grants of live trading (`binance-mcp live allow`) and the one-time confirmation codes. */
async function createLiveConsent(db: Kysely<unknown>, dialect: StoreDialect): Promise<void> {
  const grants = db.schema.createTable('live_grants').ifNotExists();
  await (
    dialect === 'postgres'
      ? grants.addColumn('id', 'bigserial', (c) => c.primaryKey())
      : grants.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
  )
    .addColumn('granted_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .addColumn('granted_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('live_codes')
    .ifNotExists()
    .addColumn('nonce', 'text', (c) => c.primaryKey())
    .addColumn('session', 'text', (c) => c.notNull())
    .addColumn('transport', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
}

/** Who owns each account's venue (src/ownership): one row per account, taken and renewed by compare-and-set. */
async function createLeases(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('leases')
    .ifNotExists()
    .addColumn('account', 'text', (c) => c.primaryKey().check(sql`account in ('paper', 'live')`))
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('epoch', 'bigint', (c) => c.notNull())
    .addColumn('pid', 'integer', (c) => c.notNull())
    .addColumn('hostname', 'text', (c) => c.notNull())
    .addColumn('endpoint', 'text', (c) => c.notNull())
    .addColumn('acquired_at', 'bigint', (c) => c.notNull())
    .addColumn('renewed_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
}

/** Journaled backtest runs (src/store/backtest-journal.ts): the strategy's hash, the data range, the results as JSON. */
async function createBacktests(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('backtests')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('strategy_hash', 'text', (c) => c.notNull())
    .addColumn('strategy_name', 'text', (c) => c.notNull())
    .addColumn('market', 'text', (c) => c.notNull())
    .addColumn('symbols', 'text', (c) => c.notNull())
    .addColumn('interval', 'text', (c) => c.notNull())
    .addColumn('range_from', 'bigint', (c) => c.notNull())
    .addColumn('range_to', 'bigint', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('backtests_created_at_idx')
    .ifNotExists()
    .on('backtests')
    .columns(['created_at'])
    .execute();
  await db.schema
    .createIndex('backtests_strategy_hash_idx')
    .ifNotExists()
    .on('backtests')
    .columns(['strategy_hash'])
    .execute();
}

async function createNotifyOutbox(db: Kysely<unknown>, dialect: StoreDialect): Promise<void> {
  const table = db.schema.createTable('notify_outbox').ifNotExists();
  await (
    dialect === 'postgres'
      ? table.addColumn('id', 'bigserial', (c) => c.primaryKey())
      : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
  )
    .addColumn('event_key', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('silent', 'integer', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_at', 'bigint', (c) => c.notNull())
    .addColumn('claimed_until', 'bigint')
    .addColumn('delivered_at', 'bigint')
    .addColumn('failed_at', 'bigint')
    .addColumn('last_error', 'text')
    .addUniqueConstraint('notify_outbox_event_channel_key', ['event_key', 'channel'])
    .execute();
  await db.schema
    .createIndex('notify_outbox_due_idx')
    .ifNotExists()
    .on('notify_outbox')
    .columns(['channel', 'delivered_at', 'failed_at', 'next_at'])
    .execute();
}

/**
 * Order lists (OCOs and the brackets the trading service emulates) and, on every order, the venue's
 * id of the list it is a leg of and the basis points a trailing stop trails by.
 */
async function createOrderLists(db: Kysely<unknown>, dialect: StoreDialect): Promise<void> {
  const decimal = dialect === 'postgres' ? 'numeric' : 'text';
  const table = db.schema.createTable('order_lists').ifNotExists();
  await (
    dialect === 'postgres'
      ? table.addColumn('id', 'bigserial', (c) => c.primaryKey())
      : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
  )
    .addColumn('mode', 'text', (c) => c.notNull().check(sql`mode in ('paper', 'live')`))
    .addColumn('list_client_order_id', 'text', (c) => c.notNull())
    .addColumn('order_list_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('OCO', 'BRACKET')`))
    .addColumn('symbol', 'text', (c) => c.notNull())
    .addColumn('side', 'text', (c) => c.notNull())
    .addColumn('quantity', decimal, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('price', decimal, (c) => c.notNull())
    .addColumn('stop_price', decimal)
    .addColumn('stop_limit_price', decimal, (c) => c.notNull())
    .addColumn('stop_limit_time_in_force', 'text')
    .addColumn('trailing_delta', 'integer')
    .addColumn('limit_client_order_id', 'text')
    .addColumn('stop_client_order_id', 'text')
    .addColumn('entry_client_order_id', 'text')
    .addColumn('parent_list_client_order_id', 'text')
    .addColumn('reason', 'text')
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('order_lists_mode_list_client_order_id_key', ['mode', 'list_client_order_id'])
    .execute();
  for (const [name, columns] of [
    ['order_lists_mode_order_list_id_idx', ['mode', 'order_list_id']],
    ['order_lists_mode_status_idx', ['mode', 'status']],
    ['order_lists_mode_created_at_idx', ['mode', 'created_at']],
    ['order_lists_mode_parent_idx', ['mode', 'parent_list_client_order_id']],
  ] as const) {
    await db.schema
      .createIndex(name)
      .ifNotExists()
      .on('order_lists')
      .columns([...columns])
      .execute();
  }
  const tables = await db.introspection.getTables();
  const orders = new Set(tables.find((t) => t.name === 'orders')?.columns.map((c) => c.name) ?? []);
  if (!orders.has('order_list_id')) await db.schema.alterTable('orders').addColumn('order_list_id', 'text').execute();
  if (!orders.has('trailing_delta'))
    await db.schema.alterTable('orders').addColumn('trailing_delta', 'integer').execute();
}

async function createStrategyRuns(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('strategy_runs')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('mode', 'text', (c) => c.notNull().check(sql`mode in ('paper', 'live')`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('symbols', 'text', (c) => c.notNull())
    .addColumn('interval', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('running', 'stopped')`))
    .addColumn('license', 'text')
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('stopped_at', 'bigint')
    .addColumn('stop_reason', 'text')
    .addColumn('last_bar', 'bigint', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('driver', 'text')
    .addColumn('heartbeat_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('strategy_runs_status_idx')
    .ifNotExists()
    .on('strategy_runs')
    .columns(['status', 'started_at'])
    .execute();
}

/** A trailing stop's tracking state on its order (when tracking began, the extreme since), so a restart puts the stop back where it was. */
async function addOrderTrails(db: Kysely<unknown>, dialect: StoreDialect): Promise<void> {
  const tables = await db.introspection.getTables();
  const orders = new Set(tables.find((t) => t.name === 'orders')?.columns.map((c) => c.name) ?? []);
  if (!orders.has('trailing_time')) await db.schema.alterTable('orders').addColumn('trailing_time', 'bigint').execute();
  if (!orders.has('trailing_extreme'))
    await db.schema
      .alterTable('orders')
      .addColumn('trailing_extreme', dialect === 'postgres' ? 'numeric' : 'text')
      .execute();
}

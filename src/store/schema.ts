import type { Generated } from 'kysely';

/**
 * Column types as written. Reads come back looser (PostgreSQL returns int8 and numeric as
 * strings), so every read goes through rows.ts, which normalises them.
 * Times are epoch milliseconds; money is exact decimal (TEXT in SQLite, NUMERIC in PostgreSQL);
 * booleans are 0/1; free-form details are JSON text.
 */
type Ms = number;
type Dec = string;
type Id = Generated<number>;

export interface OrdersTable {
  id: Id;
  mode: string;
  client_order_id: string;
  order_id: string | null;
  symbol: string;
  side: string;
  type: string;
  time_in_force: string | null;
  price: Dec | null;
  stop_price: Dec | null;
  orig_qty: Dec;
  orig_quote_order_qty: Dec | null;
  executed_qty: Dec;
  cummulative_quote_qty: Dec;
  status: string;
  triggered: number | null;
  reason: string | null;
  origin: string;
  created_at: Ms;
  updated_at: Ms;
  /** The venue's id of the order list this order is a leg of (0011). */
  order_list_id: string | null;
  trailing_delta: number | null;
  /** A tracking trailing stop: when tracking began, and the highest (SELL) / lowest (BUY) trade since (0013). trailing_extreme is written by recordTrails only (the paper venue); trailing_time also by a live report that carries it. */
  trailing_time: Ms | null;
  trailing_extreme: Dec | null;
}

export interface TradeLogsTable {
  id: Id;
  mode: string;
  trade_id: string;
  order_id: string;
  client_order_id: string;
  symbol: string;
  side: string;
  price: Dec;
  qty: Dec;
  quote_qty: Dec;
  commission: Dec;
  commission_asset: string;
  is_maker: number;
  time: Ms;
}

export interface BalancesTable {
  mode: string;
  asset: string;
  free: Dec;
  locked: Dec;
  updated_at: Ms;
}

/** One row per mode once balances were ever saved: tells "no balances yet" from "all sold". */
export interface AccountsTable {
  mode: string;
  balances_updated_at: Ms;
}

export interface ContextSnapshotsTable {
  id: Id;
  mode: string;
  time: Ms;
  context_types: string;
  symbols: string;
  payload: string | null;
  summary: string | null;
  payload_sha256: string | null;
  payload_bytes: number | null;
}

export interface DailyPnlTable {
  mode: string;
  day: string;
  start_equity: Dec;
  last_equity: Dec;
  realized_pnl: Dec;
  breaker_tripped_at: Ms | null;
  breaker_reset_at: Ms | null;
  updated_at: Ms;
}

export interface RiskEventsTable {
  id: Id;
  mode: string;
  time: Ms;
  kind: string;
  code: string;
  message: string;
  detail: string | null;
}

export interface DecisionsTable {
  id: Id;
  mode: string;
  time: Ms;
  client_order_id: string;
  rationale: string;
}

export interface AuditLogTable {
  id: Id;
  mode: string;
  time: Ms;
  actor: string;
  action: string;
  detail: string | null;
}

/** Named counters (0003): `value` is the last number handed out. */
export interface SequencesTable {
  name: string;
  value: number;
}

/** The limits a server runs with, per mode (0006); limits and writer are JSON. */
export interface LimitsInForceTable {
  mode: string;
  limits: string;
  writer: string;
  since: Ms;
}

export interface LiveGrantsTable {
  id: Id;
  granted_at: Ms;
  expires_at: Ms;
  revoked_at: Ms | null;
  granted_by: string;
}

export interface LiveCodesTable {
  nonce: string;
  session: string;
  transport: string;
  code: string;
  issued_at: Ms;
  expires_at: Ms;
}

/** One row per account: which process owns its venue (see src/ownership). */
export interface LeasesTable {
  account: string;
  owner_id: string;
  epoch: number;
  pid: number;
  hostname: string;
  endpoint: string;
  acquired_at: Ms;
  renewed_at: Ms;
  expires_at: Ms;
}

export interface NotifyOutboxTable {
  id: Id;
  event_key: string;
  channel: string;
  kind: string;
  mode: string;
  silent: number;
  /** The NotifyEvent as JSON. */
  event: string;
  created_at: Ms;
  attempts: number;
  next_at: Ms;
  claimed_until: Ms | null;
  delivered_at: Ms | null;
  failed_at: Ms | null;
  last_error: string | null;
}

/** Order lists (0011): OCOs and emulated brackets; see ports/order-list-journal.ts. */
export interface OrderListsTable {
  id: Id;
  mode: string;
  list_client_order_id: string;
  order_list_id: string | null;
  kind: string;
  symbol: string;
  side: string;
  quantity: Dec;
  status: string;
  price: Dec;
  stop_price: Dec | null;
  stop_limit_price: Dec;
  stop_limit_time_in_force: string | null;
  trailing_delta: number | null;
  limit_client_order_id: string | null;
  stop_client_order_id: string | null;
  entry_client_order_id: string | null;
  parent_list_client_order_id: string | null;
  reason: string | null;
  origin: string;
  created_at: Ms;
  updated_at: Ms;
}

export interface JournalDatabase {
  orders: OrdersTable;
  trade_logs: TradeLogsTable;
  balances: BalancesTable;
  accounts: AccountsTable;
  context_snapshots: ContextSnapshotsTable;
  daily_pnl: DailyPnlTable;
  risk_events: RiskEventsTable;
  decisions: DecisionsTable;
  audit_log: AuditLogTable;
  sequences: SequencesTable;
  limits_in_force: LimitsInForceTable;
  live_grants: LiveGrantsTable;
  live_codes: LiveCodesTable;
  leases: LeasesTable;
  notify_outbox: NotifyOutboxTable;
  order_lists: OrderListsTable;
}

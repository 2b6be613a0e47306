import type { Balance } from '../model/balance.js';
import type { Fill } from '../model/fill.js';
import type { Order, OrderStatus } from '../model/order.js';
import type { TradingMode } from '../model/trading-mode.js';

// Its home is src/model; re-exported while callers still import it from here.
export type { TradingMode };

/**
 * A journaled order. Before the venue has answered, status is 'PENDING' and orderId is null;
 * when the venue's answer was lost (timeout, 5xx, crash) status is 'UNKNOWN' until reconciled.
 */
export interface OrderRecord extends Omit<Order, 'orderId' | 'status'> {
  mode: TradingMode;
  orderId: string | null;
  status: OrderStatus | 'PENDING' | 'UNKNOWN';
  /** Why the venue rejected it or why it ended without an answer, in words. */
  reason?: string;
  /** Where the order came from: 'mcp', 'rest', 'cli', ... */
  origin: string;
}

export interface FillRecord extends Fill {
  mode: TradingMode;
}

export interface OrderQuery {
  mode: TradingMode;
  symbol?: string;
  /** Only NEW / PARTIALLY_FILLED (and PENDING / UNKNOWN, which may still be open on the venue). */
  openOnly?: boolean;
  /** Newest first, at most this many (default 100). */
  limit?: number;
  /** Only orders created before this time (for paging). */
  before?: number;
}

export interface JournalFillQuery {
  mode: TradingMode;
  symbol?: string;
  /** Only the fills of this order. */
  clientOrderId?: string;
  since?: number;
  /** Oldest first when `since` is given, else newest first; at most this many (default 500). */
  limit?: number;
}

export interface DailyPnl {
  mode: TradingMode;
  /** UTC date, YYYY-MM-DD. */
  day: string;
  /** Portfolio value in USD at the first observation of the day. */
  startEquity: string;
  /** Latest observed portfolio value in USD. */
  lastEquity: string;
  realizedPnl: string;
  /** When the circuit breaker tripped this day, if it did (ms). */
  breakerTrippedAt: number | null;
  /** When the operator last reset the breaker this day (ms). */
  breakerResetAt: number | null;
  updatedAt: number;
}

export interface RiskEvent {
  mode: TradingMode;
  time: number;
  /** 'denied', 'breaker_tripped', 'breaker_reset', 'limits_changed', ... */
  kind: string;
  code: string;
  message: string;
  detail?: unknown;
}

export interface Decision {
  mode: TradingMode;
  time: number;
  clientOrderId: string;
  rationale: string;
}

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

export interface AuditEntry {
  mode: TradingMode;
  time: number;
  /** 'operator', 'model', 'system' */
  actor: string;
  action: string;
  detail?: unknown;
}

export interface Execution {
  mode: TradingMode;
  order: Order;
  /** Inserted once each: an identical repeat of a journaled fill (same mode, symbol, tradeId) is ignored; a different one throws JournalConflict. */
  fills: Fill[];
  /** The account's balances after this execution, replacing the stored ones for the mode, when given. */
  balances?: Balance[];
  /** Origin recorded when the venue reports an order the journal never saw (default 'venue'). */
  origin?: string;
}

/**
 * The journal. SQLite (default) or PostgreSQL, same migrations. Every method is atomic:
 * a crash leaves either all of a call's rows or none.
 */
export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  migrate(): Promise<void>;

  /** Writes the intent (status PENDING) before submission. Throws DuplicateClientOrderId when (mode, clientOrderId) exists. */
  recordIntent(intent: OrderRecord): Promise<void>;
  /** Order upsert (by mode + clientOrderId), fills and balances, in one transaction. A row clashing with a different journaled one throws JournalConflict (nothing written; the clash is audited as journal_conflict). */
  recordExecution(execution: Execution): Promise<void>;
  /** Ends an order without a venue answer (rejected before submission, lost, reconciled away). */
  markOrder(
    mode: TradingMode,
    clientOrderId: string,
    status: OrderRecord['status'],
    reason: string,
    time: number,
  ): Promise<void>;
  findOrder(mode: TradingMode, clientOrderId: string): Promise<OrderRecord | undefined>;
  findOrderByOrderId(mode: TradingMode, orderId: string): Promise<OrderRecord | undefined>;
  listOrders(query: OrderQuery): Promise<OrderRecord[]>;
  listFills(query: JournalFillQuery): Promise<FillRecord[]>;

  loadBalances(mode: TradingMode): Promise<Balance[] | undefined>;
  saveBalances(mode: TradingMode, balances: Balance[], time: number): Promise<void>;
  /** Operator's paper reset: open paper orders become CANCELED (reason given), balances replaced, an audit row written; one transaction. */
  resetPaperAccount(balances: Balance[], time: number): Promise<void>;

  getDailyPnl(mode: TradingMode, day: string): Promise<DailyPnl | undefined>;
  putDailyPnl(row: DailyPnl): Promise<void>;
  listDailyPnl(mode: TradingMode, limit?: number): Promise<DailyPnl[]>;

  recordRiskEvent(event: RiskEvent): Promise<void>;
  listRiskEvents(mode: TradingMode, limit?: number): Promise<RiskEvent[]>;
  recordDecision(decision: Decision): Promise<void>;
  findDecision(mode: TradingMode, clientOrderId: string): Promise<Decision | undefined>;
  recordContextSnapshot(snapshot: ContextSnapshot): Promise<void>;
  audit(entry: AuditEntry): Promise<void>;
  listAudit(limit?: number): Promise<AuditEntry[]>;

  close(): Promise<void>;
}

export class DuplicateClientOrderId extends Error {
  constructor(readonly clientOrderId: string) {
    super(`client order id ${clientOrderId} is already journaled`);
    this.name = 'DuplicateClientOrderId';
  }
}

/** The journal of orders and their fills: what the one road writes, and what order views read. */
import type { Balance } from '../model/balance.js';
import type { Fill } from '../model/fill.js';
import type { Order, OrderStatus, OrderTrail } from '../model/order.js';
import type { TradingMode } from '../model/trading-mode.js';

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
  /** Only the order with this client order id. */
  clientOrderId?: string;
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

/** Reading journaled orders and fills. */
export interface OrderHistory {
  findOrder(mode: TradingMode, clientOrderId: string): Promise<OrderRecord | undefined>;
  findOrderByOrderId(mode: TradingMode, orderId: string): Promise<OrderRecord | undefined>;
  listOrders(query: OrderQuery): Promise<OrderRecord[]>;
  listFills(query: JournalFillQuery): Promise<FillRecord[]>;
}

/** Writing orders: the intent before submission, the venue's answer after (with fills and balances). */
export interface OrderJournal extends OrderHistory {
  /** Writes the intent (status PENDING) before submission. Throws DuplicateClientOrderId when (mode, clientOrderId) exists. */
  recordIntent(intent: OrderRecord): Promise<void>;
  /** Order upsert (by mode + clientOrderId), fills and balances, in one transaction. A row clashing with a different journaled one throws JournalConflict (nothing written; the clash is audited as journal_conflict). */
  recordExecution(execution: Execution): Promise<void>;
  /**
   * Where tracking trailing stops stand now (the paper venue's own state: Binance keeps it for live
   * orders), one row update each, in one transaction; the only writer of trailingExtreme (trailingTime
   * also comes with a live order report that carries it). An order not journaled is skipped.
   */
  recordTrails(mode: TradingMode, trails: OrderTrail[]): Promise<void>;
  /** Ends an order without a venue answer (rejected before submission, lost, reconciled away). */
  markOrder(
    mode: TradingMode,
    clientOrderId: string,
    status: OrderRecord['status'],
    reason: string,
    time: number,
  ): Promise<void>;
}

export class DuplicateClientOrderId extends Error {
  constructor(readonly clientOrderId: string) {
    super(`client order id ${clientOrderId} is already journaled`);
    this.name = 'DuplicateClientOrderId';
  }
}

import type { Decimal } from '../model/money.js';
import type { Side, TimeInForce } from '../model/order.js';
import type { TradingMode } from '../model/trading-mode.js';

/** OCO: a venue order list. BRACKET: an entry whose OCOs the trading service places as it fills (Binance.US has no OTOCO). */
export type OrderListKind = 'OCO' | 'BRACKET';
export const ORDER_LIST_KINDS: readonly OrderListKind[] = ['OCO', 'BRACKET'];

/**
 * PENDING: journaled, the venue has not answered yet; EXECUTING: an OCO on the venue, a bracket
 * whose entry works or whose fills are protected; ALL_DONE: over; REJECT: refused as a whole;
 * UNKNOWN: the answer was lost; EXPIRED: never sent (deadline passed, or the paper venue died before
 * answering); CANCELED: a bracket the caller canceled.
 */
export type OrderListStatus = 'PENDING' | 'EXECUTING' | 'ALL_DONE' | 'REJECT' | 'UNKNOWN' | 'EXPIRED' | 'CANCELED';

/** Statuses under which a list may still have working orders on the venue. */
export const OPEN_LIST_STATUSES: readonly OrderListStatus[] = ['PENDING', 'EXECUTING', 'UNKNOWN'];

export function isOpenListStatus(status: OrderListStatus): boolean {
  return OPEN_LIST_STATUSES.includes(status);
}

/** A journaled order list: an OCO (from the venue) or a bracket (emulated by the trading service). */
export interface OrderListRecord {
  mode: TradingMode;
  listClientOrderId: string;
  /** The venue's id of an OCO once it answered; null before, and always for a bracket. */
  orderListId: string | null;
  kind: OrderListKind;
  symbol: string;
  /** The protective legs' side; for a bracket the exit side (the entry is the other one). */
  side: Side;
  /** An OCO: both legs' quantity. A bracket: the entry's quantity. */
  quantity: Decimal;
  status: OrderListStatus;
  /** The take-profit leg's LIMIT_MAKER price. */
  price: Decimal;
  stopPrice?: Decimal;
  stopLimitPrice: Decimal;
  stopLimitTimeInForce?: TimeInForce;
  /** Basis points the stop trails by (TRAILING_DELTA filter). */
  trailingDelta?: number;
  /** An OCO: its legs' client order ids, fixed before it is sent. */
  limitClientOrderId?: string;
  stopClientOrderId?: string;
  /** A bracket: its entry order's client order id. */
  entryClientOrderId?: string;
  /** An OCO placed for a bracket: the bracket's list client order id. */
  parentListClientOrderId?: string;
  /** Why it ended, or what went wrong, in words. */
  reason?: string;
  /** 'mcp', 'rest', 'cli', 'venue', ... */
  origin: string;
  createdAt: number;
  updatedAt: number;
}

export interface OrderListQuery {
  mode: TradingMode;
  symbol?: string | undefined;
  kind?: OrderListKind | undefined;
  /** Only lists that may still work (PENDING, EXECUTING, UNKNOWN). */
  openOnly?: boolean | undefined;
  /** Only the bracket whose entry has this client order id. */
  entryClientOrderId?: string | undefined;
  /** Only the OCOs placed for this bracket. */
  parentListClientOrderId?: string | undefined;
  /** Newest first, at most this many (default 100). */
  limit?: number | undefined;
}

export interface OrderListChange {
  status: OrderListStatus;
  orderListId?: string;
  reason?: string;
  time: number;
}

/**
 * The journal of order lists, kept beside Store (migration 0011_order_lists). The legs are ordinary
 * journaled orders carrying the list's orderListId; this keeps what binds them: the list's client id,
 * its parameters, and for a bracket its entry and the OCOs placed for it.
 */
export interface OrderListJournal {
  /** Writes a list before it is sent. Throws DuplicateClientOrderId when (mode, listClientOrderId) exists. */
  recordList(list: OrderListRecord): Promise<void>;
  /**
   * Moves a list to a new status. A list the venue already ended (ALL_DONE, REJECT, EXPIRED, CANCELED)
   * does not reopen: a report that would reopen it is older news and is ignored (returns false).
   */
  changeList(mode: TradingMode, listClientOrderId: string, change: OrderListChange): Promise<boolean>;
  findList(mode: TradingMode, listClientOrderId: string): Promise<OrderListRecord | undefined>;
  findListByOrderListId(mode: TradingMode, orderListId: string): Promise<OrderListRecord | undefined>;
  listLists(query: OrderListQuery): Promise<OrderListRecord[]>;
}

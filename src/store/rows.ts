import type { Selectable } from 'kysely';
import type { Balance } from '../model/balance.js';
import { dec, str, type Decimal } from '../model/money.js';
import type { Order, OrderType, Side, TimeInForce } from '../model/order.js';
import type { LimitsInForce } from '../ports/limits-in-force.js';
import type {
  AuditEntry,
  DailyPnl,
  Decision,
  FillRecord,
  OrderRecord,
  RiskEvent,
  TradingMode,
} from '../ports/store.js';
import type { Fill } from '../model/fill.js';
import type { JournalDatabase, OrdersTable } from './schema.js';

type Row<T extends keyof JournalDatabase> = Selectable<JournalDatabase[T]>;

/** Canonical decimal string ("1.50000000" becomes "1.5"); rejects anything that is not a plain decimal. */
export function canonical(value: Decimal, field: string): Decimal {
  try {
    return str(dec(value));
  } catch {
    throw new Error(`${field} ${JSON.stringify(value)} is not a decimal number`);
  }
}

/** PostgreSQL returns numeric as a string with its stored scale; SQLite returns our TEXT. */
export function decimalOut(value: unknown): Decimal {
  return str(dec(String(value)));
}

/** PostgreSQL returns int8 as a string. */
export function msOut(value: unknown): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(n))
    throw new Error(`stored time ${String(value)} is not an integer number of milliseconds`);
  return n;
}

function optionalMs(value: unknown): number | null {
  return value === null || value === undefined ? null : msOut(value);
}

export function jsonIn(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

function jsonOut(value: string | null): { detail?: unknown } {
  return value === null ? {} : { detail: JSON.parse(value) as unknown };
}

function optionalDecimalIn(value: Decimal | undefined, field: string): Decimal | null {
  return value === undefined ? null : canonical(value, field);
}

/** The venue-reported columns of an order; journal-only columns (origin, reason, created_at) are left to the caller. */
export function orderColumns(order: Omit<Order, 'orderId' | 'status'> & { orderId: string | null; status: string }) {
  return {
    order_id: order.orderId,
    symbol: order.symbol,
    side: order.side,
    type: order.type,
    time_in_force: order.timeInForce ?? null,
    price: optionalDecimalIn(order.price, 'price'),
    stop_price: optionalDecimalIn(order.stopPrice, 'stopPrice'),
    orig_qty: canonical(order.origQty, 'origQty'),
    orig_quote_order_qty: optionalDecimalIn(order.origQuoteOrderQty, 'origQuoteOrderQty'),
    executed_qty: canonical(order.executedQty, 'executedQty'),
    cummulative_quote_qty: canonical(order.cummulativeQuoteQty, 'cummulativeQuoteQty'),
    status: order.status,
    triggered: order.triggered === undefined ? null : order.triggered ? 1 : 0,
    // Only a report that names the list sets it: an update without it never unlinks a leg.
    ...(order.orderListId !== undefined ? { order_list_id: order.orderListId } : {}),
    ...(order.trailingDelta !== undefined ? { trailing_delta: order.trailingDelta } : {}),
    // Binance reports trailingTime on live orders; the paper venue's trails go through recordTrails.
    ...(order.trailingTime !== undefined ? { trailing_time: order.trailingTime } : {}),
    updated_at: order.updatedAt,
  } satisfies Partial<Omit<OrdersTable, 'id'>>;
}

export function orderFromRow(row: Row<'orders'>): OrderRecord {
  return {
    mode: row.mode as TradingMode,
    orderId: row.order_id,
    clientOrderId: row.client_order_id,
    symbol: row.symbol,
    side: row.side as Side,
    type: row.type as OrderType,
    ...(row.time_in_force !== null ? { timeInForce: row.time_in_force as TimeInForce } : {}),
    ...(row.price !== null ? { price: decimalOut(row.price) } : {}),
    ...(row.stop_price !== null ? { stopPrice: decimalOut(row.stop_price) } : {}),
    origQty: decimalOut(row.orig_qty),
    ...(row.orig_quote_order_qty !== null ? { origQuoteOrderQty: decimalOut(row.orig_quote_order_qty) } : {}),
    executedQty: decimalOut(row.executed_qty),
    cummulativeQuoteQty: decimalOut(row.cummulative_quote_qty),
    status: row.status as OrderRecord['status'],
    ...(row.triggered !== null ? { triggered: Number(row.triggered) === 1 } : {}),
    ...(row.reason !== null ? { reason: row.reason } : {}),
    ...(row.order_list_id !== null && row.order_list_id !== undefined ? { orderListId: row.order_list_id } : {}),
    ...(row.trailing_delta !== null && row.trailing_delta !== undefined
      ? { trailingDelta: Number(row.trailing_delta) }
      : {}),
    ...(row.trailing_time !== null && row.trailing_time !== undefined
      ? { trailingTime: msOut(row.trailing_time) }
      : {}),
    ...(row.trailing_extreme !== null && row.trailing_extreme !== undefined
      ? { trailingExtreme: decimalOut(row.trailing_extreme) }
      : {}),
    origin: row.origin,
    createdAt: msOut(row.created_at),
    updatedAt: msOut(row.updated_at),
  };
}

export function fillRow(mode: TradingMode, fill: Fill) {
  return {
    mode,
    trade_id: fill.tradeId,
    order_id: fill.orderId,
    client_order_id: fill.clientOrderId,
    symbol: fill.symbol,
    side: fill.side,
    price: canonical(fill.price, 'price'),
    qty: canonical(fill.qty, 'qty'),
    quote_qty: canonical(fill.quoteQty, 'quoteQty'),
    commission: canonical(fill.commission, 'commission'),
    commission_asset: fill.commissionAsset,
    is_maker: fill.isMaker ? 1 : 0,
    time: fill.time,
  };
}

export function fillFromRow(row: Row<'trade_logs'>): FillRecord {
  return {
    mode: row.mode as TradingMode,
    tradeId: row.trade_id,
    orderId: row.order_id,
    clientOrderId: row.client_order_id,
    symbol: row.symbol,
    side: row.side as Side,
    price: decimalOut(row.price),
    qty: decimalOut(row.qty),
    quoteQty: decimalOut(row.quote_qty),
    commission: decimalOut(row.commission),
    commissionAsset: row.commission_asset,
    isMaker: Number(row.is_maker) === 1,
    time: msOut(row.time),
  };
}

export function balanceRow(mode: TradingMode, balance: Balance, time: number) {
  return {
    mode,
    asset: balance.asset,
    free: canonical(balance.free, `${balance.asset} free`),
    locked: canonical(balance.locked, `${balance.asset} locked`),
    updated_at: time,
  };
}

export function balanceFromRow(row: Pick<Row<'balances'>, 'asset' | 'free' | 'locked'>): Balance {
  return { asset: row.asset, free: decimalOut(row.free), locked: decimalOut(row.locked) };
}

export function dailyPnlRow(row: DailyPnl) {
  return {
    mode: row.mode,
    day: row.day,
    start_equity: canonical(row.startEquity, 'startEquity'),
    last_equity: canonical(row.lastEquity, 'lastEquity'),
    realized_pnl: canonical(row.realizedPnl, 'realizedPnl'),
    breaker_tripped_at: row.breakerTrippedAt,
    breaker_reset_at: row.breakerResetAt,
    updated_at: row.updatedAt,
  };
}

export function dailyPnlFromRow(row: Row<'daily_pnl'>): DailyPnl {
  return {
    mode: row.mode as TradingMode,
    day: row.day,
    startEquity: decimalOut(row.start_equity),
    lastEquity: decimalOut(row.last_equity),
    realizedPnl: decimalOut(row.realized_pnl),
    breakerTrippedAt: optionalMs(row.breaker_tripped_at),
    breakerResetAt: optionalMs(row.breaker_reset_at),
    updatedAt: msOut(row.updated_at),
  };
}

export function riskEventFromRow(row: Row<'risk_events'>): RiskEvent {
  return {
    mode: row.mode as TradingMode,
    time: msOut(row.time),
    kind: row.kind,
    code: row.code,
    message: row.message,
    ...jsonOut(row.detail),
  };
}

export function decisionFromRow(row: Row<'decisions'>): Decision {
  return {
    mode: row.mode as TradingMode,
    time: msOut(row.time),
    clientOrderId: row.client_order_id,
    rationale: row.rationale,
  };
}

export function auditFromRow(row: Row<'audit_log'>): AuditEntry {
  return {
    mode: row.mode as TradingMode,
    time: msOut(row.time),
    actor: row.actor,
    action: row.action,
    ...jsonOut(row.detail),
  };
}

export function limitsInForceFromRow(row: Row<'limits_in_force'>): LimitsInForce {
  return {
    mode: row.mode as TradingMode,
    limits: JSON.parse(row.limits) as LimitsInForce['limits'],
    writer: JSON.parse(row.writer) as LimitsInForce['writer'],
    since: msOut(row.since),
  };
}

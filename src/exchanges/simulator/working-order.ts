import type { Order, OrderStatus } from '../../model/order.js';
import { fromAtto, fromUnits } from './fixed-point.js';
import type { SymbolScale } from './symbol-scale.js';

export const StopKind = { None: 0, StopLoss: 1, TakeProfit: 2 } as const;
export type StopKind = (typeof StopKind)[keyof typeof StopKind];

/** An order inside the engine: its public view plus the integers the engine works with. */
export interface WorkingOrder {
  /** The public view, refreshed by syncView; callers only ever get copies. */
  readonly order: Order;
  readonly scale: SymbolScale;
  /** Placement sequence, for time priority. */
  readonly seq: number;
  readonly buy: boolean;
  /** Limit price in price units; 0 for MARKET. */
  readonly limit: number;
  /** Stop price in price units; 0 when not a stop order. */
  readonly stop: number;
  readonly stopKind: StopKind;
  /** Quantity units still to fill. */
  remaining: number;
  executed: number;
  /** Quote atto-units spent (BUY) or received (SELL). */
  quoteAtto: bigint;
  /** Funds this order still holds: quote atto for a BUY, base atto for a SELL. */
  lockedAtto: bigint;
  /** A stop order whose stop price has been crossed but has not yet been matched against a book. */
  awaitingBook: boolean;
}

export function isWorkingStop(wo: WorkingOrder): boolean {
  return wo.stopKind !== StopKind.None && !wo.order.triggered;
}

/** Writes the integers back into the public view. */
export function syncView(wo: WorkingOrder, status: OrderStatus, now: number): void {
  const o = wo.order;
  o.executedQty = fromUnits(wo.executed, wo.scale.qtyDecimals);
  o.cummulativeQuoteQty = fromAtto(wo.quoteAtto);
  o.status = status;
  o.updatedAt = now;
}

export function copyOrder(wo: WorkingOrder): Order {
  return { ...wo.order };
}

/**
 * Whether the last trade price has crossed the stop. STOP_LOSS_LIMIT: a SELL triggers at or
 * below the stop, a BUY at or above; TAKE_PROFIT_LIMIT the opposite.
 * The price comes as its floor in price units plus whether it sat exactly on the grid.
 */
export function stopCrossed(wo: WorkingOrder, floor: number, exact: boolean): boolean {
  const ceil = exact ? floor : floor + 1;
  const triggersBelow = (wo.stopKind === StopKind.StopLoss) !== wo.buy;
  return triggersBelow ? ceil <= wo.stop : floor >= wo.stop;
}

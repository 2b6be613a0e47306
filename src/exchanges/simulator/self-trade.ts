/**
 * Self-trade prevention (Binance.US faqs/stp_faq.md): our own resting orders are on the book, so an
 * incoming order (the taker) that reaches one of them does not trade with it; the taker's mode
 * decides what expires, with status EXPIRED_IN_MATCH:
 * - EXPIRE_TAKER: the taker's remaining quantity, at the first own order it reaches;
 * - EXPIRE_MAKER (the Binance.US default): each own order it reaches, while the taker goes on;
 * - EXPIRE_BOTH: the first own order it reaches and the taker.
 * The maker's own mode plays no part ("the STP mode of an order that goes on the book is no longer
 * relevant"). Public and own liquidity interleave by price; at one price the visible quantity is
 * taken first (where our order stands in that queue is unknown: the cautious guess, as for fills).
 */
import type { Market } from '../../model/market.js';
import type { SelfTradePreventionMode } from '../../model/order.js';
import type { BookSide, FillSink } from './visible-book.js';
import type { WorkingOrder } from './working-order.js';

export const DEFAULT_STP_MODE: SelfTradePreventionMode = 'EXPIRE_MAKER';

/** The mode a taker trades under: its own, else the symbol's default, else Binance.US's. */
export function stpModeOf(taker: WorkingOrder, market: Market): SelfTradePreventionMode {
  return taker.selfTradePreventionMode ?? market.defaultSelfTradePreventionMode ?? DEFAULT_STP_MODE;
}

/** Our resting orders a taker buying (or selling) with this limit (undefined: MARKET) could meet, best price first, then oldest. */
export function ownOrdersInReach(
  open: Iterable<WorkingOrder>,
  buy: boolean,
  limit: number | undefined,
): WorkingOrder[] {
  const reach: WorkingOrder[] = [];
  for (const wo of open) {
    if (wo.buy === buy || wo.isWorkingStop() || wo.awaitingBook) continue;
    if (limit === undefined || (buy ? wo.limit <= limit : wo.limit >= limit)) reach.push(wo);
  }
  return reach.sort(buy ? (a, b) => a.limit - b.limit || a.seq - b.seq : (a, b) => b.limit - a.limit || a.seq - b.seq);
}

export interface SelfTradeOutcome {
  /** The taker's remaining quantity expired (EXPIRE_TAKER, EXPIRE_BOTH). */
  takerExpired: boolean;
  /** Own resting orders to expire (EXPIRE_MAKER, EXPIRE_BOTH). */
  makersExpired: WorkingOrder[];
}

/**
 * Walks `side` for the taker as `side.take` does, stopping at each own order in `own` (best first)
 * that it reaches with quantity left, and applying `mode` there. The sink settles each public fill
 * (so `taker.remaining` falls as it goes).
 */
export function takeAroundOwnOrders(
  side: BookSide,
  taker: WorkingOrder,
  limit: number | undefined,
  own: WorkingOrder[],
  mode: SelfTradePreventionMode,
  sink: FillSink,
): SelfTradeOutcome {
  const makersExpired: WorkingOrder[] = [];
  for (const maker of own) {
    side.take(taker.remaining, maker.limit, sink);
    if (taker.remaining === 0) return { takerExpired: false, makersExpired };
    if (mode === 'EXPIRE_TAKER') return { takerExpired: true, makersExpired };
    makersExpired.push(maker);
    if (mode === 'EXPIRE_BOTH') return { takerExpired: true, makersExpired };
  }
  side.take(taker.remaining, limit, sink);
  return { takerExpired: false, makersExpired };
}

/** Whether a FOK taker reaches an own order before it could fill entirely from the visible book (EXPIRE_TAKER/BOTH then end it). */
export function fokStoppedByOwnOrder(
  side: BookSide,
  taker: WorkingOrder,
  own: WorkingOrder[],
): WorkingOrder | undefined {
  const first = own[0];
  if (first === undefined) return undefined;
  return side.available(first.limit, taker.remaining) < taker.remaining ? first : undefined;
}

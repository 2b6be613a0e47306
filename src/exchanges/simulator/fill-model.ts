/**
 * What fills a resting limit order when a public trade prints exactly at its price (PAPER_FILL_MODEL).
 * Prints strictly through the price fill it under either model.
 * - `conservative`: never (where the order stands in the queue at its price is unknown).
 * - `queue`: the order joins the back of the visible queue at its price when it rests (`queueAhead`:
 *   the snapshot's quantity at that price). Each print at that price on the order's side (a SELL
 *   aggressor for a resting BUY: buyerIsMaker; a BUY aggressor for a resting SELL) first uses up the
 *   quantity ahead; what is left of it fills the order. Cancellations ahead are not seen, so the
 *   queue only shrinks by trades: a cautious estimate. An order restored after a restart has no
 *   known place and waits as under `conservative`.
 */
import type { WorkingOrder } from './working-order.js';

export const FILL_MODELS = ['conservative', 'queue'] as const;
export type FillModel = (typeof FILL_MODELS)[number];

/** Whether a print at exactly the order's price traded against the order's side of the book. */
export function printHitsSide(wo: WorkingOrder, buyerIsMaker: boolean): boolean {
  return wo.buy === buyerIsMaker;
}

/** The quantity units of a print at the order's price that reach it (after the queue ahead), taking them from the queue. */
export function passQueue(wo: WorkingOrder, printed: number): number {
  const ahead = wo.queueAhead;
  if (ahead >= printed) {
    wo.queueAhead = ahead - printed;
    return 0;
  }
  wo.queueAhead = 0;
  return printed - ahead;
}

/** How much of a print at the order's price would reach it, without changing its queue (for an execution guard's review). */
export function wouldPassQueue(wo: WorkingOrder, printed: number): boolean {
  return wo.queueAhead < printed;
}

/** A forward run's own bookkeeping, saved with each processed bar (strategy_runs.state). */

/** One entry the run holds: what it bought and the protective levels it watches. */
export interface RunLot {
  id: number;
  symbol: string;
  /** Base quantity held (exact decimal). */
  qty: string;
  entryPrice: number;
  /** Open time of the bar the entry was decided on. */
  entryBar: number;
  stop: number;
  target: number;
  /** Trailing distance as a fraction (0.05 = 5%); 0 when none. */
  trail: number;
  /** Highest print since entry, for the trailing stop. */
  high: number;
  /** When the risk limits last refused its sell (tried again a bar later). */
  refusedAt?: number;
}

/** An order decided at a bar's close or by a stop on the prints, written down before it is sent. */
export interface PendingOrder {
  actionId: string;
  symbol: string;
  side: 'BUY' | 'SELL';
  reason: string;
  /** Fixed when first sent, so a resent action is the same order. */
  quoteQuantity?: string;
  quantity?: string;
  lotId?: number;
  signalClose?: number;
  atrs?: Record<string, number>;
  /** A limit entry: its price (fixed with the quantity) and when it is canceled if still resting. */
  price?: string;
  expiresAt?: number;
  /** A grid order's level. */
  level?: number;
}

/** An order the run left resting on the venue, followed from the account's orders. */
export interface RestingOrder {
  kind: 'take-profit' | 'entry' | 'grid-buy' | 'grid-sell';
  symbol: string;
  clientOrderId: string;
  /** The lot a take-profit sells, or the lot an entry's fills made. */
  lotId?: number;
  /** Base quantity executed so far, as booked. */
  executed: string;
  /** Entry: canceled once the bar closing at this time has been processed. */
  expiresAt?: number;
  atrs?: Record<string, number>;
  /** A grid order's level. */
  level?: number;
}

export interface RunState {
  nextLot: number;
  lots: RunLot[];
  /** Per symbol: no entry on bars opening at or before this time (cooldown after an exit). */
  cooldownUntil: Record<string, number>;
  pending: PendingOrder[];
  /** Take-profits and limit entries resting on the venue (absent in states saved before they existed). */
  resting?: RestingOrder[];
  /** A grid's price levels per symbol, set around the open of its first bar. */
  grid?: Record<string, number[]>;
  /** Open time of the bar the pending orders were decided on; null for exits the prints called for. */
  pendingBar: number | null;
  counts: { orders: number; filled: number; denied: number; rejected: number };
  lastProblem: string | null;
  /** Open time of the first bar traded (every `every` counts from it). */
  firstBar: number | null;
}

export function emptyRunState(): RunState {
  return {
    nextLot: 1,
    lots: [],
    cooldownUntil: {},
    pending: [],
    resting: [],
    pendingBar: null,
    counts: { orders: 0, filled: 0, denied: 0, rejected: 0 },
    lastProblem: null,
    firstBar: null,
  };
}

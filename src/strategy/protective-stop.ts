/**
 * The one rule for stop-losses and trailing stops on prints, used by the backtest (on the
 * simulated prints of each sub-step) and by strategies run forward (on the market's trades since
 * the last look): the stop is crossed when the lowest print reaches the higher of the fixed stop and
 * the trail below the highest print seen before this look. Otherwise the highest print raises the
 * trail.
 */

/** The protective levels of one open entry. */
export interface GuardedLot {
  /** Fixed stop price, 0 when none. */
  stop: number;
  /** Trailing distance as a fraction (0.05 = 5%), 0 when none. */
  trail: number;
  /** Highest print since entry. */
  high: number;
}

export type StopExit = 'stop-loss' | 'trailing stop';

/** Which stop the prints between `low` and `high` crossed, or null (after raising the lot's high). */
export function stopCrossed(lot: GuardedLot, low: number, high: number): StopExit | null {
  const trailLevel = lot.trail > 0 ? lot.high * (1 - lot.trail) : 0;
  const level = Math.max(lot.stop, trailLevel);
  if (level > 0 && low <= level) return lot.stop >= trailLevel ? 'stop-loss' : 'trailing stop';
  if (high > lot.high) lot.high = high;
  return null;
}

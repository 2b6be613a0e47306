/**
 * Trailing stops as Binance documents them (binance-us-api-docs faqs/trailing-stop-faq.md), on
 * STOP_LOSS_LIMIT, TAKE_PROFIT_LIMIT and the stop leg of an OCO:
 * - without a stop price, tracking starts at placement, from the last price then (Scenario E);
 * - with one, tracking starts at the first trade that meets the stop price condition (SELL
 *   STOP_LOSS_LIMIT / BUY TAKE_PROFIT_LIMIT: price <= stop; the other two: price >= stop), and
 *   that trade is the first extreme (Scenarios A-D);
 * - a SELL triggers on the first trade at or below highest × (1 - delta / 10,000), the highest
 *   trade since tracking began; a BUY at or above lowest × (1 + delta / 10,000). Every trade counts.
 * Prices are compared exactly, as atto-unit integers.
 *
 * Whoever must keep a trail across a restart (the paper venue: see SimulatedBroker's recordTrails)
 * passes `moved`: it hears each time tracking begins or the extreme moves, and `add` takes that
 * state back. Without it (the backtest) nothing more is done per trade.
 */
import type { Decimal } from '../../model/money.js';
import { fitsUnits, toAtto, toUnits } from './fixed-point.js';
import { stopCrossed, type WorkingOrder } from './working-order.js';

const BIPS = 10_000n;

interface Trail {
  delta: bigint;
  /** Whether the stop price condition has been met (always, without a stop price). */
  tracking: boolean;
  /** Highest (SELL) or lowest (BUY) trade price since tracking began, in atto; undefined until a first price. */
  extreme: bigint | undefined;
  /** When tracking began (Binance's trailingTime). */
  since: number;
}

/** Tracking began or the extreme moved: `since` is when tracking began, `extreme` the new extreme (atto). */
export type TrailMoved = (wo: WorkingOrder, since: number, extreme: bigint) => void;

/** A trail as it stood before a restart (Order.trailingTime / trailingExtreme). */
export interface RestoredTrail {
  trailingTime: number;
  trailingExtreme: Decimal;
}

export class TrailingStops {
  private readonly trails = new Map<WorkingOrder, Trail>();

  constructor(private readonly moved?: TrailMoved) {}

  /**
   * Starts trailing `wo` by `delta` BIPS. `from`: the price tracking starts from when the order
   * has no stop price (the last price at placement); without it, the next trade sets it.
   * `restored`: where it stood before a restart (tracking, from that extreme).
   */
  add(wo: WorkingOrder, delta: number, from?: Decimal, restored?: RestoredTrail): void {
    if (restored) {
      this.trails.set(wo, {
        delta: BigInt(delta),
        tracking: true,
        extreme: toAtto(restored.trailingExtreme),
        since: restored.trailingTime,
      });
      return;
    }
    const tracking = wo.stop === 0;
    const trail: Trail = {
      delta: BigInt(delta),
      tracking,
      extreme: tracking && from !== undefined && from !== '0' ? toAtto(from) : undefined,
      since: wo.createdAt,
    };
    this.trails.set(wo, trail);
    if (trail.extreme !== undefined) this.moved?.(wo, trail.since, trail.extreme);
  }

  has(wo: WorkingOrder): boolean {
    return this.trails.has(wo);
  }

  /** A public trade at `price` at `time`: whether `wo` triggers on it. A triggered order is no longer trailed. */
  onTrade(wo: WorkingOrder, price: Decimal, time: number): boolean {
    const trail = this.trails.get(wo);
    if (!trail) return false;
    const atto = toAtto(price);
    if (!trail.tracking) {
      const decimals = wo.scale.priceDecimals;
      if (!stopCrossed(wo.stopKind, wo.buy, wo.stop, toUnits(price, decimals, 'down'), fitsUnits(price, decimals)))
        return false;
      trail.tracking = true;
      trail.extreme = atto;
      trail.since = time;
      this.moved?.(wo, time, atto);
      return false;
    }
    if (trail.extreme === undefined || (wo.buy ? atto < trail.extreme : atto > trail.extreme)) {
      trail.extreme = atto;
      this.moved?.(wo, trail.since, atto);
      return false;
    }
    const fired = wo.buy
      ? atto * BIPS >= trail.extreme * (BIPS + trail.delta)
      : atto * BIPS <= trail.extreme * (BIPS - trail.delta);
    if (fired) this.trails.delete(wo);
    return fired;
  }

  /** The price a trade must reach to trigger `wo` now, in atto (undefined while it is not tracking). */
  triggerAtto(wo: WorkingOrder): bigint | undefined {
    const trail = this.trails.get(wo);
    if (!trail?.tracking || trail.extreme === undefined) return undefined;
    return wo.buy
      ? (trail.extreme * (BIPS + trail.delta) + BIPS - 1n) / BIPS
      : (trail.extreme * (BIPS - trail.delta)) / BIPS;
  }

  forget(wo: WorkingOrder): void {
    this.trails.delete(wo);
  }

  clear(): void {
    this.trails.clear();
  }
}

import type { Market } from '../model/market.js';
import type { OrderUpdate } from '../ports/broker.js';
import type { BarSeries } from './bars.js';
import type { Execution } from './execution.js';
import type { Positions } from './positions.js';

/** What a strategy driver sees of the run. */
export interface RunContext {
  exec: Execution;
  positions: Positions;
  markets: ReadonlyMap<string, Market>;
  bars: ReadonlyMap<string, BarSeries>;
  /** Lot step of each symbol, as a float. */
  steps: ReadonlyMap<string, number>;
  now(): number;
  /** Equity in quote, marked at the latest closes. */
  equity(): number;
  /** The latest trade price of a symbol (from the market data, at the clock's time); a number at once on the fast path. */
  lastPrice(symbol: string): number | Promise<number>;
}

/**
 * A strategy's behaviour inside the event loop. The loop calls, per bar of a symbol: atOpen (act
 * on what the previous close decided), then onPrints for every sub-step of the bar while watching()
 * says so, then atClose with the bar's index once it has closed.
 */
export interface StrategyDriver {
  /** Warm-up bar (before the tested range): indicators only. */
  warmUp(symbol: string, index: number): void;
  /** Undefined (no promise) when there was nothing to do. */
  atOpen(symbol: string, index: number): Promise<void> | void;
  /** True while the driver must see prints inside bars (stops to watch). */
  watching(): boolean;
  onPrints(symbol: string, low: number, high: number): Promise<void>;
  atClose(symbol: string, index: number): Promise<void> | void;
  /**
   * True when no sequence of prints within [low, high] inside the bar that opened at `open` can
   * make onPrints sell: onPrints would only raise the trailing highs. Lets the loop walk such a bar
   * in one step instead of sub-steps. Absent: the loop always walks the sub-steps.
   */
  quietThrough?(symbol: string, low: number, high: number, open: number): boolean;
  onOrderUpdate(update: OrderUpdate): Promise<void>;
}

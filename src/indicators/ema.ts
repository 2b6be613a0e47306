import { assertPeriod, warmupOutput } from './series.js';
import type { StreamingIndicator } from './streaming.js';

/** TA-Lib's smoothing factor for a period: 2 / (period + 1). */
export function emaFactor(period: number): number {
  return 2 / (period + 1);
}

/**
 * Exponential moving average seeded with the SMA of the first `period` closes (TA-Lib classic,
 * StockCharts): first value at bar period-1, then prev + k * (close - prev) in TA-Lib's operand
 * order, so results are bit-identical to TA_EMA. `out`, when given, receives the result.
 */
export function ema(closes: Float64Array, period: number, out?: Float64Array): Float64Array {
  assertPeriod('EMA period', period);
  const length = closes.length;
  out = warmupOutput(length, period - 1, out);
  if (length < period) return out;
  const k = emaFactor(period);
  let total = 0;
  for (let i = 0; i < period; i++) total += closes[i];
  let prev = total / period;
  out[period - 1] = prev;
  for (let i = period; i < length; i++) {
    prev = (closes[i] - prev) * k + prev;
    out[i] = prev;
  }
  return out;
}

export class EmaUpdater implements StreamingIndicator<number> {
  readonly period: number;
  readonly #k: number;
  #count = 0;
  /** Sum of the closes while seeding, the EMA afterwards. */
  #state = 0;

  constructor(period: number) {
    assertPeriod('EMA period', period);
    this.period = period;
    this.#k = emaFactor(period);
  }

  get count(): number {
    return this.#count;
  }

  /** The EMA after the last committed bar, NaN while seeding. */
  get value(): number {
    return this.#count < this.period ? NaN : this.#state;
  }

  update(close: number): number {
    const value = this.#next(close);
    this.#count++;
    if (this.#count < this.period) this.#state += close;
    else this.#state = value;
    return value;
  }

  peek(close: number): number {
    return this.#next(close);
  }

  #next(close: number): number {
    const seen = this.#count;
    const period = this.period;
    if (seen < period - 1) return NaN;
    if (seen === period - 1) return (this.#state + close) / period;
    return (close - this.#state) * this.#k + this.#state;
  }
}

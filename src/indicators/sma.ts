import { assertPeriod, warmupOutput } from './series.js';
import type { StreamingIndicator } from './streaming.js';

/**
 * Simple moving average, TA-Lib's running-sum form (add the new close, divide, drop the oldest),
 * so results are bit-identical to TA_SMA. First value at bar period-1. `out`, when given, receives the result (same length as closes).
 */
export function sma(closes: Float64Array, period: number, out?: Float64Array): Float64Array {
  assertPeriod('SMA period', period);
  const length = closes.length;
  out = warmupOutput(length, period - 1, out);
  if (length < period) return out;
  let total = 0;
  for (let i = 0; i < period - 1; i++) total += closes[i];
  for (let i = period - 1, trailing = 0; i < length; i++, trailing++) {
    const withNewest = total + closes[i];
    out[i] = withNewest / period;
    total = withNewest - closes[trailing];
  }
  return out;
}

export class SmaUpdater implements StreamingIndicator<number> {
  readonly period: number;
  #count = 0;
  #slot = 0;
  /** TA-Lib's periodTotal: the sum of the last period-1 closes once warmed up. */
  #total = 0;
  readonly #window: Float64Array;

  constructor(period: number) {
    assertPeriod('SMA period', period);
    this.period = period;
    this.#window = new Float64Array(period);
  }

  get count(): number {
    return this.#count;
  }

  update(close: number): number {
    const index = this.#count++;
    const period = this.period;
    // #slot is index % period, kept by wrapping rather than dividing on every bar.
    const slot = this.#slot;
    const next = slot + 1 === period ? 0 : slot + 1;
    this.#slot = next;
    this.#window[slot] = close;
    const withNewest = this.#total + close;
    if (index < period - 1) {
      this.#total = withNewest;
      return NaN;
    }
    this.#total = withNewest - this.#window[next];
    return withNewest / period;
  }

  peek(close: number): number {
    if (this.#count < this.period - 1) return NaN;
    return (this.#total + close) / this.period;
  }
}

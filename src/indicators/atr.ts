import { assertSameLength } from './ohlcv.js';
import type { Bar } from './ohlcv.js';
import { assertPeriod, warmupOutput } from './series.js';
import type { StreamingIndicator } from './streaming.js';

/** True range: the largest of high-low and the gaps from the previous close (TA_TRANGE). */
export function trueRange(high: number, low: number, prevClose: number): number {
  const range = high - low;
  const up = Math.abs(prevClose - high);
  const down = Math.abs(prevClose - low);
  return range >= up && range >= down ? range : up >= down ? up : down;
}

/**
 * Average true range as TA_ATR: the first value, at bar `period`, is the mean of the true ranges
 * of bars 1..period (bar 0 has no previous close); then Wilder: (atr*(period-1) + tr) / period.
 */
export function atr(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period = 14,
  out?: Float64Array,
): Float64Array {
  assertPeriod('ATR period', period);
  const length = assertSameLength(high, low, close);
  out = warmupOutput(length, period, out);
  if (length <= period) return out;
  let total = 0;
  for (let i = 1; i <= period; i++) total += trueRange(high[i], low[i], close[i - 1]);
  let value = total / period;
  out[period] = value;
  const keep = period - 1;
  for (let i = period + 1; i < length; i++) {
    value = (value * keep + trueRange(high[i], low[i], close[i - 1])) / period;
    out[i] = value;
  }
  return out;
}

export class AtrUpdater implements StreamingIndicator<number, Bar> {
  readonly period: number;
  #count = 0;
  #prevClose = NaN;
  /** Sum of true ranges while seeding, the ATR afterwards. */
  #state = 0;

  constructor(period = 14) {
    assertPeriod('ATR period', period);
    this.period = period;
  }

  get count(): number {
    return this.#count;
  }

  update(bar: Bar): number {
    const value = this.peek(bar);
    const index = this.#count++;
    if (index > 0 && index < this.period) this.#state += trueRange(bar.high, bar.low, this.#prevClose);
    else if (index >= this.period) this.#state = value;
    this.#prevClose = bar.close;
    return value;
  }

  peek(bar: Bar): number {
    const index = this.#count;
    if (index < this.period) return NaN;
    const tr = trueRange(bar.high, bar.low, this.#prevClose);
    if (index === this.period) return (this.#state + tr) / this.period;
    return (this.#state * (this.period - 1) + tr) / this.period;
  }
}

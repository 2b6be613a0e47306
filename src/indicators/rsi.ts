import { assertPeriod, warmupOutput } from './series.js';
import type { StreamingIndicator } from './streaming.js';

export interface RsiOptions {
  /**
   * 'classic' (default, TA-Lib's default and Wilder's): first value at bar `period`.
   * 'metastock': TA-Lib's Metastock compatibility, which also reports bar period-1 from the
   * period-1 changes available there; later bars are identical.
   */
  compatibility?: 'classic' | 'metastock';
}

/**
 * RSI with Wilder smoothing in TA-Lib's operation order: the first average gain/loss is the mean of
 * the first `period` changes, then avg = (avg * (period-1) + change) / period.
 * When price has not moved at all over the averaging (gain and loss both 0) the RSI is 50; TA-Lib
 * says 0 there (and for any sum below 1e-8, which would zero out sub-cent coins), which reads as
 * "deeply oversold" for a market that is merely flat. `out`, when given, receives the result.
 */
export function rsi(closes: Float64Array, period: number, options: RsiOptions = {}, out?: Float64Array): Float64Array {
  assertPeriod('RSI period', period, 2);
  const length = closes.length;
  const metastock = options.compatibility === 'metastock';
  out = warmupOutput(length, metastock ? period - 1 : period, out);
  if (length <= (metastock ? period - 1 : period)) return out;

  let gain = 0;
  let loss = 0;
  let prev = closes[0];
  for (let i = 1; i < period; i++) {
    const change = closes[i] - prev;
    prev = closes[i];
    if (change < 0) loss -= change;
    else gain += change;
  }
  if (metastock) out[period - 1] = ratio(gain / period, loss / period);
  if (length <= period) return out;
  const change0 = closes[period] - prev;
  prev = closes[period];
  if (change0 < 0) loss -= change0;
  else gain += change0;
  gain /= period;
  loss /= period;
  out[period] = ratio(gain, loss);

  const keep = period - 1;
  for (let i = period + 1; i < length; i++) {
    const close = closes[i];
    const change = close - prev;
    prev = close;
    const size = Math.abs(change); // gainOf/lossOf inlined: this loop is the hot path
    const up = (change + size) * 0.5;
    const down = (size - change) * 0.5;
    gain = (gain * keep + up) / period;
    loss = (loss * keep + down) / period;
    const sum = gain + loss;
    out[i] = sum === 0 ? 50 : 100 * (gain / sum);
  }
  return out;
}

/**
 * max(change, 0) and max(-change, 0) without a branch (a random walk mispredicts half of them);
 * exact: change + |change| is 2*change or 0, and halving is exact.
 */
function gainOf(change: number): number {
  return (change + Math.abs(change)) * 0.5;
}

function lossOf(change: number): number {
  return (Math.abs(change) - change) * 0.5;
}

function ratio(gain: number, loss: number): number {
  const sum = gain + loss;
  return sum === 0 ? 50 : 100 * (gain / sum);
}

export class RsiUpdater implements StreamingIndicator<number> {
  readonly period: number;
  readonly #metastock: boolean;
  #count = 0;
  #prevClose = NaN;
  /** Sums of gains/losses while seeding, Wilder averages afterwards. */
  #gain = 0;
  #loss = 0;

  constructor(period: number, options: RsiOptions = {}) {
    assertPeriod('RSI period', period, 2);
    this.period = period;
    this.#metastock = options.compatibility === 'metastock';
  }

  get count(): number {
    return this.#count;
  }

  update(close: number): number {
    const index = this.#count;
    const value = this.peek(close);
    if (index > 0) {
      const change = close - this.#prevClose;
      const up = gainOf(change);
      const down = lossOf(change);
      if (index < this.period) {
        this.#gain += up;
        this.#loss += down;
      } else if (index === this.period) {
        this.#gain = (this.#gain + up) / this.period;
        this.#loss = (this.#loss + down) / this.period;
      } else {
        const keep = this.period - 1;
        this.#gain = (this.#gain * keep + up) / this.period;
        this.#loss = (this.#loss * keep + down) / this.period;
      }
    }
    this.#prevClose = close;
    this.#count = index + 1;
    return value;
  }

  peek(close: number): number {
    const index = this.#count;
    const period = this.period;
    if (index < period - 1) return NaN;
    if (index === period - 1 && !this.#metastock) return NaN;
    const change = close - this.#prevClose;
    const up = gainOf(change);
    const down = lossOf(change);
    if (index <= period) return ratio((this.#gain + up) / period, (this.#loss + down) / period);
    const keep = period - 1;
    return ratio((this.#gain * keep + up) / period, (this.#loss * keep + down) / period);
  }
}

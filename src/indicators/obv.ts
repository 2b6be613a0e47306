import { assertSameLength } from './ohlcv.js';
import type { Bar } from './ohlcv.js';
import type { StreamingIndicator } from './streaming.js';

/**
 * On-balance volume as TA_OBV: starts at the first bar's volume, then adds the volume of an up
 * close, subtracts that of a down close, and carries over on an unchanged close. No warm-up.
 */
export function obv(close: Float64Array, volume: Float64Array, out?: Float64Array): Float64Array {
  const length = assertSameLength(close, volume);
  if (out !== undefined && out.length !== length)
    throw new RangeError(`output buffer has ${out.length} entries, the input ${length}`);
  const result = out ?? new Float64Array(length);
  if (length === 0) return result;
  let total = volume[0];
  result[0] = total;
  for (let i = 1; i < length; i++) {
    const c = close[i];
    const prev = close[i - 1];
    if (c > prev) total += volume[i];
    else if (c < prev) total -= volume[i];
    result[i] = total;
  }
  return result;
}

export class ObvUpdater implements StreamingIndicator<number, Bar> {
  #count = 0;
  #prevClose = NaN;
  #total = 0;

  get count(): number {
    return this.#count;
  }

  update(bar: Bar): number {
    this.#total = this.peek(bar);
    this.#prevClose = bar.close;
    this.#count++;
    return this.#total;
  }

  peek(bar: Bar): number {
    if (this.#count === 0) return bar.volume;
    if (bar.close > this.#prevClose) return this.#total + bar.volume;
    if (bar.close < this.#prevClose) return this.#total - bar.volume;
    return this.#total;
  }
}

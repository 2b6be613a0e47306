import { ema, EmaUpdater } from './ema.js';
import { assertPeriod, warmupOutput } from './series.js';
import { SmaUpdater } from './sma.js';
import type { StreamingIndicator } from './streaming.js';

export interface BollingerOptions {
  /** Middle band: 'sma' (default, Bollinger's and StockCharts') or 'ema' (TA_BBANDS with MAType EMA). */
  middle?: 'sma' | 'ema';
}

export interface BollingerSeries {
  upper: Float64Array;
  middle: Float64Array;
  lower: Float64Array;
}

export interface BollingerValue {
  upper: number;
  middle: number;
  lower: number;
}

/**
 * The windowed sums behind the standard deviation are kept relative to a recent close and
 * recomputed from the window every RESYNC_BARS bars, so rounding cannot build up over long
 * series and large prices do not cancel (sum of squares minus square of sum).
 */
const RESYNC_BARS = 1024;

function checkArgs(period: number, deviations: number): void {
  assertPeriod('Bollinger period', period, 1);
  if (!(deviations >= 0) || !Number.isFinite(deviations)) {
    throw new RangeError(`Bollinger deviations must be a finite number >= 0, got ${deviations}`);
  }
}

/**
 * Bollinger Bands: middle ± deviations × the POPULATION standard deviation (divide by n) of the
 * last `period` closes. First value at bar period-1. The middle band is exactly sma(period)
 * (or ema(period)). `out`, when given, receives the result.
 */
export function bollinger(
  closes: Float64Array,
  period = 20,
  deviations = 2,
  options: BollingerOptions = {},
  out?: BollingerSeries,
): BollingerSeries {
  checkArgs(period, deviations);
  const length = closes.length;
  const useEma = options.middle === 'ema';
  const middle = useEma ? ema(closes, period, out?.middle) : warmupOutput(length, period - 1, out?.middle);
  const upper = warmupOutput(length, period - 1, out?.upper);
  const lower = warmupOutput(length, period - 1, out?.lower);
  const inverse = 1 / period;
  // The SMA middle is computed here, in sma()'s exact operation order, to save a pass.
  let total = 0;
  for (let i = 0; i < period - 1 && i < length; i++) total += closes[i];
  for (let blockStart = period - 1; blockStart < length; blockStart += RESYNC_BARS) {
    const anchor = closes[blockStart];
    let sumDev = 0;
    let sumSq = 0;
    for (let j = blockStart - period + 1; j <= blockStart; j++) {
      const d = closes[j] - anchor;
      sumDev += d;
      sumSq += d * d;
    }
    const blockEnd = Math.min(blockStart + RESYNC_BARS, length);
    for (let i = blockStart; i < blockEnd; i++) {
      if (i > blockStart) {
        const dIn = closes[i] - anchor;
        const dOut = closes[i - period] - anchor;
        sumDev += dIn - dOut;
        sumSq += dIn * dIn - dOut * dOut;
      }
      const mean = sumDev * inverse;
      const variance = sumSq * inverse - mean * mean;
      const width = variance > 0 ? deviations * Math.sqrt(variance) : 0;
      let mid: number;
      if (useEma) mid = middle[i];
      else {
        const withNewest = total + closes[i];
        mid = withNewest / period;
        total = withNewest - closes[i - period + 1];
        middle[i] = mid;
      }
      upper[i] = mid + width;
      lower[i] = mid - width;
    }
  }
  return { upper, middle, lower };
}

const NO_BANDS: BollingerValue = Object.freeze({ upper: NaN, middle: NaN, lower: NaN });

export class BollingerUpdater implements StreamingIndicator<BollingerValue> {
  readonly period: number;
  readonly deviations: number;
  readonly #middle: StreamingIndicator<number>;
  readonly #window: Float64Array;
  readonly #inverse: number;
  #count = 0;
  #anchor = 0;
  #sumDev = 0;
  #sumSq = 0;

  constructor(period = 20, deviations = 2, options: BollingerOptions = {}) {
    checkArgs(period, deviations);
    this.period = period;
    this.deviations = deviations;
    this.#middle = options.middle === 'ema' ? new EmaUpdater(period) : new SmaUpdater(period);
    this.#window = new Float64Array(period);
    this.#inverse = 1 / period;
  }

  get count(): number {
    return this.#count;
  }

  update(close: number): BollingerValue {
    const index = this.#count;
    const middle = this.#middle.update(close);
    let result = NO_BANDS;
    if (index >= this.period - 1) {
      if (this.#resyncsAt(index)) this.#resync(close);
      else this.#slide(close);
      result = this.#bands(middle, this.#sumDev, this.#sumSq);
    }
    this.#window[index % this.period] = close;
    this.#count = index + 1;
    return result;
  }

  peek(close: number): BollingerValue {
    const index = this.#count;
    if (index < this.period - 1) return NO_BANDS;
    const middle = this.#middle.peek(close);
    if (this.#resyncsAt(index)) {
      const [sumDev, sumSq] = this.#windowSums(close, close);
      return this.#bands(middle, sumDev, sumSq);
    }
    const dIn = close - this.#anchor;
    const dOut = this.#window[index % this.period] - this.#anchor;
    return this.#bands(middle, this.#sumDev + (dIn - dOut), this.#sumSq + (dIn * dIn - dOut * dOut));
  }

  #resyncsAt(index: number): boolean {
    return (index - (this.period - 1)) % RESYNC_BARS === 0;
  }

  /** Sums of deviations from `anchor` over the window ending with `newest` (not yet stored). */
  #windowSums(newest: number, anchor: number): [number, number] {
    const period = this.period;
    const start = this.#count - period + 1;
    let sumDev = 0;
    let sumSq = 0;
    for (let j = start; j < this.#count; j++) {
      const d = this.#window[j % period] - anchor;
      sumDev += d;
      sumSq += d * d;
    }
    const d = newest - anchor;
    return [sumDev + d, sumSq + d * d];
  }

  #resync(close: number): void {
    this.#anchor = close;
    [this.#sumDev, this.#sumSq] = this.#windowSums(close, close);
  }

  #slide(close: number): void {
    const dIn = close - this.#anchor;
    const dOut = this.#window[this.#count % this.period] - this.#anchor;
    this.#sumDev += dIn - dOut;
    this.#sumSq += dIn * dIn - dOut * dOut;
  }

  #bands(middle: number, sumDev: number, sumSq: number): BollingerValue {
    const mean = sumDev * this.#inverse;
    const variance = sumSq * this.#inverse - mean * mean;
    const width = variance > 0 ? this.deviations * Math.sqrt(variance) : 0;
    return { upper: middle + width, middle, lower: middle - width };
  }
}

import { assertSameLength } from './ohlcv.js';
import type { Bar } from './ohlcv.js';
import type { StreamingIndicator } from './streaming.js';

const DAY_MS = 86_400_000;

/**
 * Volume-weighted average of the typical price (high+low+close)/3, cumulated from the first bar,
 * or, when `openTime` is given, restarted at each 00:00 UTC (the usual intraday session VWAP).
 * NaN until the session has traded any volume.
 */
export function vwap(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  volume: Float64Array,
  openTime?: Float64Array,
  out?: Float64Array,
): Float64Array {
  const length = assertSameLength(high, low, close, volume, ...(openTime ? [openTime] : []));
  if (out !== undefined && out.length !== length)
    throw new RangeError(`output buffer has ${out.length} entries, the input ${length}`);
  const result = out ?? new Float64Array(length);
  let weighted = 0;
  let traded = 0;
  let session = NaN;
  for (let i = 0; i < length; i++) {
    if (openTime !== undefined) {
      const day = Math.floor(openTime[i] / DAY_MS);
      if (day !== session) {
        session = day;
        weighted = 0;
        traded = 0;
      }
    }
    weighted += ((high[i] + low[i] + close[i]) / 3) * volume[i];
    traded += volume[i];
    result[i] = traded > 0 ? weighted / traded : NaN;
  }
  return result;
}

export class VwapUpdater implements StreamingIndicator<number, Bar> {
  /** Restart at each UTC day (bars must then carry openTime). */
  readonly daily: boolean;
  #count = 0;
  #weighted = 0;
  #traded = 0;
  #session = NaN;

  constructor(options: { daily?: boolean } = {}) {
    this.daily = options.daily ?? false;
  }

  get count(): number {
    return this.#count;
  }

  update(bar: Bar): number {
    const [weighted, traded, session] = this.#next(bar);
    this.#weighted = weighted;
    this.#traded = traded;
    this.#session = session;
    this.#count++;
    return traded > 0 ? weighted / traded : NaN;
  }

  peek(bar: Bar): number {
    const [weighted, traded] = this.#next(bar);
    return traded > 0 ? weighted / traded : NaN;
  }

  #next(bar: Bar): [number, number, number] {
    let weighted = this.#weighted;
    let traded = this.#traded;
    let session = this.#session;
    if (this.daily) {
      if (bar.openTime === undefined) throw new RangeError('daily VWAP needs bar.openTime');
      const day = Math.floor(bar.openTime / DAY_MS);
      if (day !== session) {
        session = day;
        weighted = 0;
        traded = 0;
      }
    }
    return [weighted + ((bar.high + bar.low + bar.close) / 3) * bar.volume, traded + bar.volume, session];
  }
}

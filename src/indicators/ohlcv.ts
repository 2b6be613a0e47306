import type { Candle } from '../model/candle.js';

/** Candle columns as float arrays, for the kernels that need more than closes. */
export interface Ohlcv {
  openTime: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

/** One bar as the incremental updaters take it. */
export interface Bar {
  high: number;
  low: number;
  close: number;
  volume: number;
  /** Needed only by session-anchored VWAP. */
  openTime?: number;
}

export function ohlcvOf(candles: readonly Candle[]): Ohlcv {
  const n = candles.length;
  const out: Ohlcv = {
    openTime: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const c = candles[i];
    out.openTime[i] = c.openTime;
    out.open[i] = Number(c.open);
    out.high[i] = Number(c.high);
    out.low[i] = Number(c.low);
    out.close[i] = Number(c.close);
    out.volume[i] = Number(c.volume);
  }
  return out;
}

export function assertSameLength(...columns: Float64Array[]): number {
  const n = columns[0].length;
  for (const c of columns)
    if (c.length !== n) throw new RangeError(`columns differ in length: ${columns.map((x) => x.length).join(', ')}`);
  return n;
}

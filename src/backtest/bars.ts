import { INTERVAL_MS, type Interval } from '../model/candle.js';
import { InvalidInput } from '../model/errors.js';
import type { BarInput } from '../strategy/index.js';
import type { BacktestMarket } from './market.js';

export interface BarSeries {
  symbol: string;
  openTime: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
  length: number;
}

export function intervalMs(interval: Interval): number {
  if (interval === '1M')
    throw new InvalidInput('interval', 'calendar months have no fixed length', 'any interval from 1m to 1w');
  return INTERVAL_MS[interval];
}

/** Closed bars with from <= openTime and closeTime < to, read from the market's own candles (the clock is set to `to` to read them, and left there). */
export async function loadBars(
  market: BacktestMarket,
  symbol: string,
  interval: Interval,
  from: number,
  to: number,
): Promise<BarSeries> {
  const len = intervalMs(interval);
  market.clock.set(to);
  const rows: { t: number; o: number; h: number; l: number; c: number; v: number }[] = [];
  let start = from;
  for (;;) {
    const page = await market.marketData.candles(symbol, interval, { startTime: start, endTime: to - 1, limit: 1000 });
    for (const c of page) {
      if (c.openTime + len <= to && c.openTime >= from)
        rows.push({
          t: c.openTime,
          o: Number(c.open),
          h: Number(c.high),
          l: Number(c.low),
          c: Number(c.close),
          v: Number(c.volume),
        });
    }
    if (page.length < 1000) break;
    start = page[page.length - 1]!.openTime + len;
    if (start >= to) break;
  }
  const n = rows.length;
  const s: BarSeries = {
    symbol,
    openTime: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
    length: n,
  };
  rows.forEach((r, i) => {
    s.openTime[i] = r.t;
    s.open[i] = r.o;
    s.high[i] = r.h;
    s.low[i] = r.l;
    s.close[i] = r.c;
    s.volume[i] = r.v;
  });
  return s;
}

export function barAt(s: BarSeries, i: number): BarInput {
  return {
    openTime: s.openTime[i]!,
    open: s.open[i]!,
    high: s.high[i]!,
    low: s.low[i]!,
    close: s.close[i]!,
    volume: s.volume[i]!,
  };
}

import { INTERVAL_MS, intervalStart, nextIntervalStart, type Interval } from '../model/candle.js';
import { InvalidInput } from '../model/errors.js';
import { ReplayTape } from '../exchanges/replay/replay-tape.js';
import type { KlineSeries } from '../exchanges/replay/csv-klines.js';
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

/**
 * The same bars as loadBars, read from the tape's integer aggregates instead of Binance-shaped
 * candle text: the query walks the same candle openings (tapeCandles' rules, the clock at `to`),
 * and an integer `u` of 10^-d units becomes u / 10^d, which is exactly Number(formatUnits(u, d))
 * (both are the double nearest the same rational).
 */
export function loadBarsFromTape(
  market: BacktestMarket,
  symbol: string,
  interval: Interval,
  from: number,
  to: number,
): BarSeries {
  const len = intervalMs(interval);
  market.clock.set(to);
  const listing = market.marketData.tapeListing(symbol);
  const tape = listing.tape;
  const now = market.marketData.timeOf(listing);
  const first = tape.firstTime(now);
  const end = Math.min(to - 1, now);
  const p = 10 ** tape.priceDecimals;
  const q = 10 ** tape.qtyDecimals;
  if (tape instanceof ReplayTape && tape.intervalMs === len) {
    const direct = recordedBars(symbol, tape.klines, interval, from, to, p, q);
    if (direct) return direct;
  }
  let open = intervalStart(interval, Math.max(from, first));
  if (open < from) open = nextIntervalStart(interval, open);
  const capacity = Math.max(0, Math.floor((end - open) / len) + 1);
  const cols = [0, 1, 2, 3, 4, 5].map(() => new Float64Array(capacity));
  const [t, o, h, l, c, v] = cols as [
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
  ];
  let n = 0;
  for (; open <= end;) {
    const next = nextIntervalStart(interval, open);
    const agg = tape.aggregate(Math.max(open, first), Math.min(next - 1, now));
    if (agg && open + len <= to) {
      t[n] = open;
      o[n] = units(agg.open, p);
      h[n] = units(agg.high, p);
      l[n] = units(agg.low, p);
      c[n] = units(agg.close, p);
      v[n] = units(agg.volume, q);
      n += 1;
    }
    open = next;
  }
  return {
    symbol,
    openTime: t.subarray(0, n),
    open: o.subarray(0, n),
    high: h.subarray(0, n),
    low: l.subarray(0, n),
    close: c.subarray(0, n),
    volume: v.subarray(0, n),
    length: n,
  };
}

/**
 * Bars of a file recorded at the asked interval: every candle in range is whole (its close is
 * before `to`, which is at most the data's end), so its aggregate is the recorded row. Null when a
 * row is off the interval grid (then the aggregate would cut it, and the caller walks the grid).
 */
function recordedBars(
  symbol: string,
  k: Readonly<KlineSeries>,
  interval: Interval,
  from: number,
  to: number,
  p: number,
  q: number,
): BarSeries | null {
  const len = intervalMs(interval);
  const times = k.openTime;
  const a = firstOpenFrom(times, 0, from);
  const b = firstCloseFrom(times, a, len, to);
  if (!onIntervalGrid(times, a, b, interval)) return null;
  // The open times are the recorded ones as they are (read-only, shared with the tape).
  return {
    symbol,
    openTime: times.subarray(a, b),
    open: unitsOf(k.open, a, b, p),
    high: unitsOf(k.high, a, b, p),
    low: unitsOf(k.low, a, b, p),
    close: unitsOf(k.close, a, b, p),
    volume: unitsOf(k.volume, a, b, q),
    length: b - a,
  };
}

// One loop per function below: a backtest calls each once per run or per column, and a function
// whose loop is followed by more code would lose the loop's optimized code at that code every run.

/** The first index from `start` on whose bar opens at or after `from`. */
function firstOpenFrom(times: ArrayLike<number>, start: number, from: number): number {
  let i = start;
  while (i < times.length && times[i]! < from) i++;
  return i;
}

/** The first index from `start` on whose bar (of `len` ms) does not close before `to`. */
function firstCloseFrom(times: ArrayLike<number>, start: number, len: number, to: number): number {
  let i = start;
  while (i < times.length && times[i]! + len <= to) i++;
  return i;
}

function onIntervalGrid(times: ArrayLike<number>, a: number, b: number, interval: Interval): boolean {
  for (let i = a; i < b; i++) if (intervalStart(interval, times[i]!) !== times[i]) return false;
  return true;
}

/** Recorded integers [a, b) as numbers of `scale` units. */
function unitsOf(column: Float64Array, a: number, b: number, scale: number): Float64Array {
  const out = new Float64Array(b - a);
  for (let i = a; i < b; i++) out[i - a] = units(column[i]!, scale);
  return out;
}

/** Number(formatUnits(u, d)) without the text: formatUnits rounds to a whole unit and keeps the sign. */
function units(u: number, scale: number): number {
  // A whole number is its own rounding (Math.round costs more than the division); -0 prints as 0.
  if (Number.isInteger(u)) return (u === 0 ? 0 : u) / scale;
  const r = Math.round(Math.abs(u));
  return (u < 0 && r !== 0 ? -r : r) / scale;
}

/** Bar i written into `out` (a scratch object the caller reuses: no allocation per bar). */
export function barInto(s: BarSeries, i: number, out: BarInput): BarInput {
  out.openTime = s.openTime[i]!;
  out.open = s.open[i]!;
  out.high = s.high[i]!;
  out.low = s.low[i]!;
  out.close = s.close[i]!;
  out.volume = s.volume[i]!;
  return out;
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

/**
 * A synthetic pair's tape: minute summaries (cached per day), with hour and day summaries cached
 * on top, and the individual trades of any minute generated on demand. A minute's trades open at
 * its first millisecond at the open price, touch its high and low along the documented path
 * (see extremesInOrder) and end at the close; their quantities add up to the minute's volume.
 */
import type { AssetPath } from './asset-path.js';
import { DAY_MS, MINUTE_MS, MINUTES_PER_DAY } from './asset-path.js';
import { LruCache } from './lru.js';
import { buildMinuteChunk, type MinuteChunk, type PairScales } from './minute-chunk.js';
import { Rng } from './rng.js';
import {
  aggregateTrades,
  extremesInOrder,
  interpolateKnots,
  mergeAggregate,
  type PriceTape,
  type TapeAggregate,
  type TapeTrade,
} from './tape.js';

const HOUR_MINUTES = 60;

function floorMod(a: number, b: number): number {
  return ((a % b) + b) % b;
}

export class SyntheticPairTape implements PriceTape {
  readonly endTime = Infinity;
  private readonly chunks = new LruCache<number, MinuteChunk>(6);
  private readonly hours = new Map<number, TapeAggregate>();
  private readonly days = new Map<number, TapeAggregate>();
  private readonly minuteTrades = new LruCache<number, TapeTrade[]>(64);

  constructor(
    private readonly key: number,
    private readonly base: AssetPath,
    private readonly quote: AssetPath,
    private readonly scales: PairScales,
    readonly priceDecimals: number,
    readonly qtyDecimals: number,
    private readonly historyDays: number,
  ) {}

  firstTime(now: number): number {
    return (Math.floor(now / DAY_MS) - this.historyDays) * DAY_MS;
  }

  aggregate(from: number, to: number): TapeAggregate | null {
    if (to < from) return null;
    let agg: TapeAggregate | null = null;
    let m = Math.floor(from / MINUTE_MS);
    const last = Math.floor(to / MINUTE_MS);
    const lastEndsMinute = floorMod(to, MINUTE_MS) === MINUTE_MS - 1;
    if (floorMod(from, MINUTE_MS) !== 0 || (m === last && !lastEndsMinute)) {
      agg = mergeAggregate(agg, this.partialMinute(m, from, Math.min(to, m * MINUTE_MS + MINUTE_MS - 1)));
      m += 1;
    }
    const lastFull = lastEndsMinute ? last : last - 1;
    while (m <= lastFull) {
      if (floorMod(m, MINUTES_PER_DAY) === 0 && m + MINUTES_PER_DAY - 1 <= lastFull) {
        agg = mergeAggregate(agg, this.daySummary(m / MINUTES_PER_DAY));
        m += MINUTES_PER_DAY;
      } else if (floorMod(m, HOUR_MINUTES) === 0 && m + HOUR_MINUTES - 1 <= lastFull) {
        agg = mergeAggregate(agg, this.hourSummary(m / HOUR_MINUTES));
        m += HOUR_MINUTES;
      } else {
        const day = Math.floor(m / MINUTES_PER_DAY);
        agg = this.addMinutes(agg, this.chunk(day), m - day * MINUTES_PER_DAY, m - day * MINUTES_PER_DAY, day);
        m += 1;
      }
    }
    if (m <= last) agg = mergeAggregate(agg, this.partialMinute(m, m * MINUTE_MS, to));
    return agg;
  }

  lastTrade(time: number): TapeTrade | null {
    const trades = this.tradesOfMinute(Math.floor(time / MINUTE_MS));
    for (let i = trades.length - 1; i >= 0; i--) if (trades[i].time <= time) return trades[i];
    return null;
  }

  trades(from: number, to: number, emit: (trade: TapeTrade) => void): void {
    for (let m = Math.floor((from + 1) / MINUTE_MS); m <= Math.floor(to / MINUTE_MS); m++) {
      for (const trade of this.tradesOfMinute(m)) if (trade.time > from && trade.time <= to) emit(trade);
    }
  }

  /** The trades of minute `m` (minutes since epoch), oldest first. */
  tradesOfMinute(m: number): TapeTrade[] {
    return this.minuteTrades.getOrCreate(m, () => this.buildTrades(m));
  }

  private partialMinute(m: number, from: number, to: number): TapeAggregate | null {
    const inRange = this.tradesOfMinute(m).filter((t) => t.time >= from && t.time <= to);
    return aggregateTrades(inRange, this.scales.priceScale, this.scales.qtyScale);
  }

  private chunk(day: number): MinuteChunk {
    return this.chunks.getOrCreate(day, () => buildMinuteChunk(this.key, day, this.base, this.quote, this.scales));
  }

  private hourSummary(hour: number): TapeAggregate | null {
    const cached = this.hours.get(hour);
    if (cached) return cached;
    const day = Math.floor((hour * HOUR_MINUTES) / MINUTES_PER_DAY);
    const first = hour * HOUR_MINUTES - day * MINUTES_PER_DAY;
    const agg = this.addMinutes(null, this.chunk(day), first, first + HOUR_MINUTES - 1, day);
    if (agg) this.hours.set(hour, agg);
    return agg;
  }

  private daySummary(day: number): TapeAggregate | null {
    const cached = this.days.get(day);
    if (cached) return cached;
    const agg = this.addMinutes(null, this.chunk(day), 0, MINUTES_PER_DAY - 1, day);
    if (agg) this.days.set(day, agg);
    return agg;
  }

  /** Fold minutes [first, last] of a day's chunk into `agg` (a new object when agg is null). */
  private addMinutes(
    agg: TapeAggregate | null,
    chunk: MinuteChunk,
    first: number,
    last: number,
    day: number,
  ): TapeAggregate | null {
    const { priceScale, qtyScale } = this.scales;
    let out = agg === null ? null : agg;
    for (let i = first; i <= last; i++) {
      const typical = (chunk.open[i] + chunk.high[i] + chunk.low[i] + chunk.close[i]) / 4 / priceScale;
      const volume = chunk.volume[i];
      const takerBuy = chunk.takerBuy[i];
      const time = (day * MINUTES_PER_DAY + i) * MINUTE_MS;
      if (out === null) {
        out = {
          firstTime: time,
          lastTime: time,
          open: chunk.open[i],
          high: chunk.high[i],
          low: chunk.low[i],
          close: chunk.close[i],
          volume: 0,
          quoteVolume: 0,
          count: 0,
          takerBuyVolume: 0,
          takerBuyQuoteVolume: 0,
        };
      }
      out.lastTime = time + MINUTE_MS - 1;
      if (chunk.high[i] > out.high) out.high = chunk.high[i];
      if (chunk.low[i] < out.low) out.low = chunk.low[i];
      out.close = chunk.close[i];
      out.volume += volume;
      out.quoteVolume += (volume / qtyScale) * typical;
      out.count += chunk.count[i];
      out.takerBuyVolume += takerBuy;
      out.takerBuyQuoteVolume += (takerBuy / qtyScale) * typical;
    }
    return out;
  }

  private buildTrades(m: number): TapeTrade[] {
    const day = Math.floor(m / MINUTES_PER_DAY);
    const i = m - day * MINUTES_PER_DAY;
    const chunk = this.chunk(day);
    const open = chunk.open[i];
    const close = chunk.close[i];
    const [first, second] = extremesInOrder(open, chunk.high[i], chunk.low[i], close);
    const count = chunk.count[i];
    const rng = new Rng(this.key, m, 0x7a);
    const t1 = Math.floor(MINUTE_MS * (0.05 + 0.4 * rng.next()));
    const t2 = Math.floor(MINUTE_MS * (0.5 + 0.4 * rng.next()));
    const t3 = Math.min(MINUTE_MS - 1, Math.floor(MINUTE_MS * (0.92 + 0.08 * rng.next())));
    const offsets = [0, t1, t2, t3];
    for (let k = 4; k < count; k++) offsets.push(Math.floor(rng.next() * t3));
    offsets.sort((a, b) => a - b);
    const knotTimes = [0, t1, t2, t3];
    const knotValues = [open, first, second, close];

    const buyers = chunk.takerBuyCount[i];
    const isBuyer = new Array<boolean>(count).fill(false);
    const order = offsets.map((_, k) => k);
    for (let k = 0; k < buyers; k++) {
      const j = k + rng.int(count - k);
      [order[k], order[j]] = [order[j], order[k]];
      isBuyer[order[k]] = true;
    }
    const buyQty = this.split(chunk.takerBuy[i], buyers, rng);
    const sellQty = this.split(chunk.volume[i] - chunk.takerBuy[i], count - buyers, rng);
    const start = m * MINUTE_MS;
    let b = 0;
    let s = 0;
    return offsets.map((offset, k) => ({
      time: start + offset,
      price: interpolateKnots(knotTimes, knotValues, offset, this.scales.tickUnits),
      qty: isBuyer[k] ? buyQty[b++] : sellQty[s++],
      buyerIsMaker: !isBuyer[k],
    }));
  }

  /** Split `total` quantity units into `parts` random multiples of the step, each at least the minimum quantity. */
  private split(total: number, parts: number, rng: Rng): number[] {
    const { stepUnits, minQtyUnits } = this.scales;
    const weights = Array.from({ length: parts }, () => rng.exponential());
    const weightSum = weights.reduce((a, w) => a + w, 0);
    const spareSteps = Math.round((total - parts * minQtyUnits) / stepUnits);
    let given = 0;
    const out = weights.map((w) => {
      const steps = Math.floor((spareSteps * w) / weightSum);
      given += steps;
      return minQtyUnits + steps * stepUnits;
    });
    out[parts - 1] += (spareSteps - given) * stepUnits;
    return out;
  }
}

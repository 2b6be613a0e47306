/**
 * A replayed symbol's tape: the recorded candles, with trades synthesized inside each one along the
 * documented path (see extremesInOrder): knots at the open (t = 0), one third, two thirds and the
 * last millisecond, linear in between. Each candle prints 61 trades (every 1/60 of the candle plus
 * the close) whose quantities add up to the candle's volume. Whole candles are reported exactly as
 * recorded; a part of a candle (the forming one, a smaller interval than the file's) is computed from
 * its trades. Before the data starts nothing trades; after it ends the last close stays the price.
 */
import { LruCache } from '../synthetic/lru.js';
import {
  aggregateTrades,
  extremesInOrder,
  mergeAggregate,
  type PriceRange,
  type PriceTape,
  type TapeAggregate,
  type TapeTrade,
  type TradeTotals,
} from '../synthetic/tape.js';
import type { KlineSeries } from './csv-klines.js';

export const TICKS_PER_CANDLE = 61;

export class ReplayTape implements PriceTape {
  readonly endTime: number;
  private readonly len: number;
  private readonly ticks = new LruCache<number, TapeTrade[]>(256);
  /** Where a candle's price path bends (ms after its open), and when each of its ticks prints. */
  private readonly knotTimes: number[];
  private readonly offsets: number[];
  private readonly segments = new Int8Array(TICKS_PER_CANDLE);
  private readonly spans = new Float64Array(TICKS_PER_CANDLE);
  private readonly into = new Float64Array(TICKS_PER_CANDLE);
  private readonly knots = [0, 0, 0, 0];
  /** Σ price × qty of each whole candle, made when first asked (NaN until then; see tradeTotals). */
  private readonly wholeQuotes: Float64Array;
  private lastAsked = NaN;
  private lastAnswer: TapeTrade | null = null;

  constructor(
    private readonly s: KlineSeries,
    readonly priceDecimals: number,
    readonly qtyDecimals: number,
    private readonly tickUnits: number,
  ) {
    this.len = s.intervalMs;
    const last = this.len - 1;
    this.knotTimes = [0, this.len / 3, (2 * this.len) / 3, last];
    this.offsets = Array.from({ length: TICKS_PER_CANDLE }, (_, k) =>
      k === TICKS_PER_CANDLE - 1 ? last : (k * this.len) / (TICKS_PER_CANDLE - 1),
    );
    // Where interpolateKnots finds each tick's time: the knot segment (0: at the open) and the time into it.
    const times = this.knotTimes;
    this.offsets.forEach((offset, k) => {
      let j = 0;
      if (offset > times[0]) for (j = 1; j < times.length - 1 && offset > times[j]; j++);
      this.segments[k] = j;
      this.spans[k] = j === 0 ? 0 : times[j] - times[j - 1];
      this.into[k] = j === 0 ? 0 : offset - times[j - 1];
    });
    const n = s.openTime.length;
    this.wholeQuotes = new Float64Array(n).fill(NaN);
    this.endTime = s.openTime[n - 1] + this.len - 1;
  }

  /** The recorded candles in the tape's integer units (read-only: the backtest reads whole bars from them). */
  get klines(): Readonly<KlineSeries> {
    return this.s;
  }

  get candleCount(): number {
    return this.s.openTime.length;
  }

  get intervalMs(): number {
    return this.len;
  }

  openTimeAt(index: number): number {
    return this.s.openTime[index];
  }

  firstTime(): number {
    return this.s.openTime[0];
  }

  aggregate(from: number, to: number): TapeAggregate | null {
    let agg: TapeAggregate | null = null;
    for (let i = Math.max(0, this.indexAt(from)); i < this.s.openTime.length && this.s.openTime[i] <= to; i++) {
      const open = this.s.openTime[i];
      const close = open + this.len - 1;
      if (close < from) continue;
      if (open >= from && close <= to) agg = mergeAggregate(agg, this.whole(i));
      else
        agg = mergeAggregate(
          agg,
          aggregateTrades(
            this.candleTicks(i).filter((t) => t.time >= from && t.time <= to),
            10 ** this.priceDecimals,
            10 ** this.qtyDecimals,
          ),
        );
    }
    return agg;
  }

  lastTrade(time: number): TapeTrade | null {
    // Asked several times per simulated instant (the last price, the book, the ticker): kept for the last time asked.
    if (time === this.lastAsked) return this.lastAnswer;
    const answer = this.findLastTrade(time);
    this.lastAsked = time;
    this.lastAnswer = answer;
    return answer;
  }

  private findLastTrade(time: number): TapeTrade | null {
    for (let i = this.indexAt(time); i >= 0; i--) {
      if (this.s.volume[i] <= 0) continue;
      // The candle's last tick at or before `time` (every tick of an earlier candle is), made alone.
      const since = time - this.s.openTime[i];
      let k = Math.min(TICKS_PER_CANDLE - 1, Math.max(0, Math.floor((since * (TICKS_PER_CANDLE - 1)) / this.len)));
      while (k < TICKS_PER_CANDLE - 1 && this.offsets[k + 1] <= since) k++;
      while (k > 0 && this.offsets[k] > since) k--;
      return this.tickAt(i, k);
    }
    return null;
  }

  trades(from: number, to: number, emit: (trade: TapeTrade) => void): void {
    for (let i = Math.max(0, this.indexAt(from)); i < this.s.openTime.length && this.s.openTime[i] <= to; i++) {
      for (const t of this.candleTicks(i)) if (t.time > from && t.time <= to) emit(t);
    }
  }

  /** Index of the last candle opening at or before `time` (-1 when none). */
  indexAt(time: number): number {
    const open = this.s.openTime;
    const n = open.length;
    // Where evenly spaced candles put it; taken when it is that candle (no gap before it), else searched.
    const guess = Math.min(n - 1, Math.floor((time - open[0]) / this.len));
    if (guess >= 0 && open[guess] <= time && (guess === n - 1 || open[guess + 1] > time)) return guess;
    let lo = 0;
    let hi = this.s.openTime.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.s.openTime[mid] <= time) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  private whole(i: number): TapeAggregate {
    const s = this.s;
    const typical = (s.open[i] + s.high[i] + s.low[i] + s.close[i]) / 4 / 10 ** this.priceDecimals;
    const volume = s.volume[i];
    const quoteVolume = Number.isNaN(s.quoteVolume[i]) ? (volume / 10 ** this.qtyDecimals) * typical : s.quoteVolume[i];
    const takerBuy = Number.isNaN(s.takerBuyVolume[i]) ? Math.round(volume / 2) : s.takerBuyVolume[i];
    return {
      firstTime: s.openTime[i],
      lastTime: s.openTime[i] + this.len - 1,
      open: s.open[i],
      high: s.high[i],
      low: s.low[i],
      close: s.close[i],
      volume,
      quoteVolume,
      count: s.trades[i] >= 0 ? s.trades[i] : volume > 0 ? TICKS_PER_CANDLE : 0,
      takerBuyVolume: takerBuy,
      takerBuyQuoteVolume: Number.isNaN(s.takerBuyQuoteVolume[i])
        ? (quoteVolume * takerBuy) / Math.max(1, volume)
        : s.takerBuyQuoteVolume[i],
    };
  }

  private candleTicks(i: number): TapeTrade[] {
    return this.ticks.getOrCreate(i, () => this.buildTicks(i));
  }

  tradeTotals(from: number, to: number): TradeTotals | null {
    const s = this.s;
    let qty = 0;
    let quote = 0;
    for (let i = Math.max(0, this.indexAt(from)); i < s.openTime.length && s.openTime[i] <= to; i++) {
      const start = s.openTime[i];
      if (s.volume[i] <= 0 || start + this.len - 1 <= from) continue;
      if (start > from && start + this.len - 1 <= to) {
        // Every tick of the candle is in the range: Σ qty is its volume, Σ price × qty is kept once made.
        const whole = this.wholeQuote(i);
        if (whole < 0) return null;
        qty += s.volume[i];
        quote += whole;
      } else {
        // The ticks in (from, to]: from the first after `from` to the last at or before `to`.
        let k = this.firstTickAfter(start, from);
        const end = this.firstTickAfter(start, to) - 1;
        if (k > end) continue;
        const knots = this.knotsOf(i);
        const whole = 2 * (end - k + 1) > TICKS_PER_CANDLE ? this.wholeQuote(i) : -1;
        if (whole >= 0) {
          // Most of the candle is in range: its whole sum less the few ticks outside (exact: safe integers).
          let outside = 0;
          for (let o = 0; o < k; o++) outside += this.tickPrice(knots, o) * this.tickQty(i, o);
          for (let o = end + 1; o < TICKS_PER_CANDLE; o++) outside += this.tickPrice(knots, o) * this.tickQty(i, o);
          const volume = s.volume[i];
          qty += Math.floor((volume * (end + 1)) / TICKS_PER_CANDLE) - Math.floor((volume * k) / TICKS_PER_CANDLE);
          quote += whole - outside;
        } else
          for (; k <= end; k++) {
            const q = this.tickQty(i, k);
            qty += q;
            quote += this.tickPrice(knots, k) * q;
          }
      }
      if (!(quote <= Number.MAX_SAFE_INTEGER && qty <= Number.MAX_SAFE_INTEGER)) return null;
    }
    return { qty, quote };
  }

  /**
   * The extremes of the candles with volume that reach into (from, to], one tick wider each way: every
   * tick of a candle lies on the path through its open, high, low and close, rounded to the tick.
   */
  priceRange(from: number, to: number): PriceRange | null {
    const s = this.s;
    let low = Infinity;
    let high = -Infinity;
    for (let i = Math.max(0, this.indexAt(from)); i < s.openTime.length && s.openTime[i] <= to; i++) {
      if (s.volume[i] <= 0 || s.openTime[i] + this.len - 1 <= from) continue;
      low = Math.min(low, s.open[i], s.high[i], s.low[i], s.close[i]);
      high = Math.max(high, s.open[i], s.high[i], s.low[i], s.close[i]);
    }
    return low <= high ? { low: low - this.tickUnits, high: high + this.tickUnits } : null;
  }

  /** The first tick k of the candle opening at `start` that prints after `time` (TICKS_PER_CANDLE: none); the offsets rise. */
  private firstTickAfter(start: number, time: number): number {
    let lo = 0;
    let hi = TICKS_PER_CANDLE;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (start + this.offsets[mid] <= time) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Σ price × qty over candle i's ticks, or -1 when that is not a safe integer. */
  private wholeQuote(i: number): number {
    const cached = this.wholeQuotes[i];
    if (cached === cached) return cached;
    const knots = this.knotsOf(i);
    const volume = this.s.volume[i];
    let quote = 0;
    let below = 0;
    for (let k = 0; k < TICKS_PER_CANDLE; k++) {
      // tickQty, with floor(volume × k / 61) carried over from the step before.
      const upTo = Math.floor((volume * (k + 1)) / TICKS_PER_CANDLE);
      const product = this.tickPrice(knots, k) * (upTo - below);
      below = upTo;
      quote += product;
      if (!(product <= Number.MAX_SAFE_INTEGER && quote <= Number.MAX_SAFE_INTEGER)) {
        quote = -1;
        break;
      }
    }
    this.wholeQuotes[i] = quote;
    return quote;
  }

  /** Candle i's knot values (open, the two extremes in the order they print, close), in a scratch array. */
  private knotsOf(i: number): number[] {
    const s = this.s;
    const [first, second] = extremesInOrder(s.open[i], s.high[i], s.low[i], s.close[i]);
    const knots = this.knots;
    knots[0] = s.open[i];
    knots[1] = first;
    knots[2] = second;
    knots[3] = s.close[i];
    return knots;
  }

  /** Tick k's price on the path through `knots`: interpolateKnots at the tick's time, its knot segment found once for all candles. */
  private tickPrice(knots: readonly number[], k: number): number {
    const j = this.segments[k];
    if (j === 0) return knots[0];
    const span = this.spans[k];
    const exact = span === 0 ? knots[j] : knots[j - 1] + ((knots[j] - knots[j - 1]) * this.into[k]) / span;
    return Math.round(exact / this.tickUnits) * this.tickUnits;
  }

  private tickAt(i: number, k: number): TapeTrade {
    const knots = this.knotsOf(i);
    const price = this.tickPrice(knots, k);
    const buyerIsMaker = k === 0 ? this.s.close[i] < this.s.open[i] : price < this.tickPrice(knots, k - 1);
    return { time: this.s.openTime[i] + this.offsets[k], price, qty: this.tickQty(i, k), buyerIsMaker };
  }

  /** Tick k's share of candle i's volume: the shares add up to the volume exactly. */
  private tickQty(i: number, k: number): number {
    const volume = this.s.volume[i];
    return Math.floor((volume * (k + 1)) / TICKS_PER_CANDLE) - Math.floor((volume * k) / TICKS_PER_CANDLE);
  }

  private buildTicks(i: number): TapeTrade[] {
    const s = this.s;
    const volume = s.volume[i];
    if (volume <= 0) return [];
    const start = s.openTime[i];
    const knots = this.knotsOf(i);
    const out: TapeTrade[] = [];
    let previous = s.open[i];
    for (let k = 0; k < TICKS_PER_CANDLE; k++) {
      const offset = this.offsets[k];
      const price = this.tickPrice(knots, k);
      const qty = this.tickQty(i, k);
      out.push({ time: start + offset, price, qty, buyerIsMaker: k === 0 ? s.close[i] < s.open[i] : price < previous });
      previous = price;
    }
    return out;
  }
}

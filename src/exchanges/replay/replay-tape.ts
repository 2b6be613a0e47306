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
  interpolateKnots,
  mergeAggregate,
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
  /** Σ price × qty of each whole candle, made when first asked (see tradeTotals). */
  private readonly wholeQuotes: (number | undefined)[] = [];

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
    const n = s.openTime.length;
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
    for (let i = this.indexAt(time); i >= 0; i--) {
      const ticks = this.candleTicks(i);
      for (let k = ticks.length - 1; k >= 0; k--) if (ticks[k].time <= time) return ticks[k];
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
    let qty = 0;
    let quote = 0;
    for (let i = Math.max(0, this.indexAt(from)); i < this.s.openTime.length && this.s.openTime[i] <= to; i++) {
      const start = this.s.openTime[i];
      if (this.s.volume[i] <= 0 || start + this.len - 1 <= from) continue;
      if (start > from && start + this.len - 1 <= to) {
        // Every tick of the candle is in the range: Σ qty is its volume, Σ price × qty is kept once made.
        const whole = this.wholeQuote(i);
        if (whole < 0) return null;
        qty += this.s.volume[i];
        quote += whole;
      } else {
        const knots = this.knotsOf(i);
        for (let k = 0; k < TICKS_PER_CANDLE; k++) {
          const time = start + this.offsets[k];
          if (time <= from || time > to) continue;
          const q = this.tickQty(i, k);
          qty += q;
          quote += interpolateKnots(this.knotTimes, knots, this.offsets[k], this.tickUnits) * q;
        }
      }
      if (!(quote <= Number.MAX_SAFE_INTEGER && qty <= Number.MAX_SAFE_INTEGER)) return null;
    }
    return { qty, quote };
  }

  /** Σ price × qty over candle i's ticks, or -1 when that is not a safe integer. */
  private wholeQuote(i: number): number {
    let quote = this.wholeQuotes[i];
    if (quote !== undefined) return quote;
    const knots = this.knotsOf(i);
    quote = 0;
    for (let k = 0; k < TICKS_PER_CANDLE; k++) {
      const product = interpolateKnots(this.knotTimes, knots, this.offsets[k], this.tickUnits) * this.tickQty(i, k);
      quote += product;
      if (!(product <= Number.MAX_SAFE_INTEGER && quote <= Number.MAX_SAFE_INTEGER)) {
        quote = -1;
        break;
      }
    }
    this.wholeQuotes[i] = quote;
    return quote;
  }

  private knotsOf(i: number): number[] {
    const s = this.s;
    const [first, second] = extremesInOrder(s.open[i], s.high[i], s.low[i], s.close[i]);
    return [s.open[i], first, second, s.close[i]];
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
    const knotValues = this.knotsOf(i);
    const out: TapeTrade[] = [];
    let previous = s.open[i];
    for (let k = 0; k < TICKS_PER_CANDLE; k++) {
      const offset = this.offsets[k];
      const price = interpolateKnots(this.knotTimes, knotValues, offset, this.tickUnits);
      const qty = this.tickQty(i, k);
      out.push({ time: start + offset, price, qty, buyerIsMaker: k === 0 ? s.close[i] < s.open[i] : price < previous });
      previous = price;
    }
    return out;
  }
}

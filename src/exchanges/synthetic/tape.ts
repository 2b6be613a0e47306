/**
 * A tape is one symbol's trade history as a simulator sees it: a price path with trades on it.
 * Candles, tickers, last prices and trade ticks are all read from the same tape, which is what
 * keeps them consistent with each other. Prices are integer units of 10^-priceDecimals,
 * quantities integer units of 10^-qtyDecimals.
 */

export interface TapeTrade {
  time: number;
  price: number;
  qty: number;
  buyerIsMaker: boolean;
}

/** What happened on the tape over a time range: the raw material of a candle or a 24h ticker. */
export interface TapeAggregate {
  firstTime: number;
  lastTime: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  /** In quote currency, as a float (approximate where the tape only knows candle summaries). */
  quoteVolume: number;
  count: number;
  takerBuyVolume: number;
  takerBuyQuoteVolume: number;
}

export interface PriceTape {
  readonly priceDecimals: number;
  readonly qtyDecimals: number;
  /** Earliest time with trades, given the current time (synthetic history is a window behind now). */
  firstTime(now: number): number;
  /** Time after which nothing trades any more (Infinity when the tape never ends). */
  readonly endTime: number;
  /** Everything traded in [from, to] (inclusive ms), or null when nothing traded. */
  aggregate(from: number, to: number): TapeAggregate | null;
  /** The last trade at or before `time`, or null before the tape starts (read only: it may be handed out again). */
  lastTrade(time: number): TapeTrade | null;
  /** Trades with from < time <= to, oldest first. */
  trades(from: number, to: number, emit: (trade: TapeTrade) => void): void;
  /**
   * Σ qty and Σ price × qty of the trades with from < time <= to, without making them one by one;
   * null when a sum would not be a safe integer (then add them up from trades() in bigint).
   */
  tradeTotals?(from: number, to: number): TradeTotals | null;
  /**
   * Prices no trade with from < time <= to prints outside of (low <= price <= high), cheaper to
   * know than the trades themselves; null when no trade can be in the range.
   */
  priceRange?(from: number, to: number): PriceRange | null;
}

export interface PriceRange {
  low: number;
  high: number;
}

export interface TradeTotals {
  qty: number;
  quote: number;
}

/** Merge `next` (later in time) into `into`; returns the merged aggregate. */
export function mergeAggregate(into: TapeAggregate | null, next: TapeAggregate | null): TapeAggregate | null {
  if (next === null) return into;
  if (into === null) return { ...next };
  into.lastTime = next.lastTime;
  if (next.high > into.high) into.high = next.high;
  if (next.low < into.low) into.low = next.low;
  into.close = next.close;
  into.volume += next.volume;
  into.quoteVolume += next.quoteVolume;
  into.count += next.count;
  into.takerBuyVolume += next.takerBuyVolume;
  into.takerBuyQuoteVolume += next.takerBuyQuoteVolume;
  return into;
}

/** Aggregate a list of trades (already filtered to a range), priced with `priceScale` units per quote unit. */
export function aggregateTrades(
  trades: readonly TapeTrade[],
  priceScale: number,
  qtyScale: number,
): TapeAggregate | null {
  if (trades.length === 0) return null;
  const first = trades[0];
  const agg: TapeAggregate = {
    firstTime: first.time,
    lastTime: first.time,
    open: first.price,
    high: first.price,
    low: first.price,
    close: first.price,
    volume: 0,
    quoteVolume: 0,
    count: 0,
    takerBuyVolume: 0,
    takerBuyQuoteVolume: 0,
  };
  for (const t of trades) {
    agg.lastTime = t.time;
    if (t.price > agg.high) agg.high = t.price;
    if (t.price < agg.low) agg.low = t.price;
    agg.close = t.price;
    const quote = (t.qty / qtyScale) * (t.price / priceScale);
    agg.volume += t.qty;
    agg.quoteVolume += quote;
    agg.count += 1;
    if (!t.buyerIsMaker) {
      agg.takerBuyVolume += t.qty;
      agg.takerBuyQuoteVolume += quote;
    }
  }
  return agg;
}

/**
 * The documented path inside a candle: open, then the extreme the candle's direction reaches
 * first, then the other extreme, then close. A rising (or flat) candle goes open -> low -> high
 * -> close; a falling one open -> high -> low -> close. Returns the two middle knot values.
 */
export function extremesInOrder(open: number, high: number, low: number, close: number): [number, number] {
  return close >= open ? [low, high] : [high, low];
}

/** Linear interpolation between knots (times ascending), rounded to a multiple of `tick` units. */
export function interpolateKnots(
  times: readonly number[],
  values: readonly number[],
  time: number,
  tick: number,
): number {
  if (time <= times[0]) return values[0];
  for (let i = 1; i < times.length; i++) {
    if (time <= times[i]) {
      const span = times[i] - times[i - 1];
      const exact =
        span === 0 ? values[i] : values[i - 1] + ((values[i] - values[i - 1]) * (time - times[i - 1])) / span;
      return Math.round(exact / tick) * tick;
    }
  }
  return values[values.length - 1];
}

/**
 * Binance-shaped views (klines, 24h ticker) computed from a tape. Candles follow Binance's query
 * rules: newest `limit` candles up to endTime (default now), or the first `limit` from startTime;
 * limit defaults to 500 and is capped at 1000; the candle containing `now` is the forming one.
 */
import type { Candle, Interval } from '../../model/candle.js';
import { intervalStart, nextIntervalStart } from '../../model/candle.js';
import type { Ticker24h } from '../../model/market-snapshot.js';
import type { CandleQuery } from '../../ports/market-data.js';
import type { TopOfBook } from './book.js';
import type { PriceTape, TapeAggregate, TapeTrade } from './tape.js';
import { formatFloat, formatUnits } from './units.js';

export const DEFAULT_CANDLE_LIMIT = 500;
export const MAX_CANDLE_LIMIT = 1000;
const DAY_MS = 86_400_000;

function previousIntervalStart(interval: Interval, openTime: number): number {
  return intervalStart(interval, openTime - 1);
}

function quoteDecimals(tape: PriceTape): number {
  return Math.min(8, tape.priceDecimals + tape.qtyDecimals);
}

function toCandle(tape: PriceTape, openTime: number, closeTime: number, agg: TapeAggregate): Candle {
  const qd = quoteDecimals(tape);
  return {
    openTime,
    open: formatUnits(agg.open, tape.priceDecimals),
    high: formatUnits(agg.high, tape.priceDecimals),
    low: formatUnits(agg.low, tape.priceDecimals),
    close: formatUnits(agg.close, tape.priceDecimals),
    volume: formatUnits(agg.volume, tape.qtyDecimals),
    closeTime,
    quoteVolume: formatFloat(agg.quoteVolume, qd),
    trades: agg.count,
    takerBuyBaseVolume: formatUnits(agg.takerBuyVolume, tape.qtyDecimals),
    takerBuyQuoteVolume: formatFloat(agg.takerBuyQuoteVolume, qd),
  };
}

export function clampCandleLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_CANDLE_LIMIT;
  return Math.max(1, Math.min(MAX_CANDLE_LIMIT, Math.floor(limit)));
}

/** Candles oldest first, none opening after `now`, none before the tape's first trade. */
export function tapeCandles(tape: PriceTape, interval: Interval, now: number, query: CandleQuery = {}): Candle[] {
  const limit = clampCandleLimit(query.limit);
  const first = tape.firstTime(now);
  const end = Math.min(query.endTime ?? now, now);
  const candleAt = (open: number): Candle | null => {
    const next = nextIntervalStart(interval, open);
    const agg = tape.aggregate(Math.max(open, first), Math.min(next - 1, now));
    return agg ? toCandle(tape, open, next - 1, agg) : null;
  };
  const out: Candle[] = [];
  if (query.startTime !== undefined) {
    let open = intervalStart(interval, Math.max(query.startTime, first));
    if (open < query.startTime) open = nextIntervalStart(interval, open);
    while (open <= end && out.length < limit) {
      const candle = candleAt(open);
      if (candle) out.push(candle);
      open = nextIntervalStart(interval, open);
    }
    return out;
  }
  if (end < first) return out;
  let open = intervalStart(interval, end);
  while (out.length < limit && nextIntervalStart(interval, open) - 1 >= first) {
    const candle = candleAt(open);
    if (candle) out.push(candle);
    open = previousIntervalStart(interval, open);
  }
  return out.reverse();
}

/** Binance's rolling 24h statistics ending at `now`. */
export function tapeTicker(symbol: string, tape: PriceTape, now: number, last: TapeTrade, top: TopOfBook): Ticker24h {
  const pd = tape.priceDecimals;
  const openTime = now - DAY_MS;
  const agg = tape.aggregate(Math.max(openTime, tape.firstTime(now)), now);
  const prev = tape.lastTrade(openTime - 1);
  const open = agg?.open ?? last.price;
  const change = last.price - open;
  const volume = agg?.volume ?? 0;
  const quoteVolume = agg?.quoteVolume ?? 0;
  const weighted = volume > 0 ? (quoteVolume / (volume / 10 ** tape.qtyDecimals)) * 10 ** pd : last.price;
  return {
    symbol,
    priceChange: formatUnits(change, pd),
    priceChangePercent: formatFloat(open > 0 ? (change / open) * 100 : 0, 3),
    weightedAvgPrice: formatUnits(Math.round(weighted), pd),
    prevClosePrice: formatUnits(prev?.price ?? open, pd),
    lastPrice: formatUnits(last.price, pd),
    lastQty: formatUnits(last.qty, tape.qtyDecimals),
    bidPrice: formatUnits(top.bid, pd),
    bidQty: formatUnits(top.bidQty, tape.qtyDecimals),
    askPrice: formatUnits(top.ask, pd),
    askQty: formatUnits(top.askQty, tape.qtyDecimals),
    openPrice: formatUnits(open, pd),
    highPrice: formatUnits(agg?.high ?? last.price, pd),
    lowPrice: formatUnits(agg?.low ?? last.price, pd),
    volume: formatUnits(volume, tape.qtyDecimals),
    quoteVolume: formatFloat(quoteVolume, quoteDecimals(tape)),
    openTime,
    closeTime: now,
    count: agg?.count ?? 0,
  };
}

/**
 * One pair's one-minute summaries for one UTC day, derived from the base and quote asset paths.
 * Each minute's open is the previous minute's close; wicks, volume, trade count and the taker-buy
 * share are drawn per minute, scaled by the minute's volatility so busy minutes are big minutes.
 */
import type { AssetPath } from './asset-path.js';
import { MINUTES_PER_DAY } from './asset-path.js';
import { Rng } from './rng.js';

export interface PairScales {
  /** Price units (10^-priceDecimals) per one quote-currency unit. */
  priceScale: number;
  tickUnits: number;
  qtyScale: number;
  stepUnits: number;
  minQtyUnits: number;
  /** Mean traded base quantity per minute, in base units. */
  meanMinuteQty: number;
  /** Mean number of trades per minute. */
  meanTrades: number;
}

export interface MinuteChunk {
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
  takerBuy: Float64Array;
  count: Uint16Array;
  takerBuyCount: Uint16Array;
}

export function buildMinuteChunk(
  key: number,
  day: number,
  base: AssetPath,
  quote: AssetPath,
  s: PairScales,
): MinuteChunk {
  const n = MINUTES_PER_DAY;
  const open = new Float64Array(n);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const close = new Float64Array(n);
  const volumes = new Float64Array(n);
  const takerBuy = new Float64Array(n);
  const count = new Uint16Array(n);
  const takerBuyCount = new Uint16Array(n);
  const bp = base.dayPath(day);
  const qp = quote.dayPath(day);
  const vol = Math.sqrt(bp.minuteVol * bp.minuteVol + qp.minuteVol * qp.minuteVol);
  const rng = new Rng(key, day, 0xc4);
  const tick = s.tickUnits;
  const scale = s.priceScale / tick;
  const step = s.stepUnits;
  const minQty = s.minQtyUnits;
  const qtyPerStep = s.qtyScale / step;
  const prices = new Float64Array(n + 1);
  for (let i = 0; i <= n; i++) prices[i] = Math.exp(bp.logPrice[i] - qp.logPrice[i]);
  let o = Math.max(tick, Math.round(prices[0] * scale) * tick);
  for (let i = 0; i < n; i++) {
    const openPrice = prices[i];
    const closePrice = prices[i + 1];
    const activity = bp.activity[i] > qp.activity[i] ? bp.activity[i] : qp.activity[i];
    const halfSigma = 0.5 * vol * activity;
    const c = Math.max(tick, Math.round(closePrice * scale) * tick);
    const up =
      Math.round((openPrice > closePrice ? openPrice : closePrice) * (1 + halfSigma * rng.exponential()) * scale) *
      tick;
    const down = Math.max(
      tick,
      Math.round((openPrice < closePrice ? openPrice : closePrice) * (1 - halfSigma * rng.exponential()) * scale) *
        tick,
    );
    const top = o > c ? o : c;
    const bottom = o < c ? o : c;
    open[i] = o;
    close[i] = c;
    high[i] = up > top ? up : top;
    low[i] = down < bottom ? down : bottom;

    const trades = Math.min(400, 4 + Math.floor(s.meanTrades * activity * (0.4 + 1.2 * rng.next())));
    const wantedQty = s.meanMinuteQty * activity * activity * (0.3 + 1.4 * rng.next());
    const volume = Math.max(trades * minQty, Math.round(wantedQty * qtyPerStep) * step);
    const buyShare = Math.min(0.9, Math.max(0.1, 0.35 + 0.3 * rng.next() + (c > o ? 0.1 : c < o ? -0.1 : 0)));
    const buyers = Math.min(trades - 1, Math.max(1, Math.round(trades * buyShare)));
    const wantedBuy = Math.round((volume * buyShare) / step) * step;
    volumes[i] = volume;
    count[i] = trades;
    takerBuyCount[i] = buyers;
    takerBuy[i] = Math.min(volume - (trades - buyers) * minQty, Math.max(buyers * minQty, wantedBuy));
    o = c;
  }
  return { open, high, low, close, volume: volumes, takerBuy, count, takerBuyCount };
}

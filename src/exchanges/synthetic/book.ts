/**
 * An L2 book synthesized around the last trade: the best bid and ask straddle the last price with
 * a spread of a few basis points (at least one tick), levels thin out and grow in size away from
 * the mid. Deterministic per (key, second); the first N levels do not depend on how many are asked.
 */
import type { BookLevel, OrderBook } from '../../model/market-snapshot.js';
import { Rng } from './rng.js';
import { formatUnits } from './units.js';

export interface BookShape {
  symbol: string;
  key: number;
  priceDecimals: number;
  qtyDecimals: number;
  tickUnits: number;
  stepUnits: number;
  minQtyUnits: number;
  /** Typical quantity at the best level, in quantity units. */
  levelQtyUnits: number;
  spreadBps: number;
  /** Highest price the venue accepts, in price units (0 = none). */
  maxPriceUnits: number;
}

export const BOOK_BUCKET_MS = 1000;
export const MAX_BOOK_LEVELS = 5000;
/** How far 5,000 levels reach from the mid, as a fraction of the price (bids stop at one tick). */
const FULL_DEPTH_FRACTION = 0.12;

export interface TopOfBook {
  bid: number;
  ask: number;
  bidQty: number;
  askQty: number;
}

function bestPrices(shape: BookShape, last: number, rng: Rng): [number, number] {
  const spreadTicks = Math.max(1, Math.round((last * shape.spreadBps) / 10_000 / shape.tickUnits));
  const below = Math.min(spreadTicks, Math.floor(rng.next() * (spreadTicks + 1)));
  let bid = last - below * shape.tickUnits;
  if (bid < shape.tickUnits) bid = shape.tickUnits;
  return [bid, bid + spreadTicks * shape.tickUnits];
}

function side(shape: BookShape, best: number, direction: 1 | -1, limit: number, rng: Rng): Array<[number, number]> {
  const levels: Array<[number, number]> = [];
  const meanGapTicks = Math.max(1, (best * FULL_DEPTH_FRACTION) / shape.tickUnits / MAX_BOOK_LEVELS);
  let price = best;
  for (let i = 0; i < limit; i++) {
    if (price < shape.tickUnits) break;
    if (shape.maxPriceUnits > 0 && price > shape.maxPriceUnits) break;
    const distance = i / MAX_BOOK_LEVELS;
    const size = shape.levelQtyUnits * (1 + 6 * Math.sqrt(distance)) * Math.exp(0.6 * rng.normal());
    const qty = Math.max(shape.minQtyUnits, Math.round(size / shape.stepUnits) * shape.stepUnits);
    levels.push([price, qty]);
    const gapScale = (meanGapTicks - 1) * 2 * distance;
    const gap = 1 + Math.floor(gapScale * rng.exponential());
    price += direction * gap * shape.tickUnits;
  }
  return levels;
}

export function topOfBook(shape: BookShape, last: number, time: number): TopOfBook {
  const bucket = Math.floor(time / BOOK_BUCKET_MS);
  const [bid, ask] = bestPrices(shape, last, new Rng(shape.key, bucket, 0xb0));
  const [bidLevel] = side(shape, bid, -1, 1, new Rng(shape.key, bucket, 0xb1));
  const [askLevel] = side(shape, ask, 1, 1, new Rng(shape.key, bucket, 0xb2));
  return { bid, ask, bidQty: bidLevel?.[1] ?? 0, askQty: askLevel?.[1] ?? 0 };
}

export function synthesizeBook(shape: BookShape, last: number, time: number, limit: number): OrderBook {
  const bucket = Math.floor(time / BOOK_BUCKET_MS);
  const [bid, ask] = bestPrices(shape, last, new Rng(shape.key, bucket, 0xb0));
  const format = ([price, qty]: [number, number]): BookLevel => [
    formatUnits(price, shape.priceDecimals),
    formatUnits(qty, shape.qtyDecimals),
  ];
  return {
    symbol: shape.symbol,
    lastUpdateId: Math.floor(time / 100),
    bids: side(shape, bid, -1, limit, new Rng(shape.key, bucket, 0xb1)).map(format),
    asks: side(shape, ask, 1, limit, new Rng(shape.key, bucket, 0xb2)).map(format),
    time,
  };
}

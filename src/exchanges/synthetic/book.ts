/**
 * An L2 book synthesized around the last trade: the best bid and ask straddle the last price with
 * a spread of a few basis points (at least one tick), levels thin out and grow in size away from
 * the mid. Deterministic per (key, second); the first N levels do not depend on how many are asked.
 */
import type { BookLevel, OrderBook } from '../../model/market-snapshot.js';
import type { UnitBookSide, UnitOrderBook } from '../../model/unit-book.js';
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

/**
 * One side's levels, best first, made as far as they are read: level i depends only on the shape,
 * the second and i, never on how many levels are read, so a lazy read and a full one agree.
 */
export class SyntheticSide implements UnitBookSide {
  private readonly prices: number[] = [];
  private readonly quantities: number[] = [];
  private rng: Rng | null = null;
  private nextPrice: number;
  private ended = false;
  private readonly meanGapTicks: number;

  constructor(
    private readonly shape: BookShape,
    best: number,
    private readonly direction: 1 | -1,
    private readonly limit: number,
    private readonly bucket: number,
    private readonly stream: number,
  ) {
    this.nextPrice = best;
    this.meanGapTicks = Math.max(1, (best * FULL_DEPTH_FRACTION) / shape.tickUnits / MAX_BOOK_LEVELS);
  }

  has(i: number): boolean {
    while (i >= this.prices.length && !this.ended) this.grow();
    return i < this.prices.length;
  }

  price(i: number): number {
    return this.prices[i]!;
  }

  qty(i: number): number {
    return this.quantities[i]!;
  }

  private grow(): void {
    const shape = this.shape;
    const i = this.prices.length;
    const price = this.nextPrice;
    if (i >= this.limit || price < shape.tickUnits || (shape.maxPriceUnits > 0 && price > shape.maxPriceUnits)) {
      this.ended = true;
      return;
    }
    const rng = (this.rng ??= new Rng(shape.key, this.bucket, this.stream));
    const distance = i / MAX_BOOK_LEVELS;
    const size = shape.levelQtyUnits * (1 + 6 * Math.sqrt(distance)) * Math.exp(0.6 * rng.normal());
    const qty = Math.max(shape.minQtyUnits, Math.round(size / shape.stepUnits) * shape.stepUnits);
    this.prices.push(price);
    this.quantities.push(qty);
    const gapScale = (this.meanGapTicks - 1) * 2 * distance;
    const gap = 1 + Math.floor(gapScale * rng.exponential());
    this.nextPrice = price + this.direction * gap * shape.tickUnits;
  }
}

export function topOfBook(shape: BookShape, last: number, time: number): TopOfBook {
  const bucket = Math.floor(time / BOOK_BUCKET_MS);
  const [bid, ask] = bestPrices(shape, last, new Rng(shape.key, bucket, 0xb0));
  const bids = new SyntheticSide(shape, bid, -1, 1, bucket, 0xb1);
  const asks = new SyntheticSide(shape, ask, 1, 1, bucket, 0xb2);
  return { bid, ask, bidQty: bids.has(0) ? bids.qty(0) : 0, askQty: asks.has(0) ? asks.qty(0) : 0 };
}

/** The book at `time` in integer units, each side made as far as it is read. */
export function unitBook(shape: BookShape, last: number, time: number, limit: number): UnitOrderBook {
  const bucket = Math.floor(time / BOOK_BUCKET_MS);
  const [bid, ask] = bestPrices(shape, last, new Rng(shape.key, bucket, 0xb0));
  return {
    kind: 'units',
    symbol: shape.symbol,
    lastUpdateId: Math.floor(time / 100),
    time,
    priceDecimals: shape.priceDecimals,
    qtyDecimals: shape.qtyDecimals,
    depth: limit,
    bids: new SyntheticSide(shape, bid, -1, limit, bucket, 0xb1),
    asks: new SyntheticSide(shape, ask, 1, limit, bucket, 0xb2),
  };
}

/** The same book as text (what orderBook answers). */
export function synthesizeBook(shape: BookShape, last: number, time: number, limit: number): OrderBook {
  return bookText(unitBook(shape, last, time, limit));
}

export function bookText(book: UnitOrderBook): OrderBook {
  const text = (side: UnitBookSide): BookLevel[] => {
    const levels: BookLevel[] = [];
    for (let i = 0; i < book.depth && side.has(i); i++)
      levels.push([formatUnits(side.price(i), book.priceDecimals), formatUnits(side.qty(i), book.qtyDecimals)]);
    return levels;
  };
  return {
    symbol: book.symbol,
    lastUpdateId: book.lastUpdateId,
    bids: text(book.bids),
    asks: text(book.asks),
    time: book.time,
  };
}

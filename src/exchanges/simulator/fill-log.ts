import type { Fill } from '../../model/fill.js';
import type { FillQuery } from '../../ports/broker.js';
import { buildFill, notionalOf } from './settlement.js';
import { WorkingOrder } from './working-order.js';

/**
 * Every fill of the engine's life, oldest first. The engine's own fills are kept as columns of
 * integers plus a reference to their order, and become `Fill` objects (decimal texts) only when
 * read: a long session keeps little per fill, and the collector has little to trace. Restored
 * fills are kept as given.
 */
const CHUNK_BITS = 12;
const CHUNK = 1 << CHUNK_BITS;
const SLOT = CHUNK - 1;
/** Numbers kept per fill: price, quantity, time, trade number, maker (1) or taker (0). */
const NUMBERS = 5;

export class FillLog {
  /** Per fill: the order that filled (or a restored fill as stored) and the price text, in chunks of CHUNK fills. */
  private readonly refs: (WorkingOrder | Fill | string)[][] = [];
  private readonly numbers: Float64Array[] = [];
  private count = 0;

  constructor(private readonly idPrefix: string) {}

  get length(): number {
    return this.count;
  }

  record(
    wo: WorkingOrder,
    price: number,
    qty: number,
    maker: boolean,
    time: number,
    tradeNumber: number,
    priceText: string,
  ): void {
    const slot = this.count & SLOT;
    if (slot === 0) this.addChunk();
    const chunk = this.count >>> CHUNK_BITS;
    const refs = this.refs[chunk];
    refs[2 * slot] = wo;
    refs[2 * slot + 1] = priceText;
    const numbers = this.numbers[chunk];
    const at = NUMBERS * slot;
    numbers[at] = price;
    numbers[at + 1] = qty;
    numbers[at + 2] = time;
    numbers[at + 3] = tradeNumber;
    numbers[at + 4] = maker ? 1 : 0;
    this.count += 1;
  }

  recordStored(fill: Fill): void {
    const slot = this.count & SLOT;
    if (slot === 0) this.addChunk();
    const chunk = this.count >>> CHUNK_BITS;
    this.refs[chunk][2 * slot] = fill;
    this.refs[chunk][2 * slot + 1] = '';
    this.numbers[chunk][NUMBERS * slot + 2] = fill.time;
    this.count += 1;
  }

  /** Oldest first. With `since`: the first `limit` fills at or after it; without: the latest `limit`. */
  query(query: FillQuery = {}): Fill[] {
    const n = this.count;
    const { symbol, since, limit } = query;
    if (symbol === undefined && since === undefined) {
      // The whole log, without listing it: the same bounds Array.prototype.slice would take.
      const from = limit !== undefined ? sliceIndex(Math.max(0, n - limit), n) : 0;
      const out: Fill[] = [];
      for (let i = from; i < n; i += 1) out.push(this.at(i));
      return out;
    }
    let picked: number[] = [];
    for (let i = 0; i < n; i += 1) {
      if (symbol !== undefined && this.entry(i).symbol !== symbol) continue;
      if (since !== undefined && !(this.time(i) >= since)) continue;
      picked.push(i);
    }
    if (since !== undefined) {
      if (limit !== undefined) picked = picked.slice(0, limit);
    } else if (limit !== undefined) {
      picked = picked.slice(Math.max(0, picked.length - limit));
    }
    return picked.map((i) => this.at(i));
  }

  clear(): void {
    this.refs.length = 0;
    this.numbers.length = 0;
    this.count = 0;
  }

  private addChunk(): void {
    this.refs.push(new Array<WorkingOrder | Fill | string>(2 * CHUNK));
    this.numbers.push(new Float64Array(NUMBERS * CHUNK));
  }

  private entry(i: number): WorkingOrder | Fill {
    return this.refs[i >>> CHUNK_BITS][2 * (i & SLOT)] as WorkingOrder | Fill;
  }

  private time(i: number): number {
    return this.numbers[i >>> CHUNK_BITS][NUMBERS * (i & SLOT) + 2];
  }

  private at(i: number): Fill {
    const entry = this.entry(i);
    if (!(entry instanceof WorkingOrder)) return entry;
    const numbers = this.numbers[i >>> CHUNK_BITS];
    const at = NUMBERS * (i & SLOT);
    const qty = numbers[at + 1];
    const priceText = this.refs[i >>> CHUNK_BITS][2 * (i & SLOT) + 1] as string;
    return buildFill(
      entry,
      qty,
      notionalOf(numbers[at], qty),
      numbers[at + 4] === 1,
      `${this.idPrefix}${numbers[at + 3]}`,
      numbers[at + 2],
      priceText,
    );
  }
}

/** The index `array.slice(start)` starts at, for an array of `length` (start already non-negative or NaN). */
function sliceIndex(start: number, length: number): number {
  if (Number.isNaN(start)) return 0;
  const whole = Math.trunc(start);
  return whole < length ? whole : length;
}
